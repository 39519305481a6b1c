"""The rankings page: zones ordered by any indicator, filtered by city, level and kind; the
填报进度 page: every zone's report for a period, by city and for the province."""

import datetime

from django import forms
from django.utils import timezone

from zones.charts import KIND_NAMES, LEVEL_NAMES, text
from zones.exports import export_link, rankings_response, reports_response, wants_xlsx
from zones.models import City
from zones.scopes import ZONE, Scope
from zones.views import IndicatorForm, chart_from_rows, dashboard_page, render_page

from . import queries, report_queries
from .charts import DEFAULT_RANKING_INDICATOR
from .indicators import INDICATORS


class RankingForm(IndicatorForm):
    city = forms.ModelChoiceField(City.objects.all(), required=False, to_field_name="adcode")
    level = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False)

    def __init__(self, data, **kwargs):
        super().__init__(data, kind=ZONE, default=DEFAULT_RANKING_INDICATOR, **kwargs)
        everything = ("", text("全部", "all"))
        self.fields["city"].label = text("市", "City")
        self.fields["city"].empty_label = text("全部", "all")
        self.fields["level"].label = text("级别", "Level")
        self.fields["level"].choices = [
            everything,
            *((k, text(*n)) for k, n in LEVEL_NAMES.items()),
        ]
        self.fields["kind"].label = text("类型", "Kind")
        self.fields["kind"].choices = [everything, *((k, text(*n)) for k, n in KIND_NAMES.items())]


@dashboard_page
def rankings(request):
    form = RankingForm(request.GET)
    as_of = form.as_of_date()
    code = form.value("indicator", DEFAULT_RANKING_INDICATOR)
    scope = Scope(city=form.value("city"))
    rows = queries.zone_ranking(
        as_of, code, scope, level=form.value("level"), kind=form.value("kind")
    )
    if wants_xlsx(request):
        return rankings_response(request, form, as_of, INDICATORS[code], rows)
    return render_page(
        request,
        "dashboards/rankings.html",
        form,
        as_of,
        indicator=INDICATORS[code],
        rows=rows,
        charts={"ranking": chart_from_rows("ranking", rows, as_of)},
        export_url=export_link(request),
    )


class ReportsForm(forms.Form):
    """The query string of the 填报进度 page: the period (YYYY-MM) and optionally a city."""

    period = forms.RegexField(
        regex=report_queries.PERIOD_PATTERN,
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    city = forms.ModelChoiceField(City.objects.all(), required=False, to_field_name="adcode")
    # The page shows reports as they stand today, not as of a chosen date.
    as_of_is_default = False

    def __init__(self, data, **kwargs):
        data = data.copy()
        if not data.get("period"):
            data["period"] = f"{report_queries.default_report_period():%Y-%m}"
        super().__init__(data, **kwargs)
        self.fields["period"].label = text("报告期", "Period")
        self.fields["period"].error_messages["invalid"] = text(
            "须为 YYYY-MM 格式的月份。", "Enter a month as YYYY-MM."
        )
        self.fields["city"].label = text("市", "City")
        self.fields["city"].empty_label = text("全省", "whole province")

    def period_day(self) -> datetime.date:
        self.is_valid()
        if value := self.cleaned_data.get("period"):
            return report_queries.period_from_text(value)
        return report_queries.default_report_period()

    def chosen_city(self):
        self.is_valid()
        return self.cleaned_data.get("city")


@dashboard_page(aggregate=False)
def reports(request):
    form = ReportsForm(request.GET)
    today = timezone.localdate()
    progress = report_queries.report_progress(form.period_day(), today)
    city = form.chosen_city()
    zone_rows = progress.zones_of(city)
    if wants_xlsx(request):
        return reports_response(request, progress, city, zone_rows)
    return render_page(
        request,
        "dashboards/reports.html",
        form,
        today,
        progress=progress,
        city=city,
        zone_rows=zone_rows,
        export_url=export_link(request),
        totals=progress.totals_of(city),
        statuses=report_queries.STATUS_NAMES,
        timeliness=report_queries.TIMELINESS,
    )
