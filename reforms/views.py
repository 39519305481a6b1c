"""The rankings page: zones ordered by any indicator, filtered by city, level and kind."""

from django import forms

from zones.charts import KIND_NAMES, LEVEL_NAMES, text
from zones.models import City
from zones.scopes import ZONE, Scope
from zones.views import IndicatorForm, chart_from_rows, dashboard_page, render_page

from . import queries
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
    return render_page(
        request,
        "dashboards/rankings.html",
        form,
        as_of,
        indicator=INDICATORS[code],
        rows=rows,
        charts={"ranking": chart_from_rows("ranking", rows, as_of)},
    )
