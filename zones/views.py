"""Dashboard pages of the province, a city and a zone, and what every dashboard page shares:
access, the as-of date and filters read from the query string, and charts drawn from CHARTS.

A view parses the query string, calls the indicator registry, the chart registry and the query
functions, and renders: it computes no figure itself.
"""

from dataclasses import dataclass
from functools import partial, wraps

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language

from projects import queries as project_queries
from reforms import queries as reform_queries
from reforms.charts import (
    CATEGORY_NAMES,
    CHARTS,
    DEFAULT_MAP_INDICATOR,
    DEFAULT_ZONE_INDICATOR,
    scorecard_shares,
)
from reforms.indicators import INDICATORS

from .charts import text
from .exports import comparison_response, export_link, scorecard_response, wants_xlsx
from .models import City, Zone
from .permissions import can_see_zone, sees_every_zone, visible_zones
from .scopes import CITY, ZONE, Scope

# The headline cards of the overview and a city page, in sections.
HEADLINE_SECTIONS = (
    (
        (
            "三化：市场化、专业化、国际化",
            "三化: marketisation, professionalisation, internationalisation",
        ),
        (
            "zones",
            "platform_company_coverage",
            "platform_companies",
            "zones_separated_share",
            "funds",
            "fund_size",
            "market_selected_leader_share",
            "market_hires",
            "coop_parks",
        ),
    ),
    (
        (
            "三制：任期制、岗位聘任制、绩效工资制",
            "三制: fixed terms, post appointment, performance pay",
        ),
        (
            "term_target_zone_share",
            "post_appointment_zones",
            "performance_pay_zones",
            "concurrent_led_zones",
        ),
    ),
    (
        ("三个一批与三率", "三个一批 and 三率"),
        (
            "signed_cumulative",
            "signed_investment_cumulative",
            "round_signed",
            "round_started",
            "round_producing",
            "start_rate",
            "investment_completion_rate",
            "capacity_rate",
        ),
    ),
    (
        ("营商环境与经济运行", "Business environment and the economy"),
        ("commitment_rate", "full_agency_rate", "standard_land_area", "negative_growth_zones"),
    ),
)
# The cities (or zones) compared in a table on a few indicators.
COMPARED = (
    "zones",
    "platform_company_coverage",
    "zones_separated_share",
    "term_target_zone_share",
    "market_selected_leader_share",
    "signed_cumulative",
    "signed_investment_cumulative",
    "start_rate",
)
LEADERSHIP = (
    "authorized_leader_posts",
    "leaders",
    "market_selected_leaders",
    "leaders_under_40",
    "leaders_hs_or_below",
    "leaders_postgraduate",
)
ZONE_PROJECT_ROWS = 30


def dashboard_page(view=None, *, aggregate=True):
    """Dashboards need a login (the admin's users); settings.DASHBOARDS_PUBLIC opens the
    aggregate pages to anonymous readers. The setting is read per request, not at import."""
    if view is None:
        return partial(dashboard_page, aggregate=aggregate)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated or (aggregate and settings.DASHBOARDS_PUBLIC):
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapped


def listed_zones(user):
    """The zones whose projects a page lists for the user: None (every zone) for the province
    and read-only users, else those their role reaches (zones.permissions)."""
    return None if sees_every_zone(user) else visible_zones(user)


def indicator_choices(kind: str) -> list:
    """Indicators that can be computed for a kind of scope, grouped by category for a <select>."""
    groups: dict[str, list] = {}
    for indicator in INDICATORS.select(kind):
        name = text(*CATEGORY_NAMES[indicator.category])
        groups.setdefault(name, []).append((indicator.code, indicator.label))
    return list(groups.items())


class DashboardForm(forms.Form):
    """The query string of a page: the as-of date, plus each page's filters. A missing value is
    shown as its default; an invalid one falls back to it, and the page says what was wrong."""

    as_of = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data, defaults=None, **kwargs):
        data = data.copy()
        self.as_of_is_default = not data.get("as_of")
        if self.as_of_is_default:
            data["as_of"] = self.default_as_of().isoformat()
        for name, value in (defaults or {}).items():
            data.setdefault(name, value)
        super().__init__(data, **kwargs)
        self.fields["as_of"].label = text("截至日期", "As of")

    @staticmethod
    def default_as_of():
        """The end of the latest month any zone has reported (the demo data end in 2024)."""
        return reform_queries.latest_reported_date(timezone.localdate())

    def value(self, name, default=None):
        self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    def as_of_date(self):
        return self.value("as_of") or self.default_as_of()


class IndicatorForm(DashboardForm):
    """The as-of date and one indicator (of those computable for `kind`)."""

    indicator = forms.ChoiceField(required=False)

    def __init__(self, data, kind=CITY, default=None, **kwargs):
        super().__init__(data, defaults={"indicator": default} if default else None, **kwargs)
        self.fields["indicator"].choices = indicator_choices(kind)
        self.fields["indicator"].label = text("指标", "Indicator")


@dataclass(frozen=True)
class ChartBlock:
    """A chart as a page embeds it: element id, figure dict (json_script), caption."""

    id: str
    figure: dict
    caption: str


def chart(name: str, as_of, scope: Scope, **filters) -> ChartBlock:
    found = CHARTS[name]
    return ChartBlock(f"figure-{name}", found(as_of, scope, **filters), found.caption)


def charts(as_of, scope: Scope, *names: str) -> dict[str, ChartBlock]:
    return {name: chart(name, as_of, scope) for name in names}


def chart_from_rows(name: str, rows, as_of) -> ChartBlock:
    """A chart drawn from rows the page has read already (for a table beside it)."""
    found = CHARTS[name]
    return ChartBlock(f"figure-{name}", found.draw(rows, as_of), found.caption)


@dataclass(frozen=True)
class Card:
    """A headline card: the value with its change, and the province's value beside a city's."""

    headline: reform_queries.Headline
    province: object = None


def headline_cards(as_of, scope: Scope) -> list[tuple[str, list[Card]]]:
    codes = [c for _, section in HEADLINE_SECTIONS for c in section]
    codes = [c for c in codes if scope.kind in INDICATORS[c].scopes]
    headlines = reform_queries.headline_figures(as_of, scope, codes)
    province = {}
    if scope.kind != "province":
        province = {v.indicator.code: v for v in INDICATORS.evaluate(as_of, Scope(), codes)}
    cards = {
        h.current.indicator.code: Card(h, province.get(h.current.indicator.code)) for h in headlines
    }
    return [
        (text(*title), [cards[c] for c in section if c in cards])
        for title, section in HEADLINE_SECTIONS
    ]


def by_category(rows) -> list[tuple[str, list]]:
    """Scorecard rows grouped under their indicator category, in the registry's order."""
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.value.indicator.category, []).append(row)
    return [(text(*CATEGORY_NAMES[category]), members) for category, members in groups.items()]


def language_links(request) -> list[dict]:
    """This page (with its query string) in each language."""
    path = request.get_full_path()
    current = get_language()
    return [
        {"code": code, "name": name, "url": translate_url(path, code), "active": code == current}
        for code, name in settings.LANGUAGES
    ]


def render_page(request, template: str, form: DashboardForm, as_of, **context):
    context = {
        "form": form,
        "as_of": as_of,
        "as_of_is_default": form.as_of_is_default,
        "languages": language_links(request),
        "cities": City.objects.all(),
        **context,
    }
    return render(request, template, context)


@dashboard_page
def overview(request):
    form = IndicatorForm(request.GET, kind=CITY, default=DEFAULT_MAP_INDICATOR)
    as_of, province = form.as_of_date(), Scope()
    map_indicator = form.value("indicator", DEFAULT_MAP_INDICATOR)
    city_table = reform_queries.comparison_table(as_of, CITY, province, COMPARED)
    if wants_xlsx(request):
        return comparison_response(
            request,
            form,
            as_of,
            city_table,
            title="各市一览",
            scope="全省",
            member_header="市",
            name_of=lambda city: city.name,
        )
    return render_page(
        request,
        "dashboards/overview.html",
        form,
        as_of,
        sections=headline_cards(as_of, province),
        city_table=city_table,
        export_url=export_link(request),
        charts={
            "zone_map": chart("zone_map", as_of, province, indicator=map_indicator),
            **charts(
                as_of,
                province,
                "city_comparison",
                "component_heatmap",
                "campaign_rounds",
                "three_rates_by_city",
                "reform_trend",
                "three_rates_trend",
            ),
        },
    )


@dashboard_page
def city(request, adcode):
    found = get_object_or_404(City, adcode=adcode)
    form = IndicatorForm(request.GET, kind=ZONE, default=DEFAULT_ZONE_INDICATOR)
    as_of, scope = form.as_of_date(), Scope(city=found)
    indicator = form.value("indicator", DEFAULT_ZONE_INDICATOR)
    zone_table = reform_queries.comparison_table(as_of, ZONE, scope)
    if wants_xlsx(request):
        return comparison_response(
            request,
            form,
            as_of,
            zone_table,
            title=f"{found.name}各开发区全部指标",
            scope=found.name,
            member_header="开发区",
            name_of=lambda zone: zone.name,
        )
    return render_page(
        request,
        "dashboards/city.html",
        form,
        as_of,
        city=found,
        sections=headline_cards(as_of, scope),
        zone_table=zone_table,
        export_url=export_link(request),
        charts={
            "zone_comparison": chart("zone_comparison", as_of, scope, indicator=indicator),
            **charts(
                as_of,
                scope,
                "zone_map",
                "against_province",
                "component_heatmap",
                "campaign_rounds",
                "pipeline",
            ),
        },
    )


@dashboard_page
def zone(request, zone_id):
    found = get_object_or_404(Zone.objects.select_related("city"), pk=zone_id)
    # A logged-in user reads the scorecards of the zones their role reaches; an anonymous reader
    # (DASHBOARDS_PUBLIC) gets the aggregate page without the project detail.
    if request.user.is_authenticated and not can_see_zone(request.user, found):
        raise PermissionDenied
    form = DashboardForm(request.GET)
    as_of, scope = form.as_of_date(), Scope(city=found.city, zone=found)
    scorecard = reform_queries.zone_scorecard(as_of, found)
    if wants_xlsx(request):
        return scorecard_response(request, form, as_of, found, scorecard)
    detail = request.user.is_authenticated
    return render_page(
        request,
        "dashboards/zone.html",
        form,
        as_of,
        zone=found,
        scorecard=by_category(scorecard),
        leadership=[row for row in scorecard if row.value.indicator.code in LEADERSHIP],
        companies=reform_queries.zone_platform_companies(found, as_of),
        funds=reform_queries.zone_funds(found, as_of),
        projects=project_queries.signed_projects(as_of, scope)[:ZONE_PROJECT_ROWS]
        if detail
        else None,
        show_detail=detail,
        export_url=export_link(request),
        charts={
            "scorecard": chart_from_rows("scorecard", scorecard_shares(scorecard), as_of),
            **charts(as_of, scope, "milestones", "campaign_rounds", "pipeline"),
            **(charts(as_of, scope, "investment_progress") if detail else {}),
        },
    )
