"""The projects page: the 三个一批 pipeline with filters, the 三率 and the 三未 lists."""

from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict

from reforms import queries as reform_queries
from zones.charts import text
from zones.exports import export_link, projects_response, wants_xlsx
from zones.models import City, Zone
from zones.scopes import Scope
from zones.views import (
    DashboardForm,
    chart,
    chart_from_rows,
    dashboard_page,
    listed_zones,
    render_page,
)

from . import queries
from .charts import STAGE_NAMES
from .models import CampaignRound, Project

PER_PAGE = 50
STALLED_ROWS = 20
CARDS = (
    "start_rate",
    "investment_completion_rate",
    "capacity_rate",
    "round_signed",
    "round_started",
    "round_producing",
    "signed_not_landed",
    "landed_not_invested",
    "invested_no_output",
)


class ProjectFilterForm(DashboardForm):
    city = forms.ModelChoiceField(City.objects.all(), required=False, to_field_name="adcode")
    zone = forms.ModelChoiceField(Zone.objects.all(), required=False)
    round = forms.ModelChoiceField(CampaignRound.objects.all(), required=False)
    stage = forms.ChoiceField(required=False)
    industry = forms.ChoiceField(required=False)
    key = forms.ChoiceField(required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        labels = {
            "city": ("市", "City"),
            "zone": ("开发区", "Zone"),
            "round": ("活动批次", "Round"),
            "stage": ("阶段", "Stage"),
            "industry": ("产业", "Industry"),
            "key": ("省级重点项目", "Provincial key project"),
        }
        for name, label in labels.items():
            self.fields[name].label = text(*label)
            self.fields[name].empty_label = text("全部", "all")
        everything = ("", text("全部", "all"))
        self.fields["stage"].choices = [
            everything,
            *((s, text(*n)) for s, n in STAGE_NAMES.items()),
        ]
        self.fields["industry"].choices = [everything, *Project.Industry.choices]
        self.fields["key"].choices = [
            everything,
            ("yes", text("是", "yes")),
            ("no", text("否", "no")),
        ]

    def scope(self) -> Scope:
        zone, city = self.value("zone"), self.value("city")
        if zone is not None:
            return Scope(city=zone.city, zone=zone)
        return Scope(city=city)

    def project_filters(self) -> dict:
        key = self.value("key")
        round_ = self.value("round")
        return {
            "round_id": round_.pk if round_ else None,
            "stage": self.value("stage"),
            "industry": self.value("industry"),
            "key": {"yes": True, "no": False}.get(key),
        }


def page_links(request, page) -> dict:
    """The previous and next pages' URLs, keeping every other filter."""
    links = {}
    for name, has, number in (
        ("previous", page.has_previous, page.previous_page_number),
        ("next", page.has_next, page.next_page_number),
    ):
        if has():
            query = QueryDict(mutable=True)
            query.update(request.GET)
            query["page"] = number()
            links[name] = f"?{query.urlencode()}"
    return links


@dashboard_page(aggregate=False)
def projects(request):
    form = ProjectFilterForm(request.GET)
    as_of, scope, filters = form.as_of_date(), form.scope(), form.project_filters()
    # Project rows are listed for the zones the user may see; the figures stay the scope's.
    zones = listed_zones(request.user)
    signed = queries.signed_projects(as_of, scope, zones=zones, **filters)
    if wants_xlsx(request):
        return projects_response(request, form, as_of, scope, signed)
    listed = Paginator(signed, PER_PAGE)
    page = listed.get_page(form.value("page", 1))
    stalled_ages = queries.stalled_age_figures(as_of, scope, **filters)
    rates_chart = "three_rates_by_city" if scope.kind == "province" else "three_rates_trend"
    return render_page(
        request,
        "dashboards/projects.html",
        form,
        as_of,
        scope=scope,
        cards=reform_queries.headline_figures(as_of, scope, CARDS),
        page=page,
        page_links=page_links(request, page),
        export_url=export_link(request),
        stalled=[
            (kind, stalled_ages[kind]["total"], rows)
            for kind, rows in queries.stalled_projects(
                as_of, scope, STALLED_ROWS, zones=zones, **filters
            ).items()
        ],
        charts={
            "pipeline": chart("pipeline", as_of, scope, **filters),
            "stalled_ages": chart_from_rows("stalled_ages", stalled_ages, as_of),
            "rates": chart(rates_chart, as_of, scope),
            "campaign_rounds": chart("campaign_rounds", as_of, scope),
        },
    )
