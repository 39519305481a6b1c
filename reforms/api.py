"""API of the indicator registry: the catalogue, values for a scope as of a date, per zone or city,
and time series. Every number comes from INDICATORS, the registry the dashboards and the CLI read."""

import inspect
from enum import StrEnum
from typing import Annotated

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from config.api_auth import AGGREGATES, visible_to
from config.api_errors import error_responses, input_error
from config.api_fields import path
from config.api_lists import list_endpoint
from zones.models import ApiToken, Zone
from zones.scopes import Scope, resolve_scope

from . import queries
from .charts import CHARTS
from .indicators import INDICATORS
from .periods import MAX_PERIODS, period_ends, periods_back
from .schemas import (
    BreakdownOut,
    BreakdownQuery,
    ChartFigureOut,
    ChartOut,
    ChartQuery,
    IndicatorCategory,
    IndicatorCode,
    IndicatorOut,
    IndicatorValueOut,
    SeriesQuery,
    ValuesQuery,
)

router = Router(tags=["指标 · Indicators"])
ChartName = Annotated[
    StrEnum("ChartName", {name: name for name in CHARTS}),
    path("图表名称", "Chart name, see GET /charts"),
]
Code = Annotated[IndicatorCode, path("指标代码", "Indicator code, see GET /indicators")]


def catalogue_table() -> str:
    """The catalogue as a Markdown table, for the docs page."""
    rows = [
        f"| `{ind.code}` | {ind.name} | {ind.name_en} | {ind.unit} / {ind.unit_en} "
        f"| {ind.definition} {ind.definition_en} |"
        for ind in INDICATORS
    ]
    header = "| code | 指标 | indicator | 单位 unit | 口径 definition |\n|---|---|---|---|---|"
    return "\n".join([header, *rows])


def _checked_scope(code: str, kind: str) -> None:
    if kind not in INDICATORS[code].scopes:
        raise input_error(
            "query", "zone" if kind == "zone" else "city", _("该指标不按此范围统计。")
        )


@list_endpoint(
    router,
    "/indicators",
    IndicatorOut,
    auth=AGGREGATES,
    summary="指标目录 · The indicator catalogue",
    description="每个指标的代码、中英文名称、单位、口径与目标。"
    " Code, names, unit, definition and target of every indicator.\n\n" + catalogue_table(),
)
def list_indicators(request, category: Query[IndicatorCategory | None] = None):
    return [ind for ind in INDICATORS if category is None or ind.category == category]


@list_endpoint(
    router,
    "/indicators/values",
    IndicatorValueOut,
    auth=AGGREGATES,
    summary="指标值 · Indicator values for a scope as of a date",
    description="city（行政区划代码或名称）、zone（编号）均不填为全省。"
    " Neither city (adcode or name) nor zone (id): the province.",
)
def list_indicator_values(request, query: Query[ValuesQuery]):
    codes = None
    if query.category is not None:
        codes = [ind.code for ind in INDICATORS if ind.category == query.category]
    values = INDICATORS.evaluate(query.as_of_date(), query.scope(), codes=codes)
    return [value.as_dict() for value in values]


@router.get(
    "/indicators/{code}",
    response={200: IndicatorOut, **error_responses(401, 422, 429)},
    auth=AGGREGATES,
    summary="指标定义 · One indicator of the catalogue",
)
def get_indicator(request, code: Code):
    return INDICATORS[code.value]


@list_endpoint(
    router,
    "/indicators/{code}/series",
    IndicatorValueOut,
    auth=AGGREGATES,
    summary="指标时间序列 · An indicator over time",
    description=f"在每个月末、季末或年末取值（有最新快照的日期读快照，其余即时计算），"
    f"最后一点为截至日期；最多 {MAX_PERIODS} 个周期。"
    f" Read from the stored snapshots where current, else evaluated, at each month, quarter or"
    f" year end, the last point at the as-of date;"
    f" at most {MAX_PERIODS} periods.",
)
def list_indicator_series(request, query: Query[SeriesQuery], code: Code):
    scope = query.scope()
    _checked_scope(code.value, scope.kind)
    end = query.as_of_date()
    start = query.start or periods_back(end, 11, query.period.value)
    if start > end:
        raise input_error("query", "start", _("起始日期不能晚于截至日期。"))
    ends = period_ends(start, end, query.period.value)
    if len(ends) > MAX_PERIODS:
        raise input_error("query", "start", _("最多 %(n)s 个周期。") % {"n": MAX_PERIODS})
    trend = queries.indicator_trend(scope, [code.value], ends)
    return [values[0].as_dict() for _day, values in trend]


@list_endpoint(
    router,
    "/indicators/{code}/breakdown",
    BreakdownOut,
    auth=AGGREGATES,
    summary="按市或开发区分列 · An indicator for every city or zone",
    description="by=city：各市；by=zone：各开发区（可用 city 限定在一个市内）。"
    " by=city: every city; by=zone: every zone, optionally of one city.",
)
def list_indicator_breakdown(request, query: Query[BreakdownQuery], code: Code):
    _checked_scope(code.value, query.by)
    scope = resolve_scope(city=query.city) if query.city else Scope()
    by_member = INDICATORS.evaluate_by(
        query.as_of_date(), query.by, scope=scope, codes=[code.value]
    )
    return [
        {
            "id": str(member.pk if query.by == "zone" else member.adcode),
            "name": str(member),
            "value": values[0].as_dict(),
        }
        for member, values in by_member.items()
    ]


# The project filters a chart reading projects through `**filters` takes (see reforms/charts.py).
PROJECT_FILTERS = ("round_id", "stage", "industry", "key")


def chart_filters(chart) -> list[str]:
    """The filters a chart's read takes, besides the as-of date and the scope."""
    parameters = inspect.signature(chart.rows).parameters.values()
    named = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD or p.kind is p.KEYWORD_ONLY]  # fmt: skip
    takes_more = any(p.kind is p.VAR_KEYWORD for p in parameters)
    known = [name for name in named[2:] if name in ChartQuery.model_fields]
    return known + (list(PROJECT_FILTERS) if takes_more else [])


def chart_row(chart) -> dict:
    filters = chart_filters(chart)
    return {"name": chart.name, "scopes": list(chart.scopes), "filters": filters, "caption": chart.caption}  # fmt: skip


@list_endpoint(
    router,
    "/charts",
    ChartOut,
    auth=AGGREGATES,
    summary="看板图表目录 · The dashboard charts",
    description="每个看板图表的名称、适用范围与筛选条件；/charts/{name} 给出其 Plotly 图形 JSON。"
    " Every dashboard chart; /charts/{name} gives its Plotly figure JSON.",
)
def list_charts(request):
    return [chart_row(chart) for chart in CHARTS.values()]


def ensure_sees_records(request, zone: Zone) -> None:
    """Project-level rows are for members who may see the zone, never for anonymous readers."""
    member = isinstance(request.auth, ApiToken) or request.user.is_authenticated
    if not member:
        raise HttpError(401, _("此图表列出项目，须登录或使用令牌。"))
    if not visible_to(request, Zone).filter(pk=zone.pk).exists():
        raise Http404


@router.get(
    "/charts/{name}",
    response={200: ChartFigureOut, **error_responses(401, 404, 422, 429)},
    auth=AGGREGATES,
    summary="看板图表的图形 JSON · A dashboard chart's figure",
    description="与看板相同的 Plotly 图形（data、layout），可用 plotly.js 直接绘制。"
    " The same Plotly figure the dashboard draws; render it with plotly.js.",
)
def get_chart(request, name: ChartName, query: Query[ChartQuery]):
    chart = CHARTS[name.value]
    scope = query.scope()
    if scope.kind not in chart.scopes:
        raise input_error("query", "zone", _("此图表不按此范围绘制。"))
    filters = query.filters()
    unknown = sorted(set(filters) - set(chart_filters(chart)))
    if unknown:
        raise input_error("query", unknown[0], _("此图表不接受该筛选条件。"))
    if chart.lists_projects:
        ensure_sees_records(request, scope.zone)
    as_of = query.as_of_date()
    return {
        "name": chart.name,
        "as_of": as_of,
        "scope": scope.key,
        "scope_name": scope.label,
        "caption": chart.caption,
        "figure": chart(as_of, scope, **filters),
    }
