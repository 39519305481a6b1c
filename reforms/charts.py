"""Dashboard figures of the reform's indicators, and CHARTS, the registry of every dashboard chart.

The figure functions here are pure: they turn indicator values (`IndicatorValue`, `ScorecardRow`,
…) into Plotly figure dicts without touching the database. CHARTS pairs each of them with the
read that feeds it, so that a page, the API or an export can ask for any chart by name:

    CHARTS["city_comparison"](as_of, Scope())                       → figure dict
    CHARTS["zone_map"](as_of, Scope(city=city), indicator="funds")  → figure dict

`Chart(as_of, scope, **filters)` raises ValueError for a scope the chart does not draw and
TypeError for a filter it does not take. Filters, by chart:

    zone_map, zone_comparison   indicator: an indicator code
    ranking                     indicator, level (Zone.Level), kind (Zone.Kind)
    pipeline, stalled_ages      round_id, stage (projects.queries.STAGES), industry
                                (Project.Industry), key (True/False: provincial key projects)

Each chart's `note` says in a sentence how its numbers are computed (shown under the chart).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from projects import charts as project_charts
from projects import queries as project_queries
from zones import queries as zone_queries
from zones.charts import (
    COLOURS,
    COMPARATORS,
    DONE,
    NO_DATA,
    NOT_DONE,
    STATUS_COLOURS,
    city_url,
    figure,
    format_day,
    format_number,
    format_value,
    layout,
    number,
    period_label,
    text,
    zone_label,
    zone_map,
    zone_url,
)
from zones.scopes import CITY, PROVINCE, ZONE, Scope

from . import queries
from .indicators import INDICATORS, Status

# The 三化三制 components of a zone, as columns of the status heatmap: (indicator, name zh, en).
# A count is done when above zero; a share with a target when the target is met.
COMPONENTS = (
    ("zones_with_platform_company", "市场化<br>平台公司", "Market<br>platform co."),
    ("zones_separated", "市场化<br>管运分离", "Market<br>管运分离"),
    ("zones_with_funds", "市场化<br>产业基金", "Market<br>fund"),
    ("market_selected_leader_share", "专业化<br>选聘≥10%", "Professional<br>selected ≥ 10 %"),
    ("market_hires", "专业化<br>市场化选聘", "Professional<br>market hires"),
    ("coop_parks", "国际化<br>合作园区", "International<br>coop. park"),
    ("term_target_zones", "三制<br>任期制", "Systems<br>term targets"),
    ("post_appointment_zones", "三制<br>岗位聘任制", "Systems<br>post appointment"),
    ("performance_pay_zones", "三制<br>绩效工资制", "Systems<br>performance pay"),
)
# A component half-way: a cooperation park in preparation counts as under way.
UNDER_WAY = {"coop_parks": "coop_parks_preparing"}
REFORM_SHARES = (
    "platform_company_coverage",
    "zones_separated_share",
    "term_target_zone_share",
    "market_selected_leader_share",
)
THREE_RATES = ("start_rate", "investment_completion_rate", "capacity_rate")
TREND_QUARTERS = 8
DEFAULT_MAP_INDICATOR = "market_selected_leader_share"
DEFAULT_ZONE_INDICATOR = "market_selected_leader_share"
DEFAULT_RANKING_INDICATOR = "signed_investment_cumulative"
MILESTONE_GROUPS = {
    "platform": ("平台公司", "Platform companies"),
    "fund": ("产业基金", "Industrial funds"),
    "separation": ("管运分离", "管运分离"),
    "three_systems": ("三制", "Three systems"),
    "international": ("国际化", "International"),
}
MILESTONE_EVENTS = {
    "founded": ("成立", "founded"),
    "dissolved": ("注销", "dissolved"),
    "established": ("设立", "established"),
    "closed": ("清算", "wound up"),
    "pilot": ("列为管运分离试点", "named a 管运分离 pilot"),
    "preparing": ("启动筹建", "preparation started"),
    "built": ("建成", "established"),
    "stage:not_started": ("管运分离未启动", "not started"),
    "stage:planning": ("制定管运分离方案", "plan drawn up"),
    "stage:practising": ("实行管运分离", "practising"),
    "stage:completed": ("管运分离全面完成", "completed"),
    "milestone:term_targets": ("签订领导班子任期目标", "term targets signed"),
    "milestone:post_appointment": ("实行全员岗位聘任制", "all-staff post appointment"),
    "milestone:performance_pay": ("实施年度绩效工资方案", "performance-pay scheme"),
}
CATEGORY_NAMES = {
    "basics": ("基本情况", "Basics"),
    "market": ("市场化", "Marketisation"),
    "professional": ("专业化", "Professionalisation"),
    "international": ("国际化", "Internationalisation"),
    "three_systems": ("三制", "Three systems (三制)"),
    "three_reforms": ("三项改革", "Three procedural reforms"),
    "campaign": ("三个一批", "三个一批 campaign"),
    "three_rates": ("三率", "Three rates (三率)"),
    "stalled": ("三未", "Stalled projects (三未)"),
    "economy": ("经济运行", "Economy"),
}
STATUS_NAMES = {
    "done": ("已完成", "done"),
    "under_way": ("推进中", "under way"),
    "not_done": ("未开展", "not yet"),
    "no_data": ("无数据", "no data"),
}


def component_state(value, under_way=None) -> float | None:
    """1 done, 0.5 under way, 0 not yet, None without data (a share of zero posts)."""
    if value.value is None:
        return None
    if value.indicator.target is not None:
        return {Status.MET: 1, Status.ON_TRACK: 0.5}.get(value.status, 0)
    if value.value > 0:
        return 1
    return 0.5 if under_way is not None and (under_way.value or 0) > 0 else 0


def _state_name(state) -> str:
    key = {1: "done", 0.5: "under_way", 0: "not_done"}.get(state, "no_data")
    return text(*STATUS_NAMES[key])


def component_heatmap(by_zone, as_of) -> dict:
    """Zones (rows, by city) × 三化三制 components (columns): done, under way or not yet.

    `by_zone`: {Zone: [IndicatorValue]} for the codes of COMPONENTS and UNDER_WAY, in that order.
    """
    columns = [text(zh, en) for _, zh, en in COMPONENTS]
    codes = [code for code, _, _ in COMPONENTS]
    zones = list(by_zone)
    z, hover, links = [], [], []
    for zone in zones:
        values = {v.indicator.code: v for v in by_zone[zone]}
        states = [component_state(values[c], values.get(UNDER_WAY.get(c, ""))) for c in codes]
        z.append(states)
        hover.append(
            [
                f"{zone_label(zone)}（{zone.city.short_name}）<br>{values[c].indicator.label}："
                f"{format_value(values[c])}<br>{_state_name(state)}"
                for c, state in zip(codes, states, strict=True)
            ]
        )
        links.append([zone_url(zone.pk, as_of)] * len(codes))
    labels = [f"{zone.city.short_name} · {zone_label(zone)}" for zone in zones]
    third = 1 / 3
    return figure(
        [
            {
                "type": "heatmap",
                "x": columns,
                "y": labels,
                "z": z,
                "zmin": 0,
                "zmax": 1,
                "text": hover,
                "customdata": links,
                "hovertemplate": "%{text}<extra></extra>",
                "colorscale": [
                    [0, NOT_DONE],
                    [third, NOT_DONE],
                    [third, "#a8dadc"],
                    [2 * third, "#a8dadc"],
                    [2 * third, DONE],
                    [1, DONE],
                ],
                "xgap": 2,
                "ygap": 1,
                "colorbar": {
                    "tickvals": [1 / 6, 0.5, 5 / 6],
                    "ticktext": [_state_name(0), _state_name(0.5), _state_name(1)],
                    "thickness": 12,
                    "len": min(1, 300 / (60 + 16 * len(zones))),
                    "y": 1,
                    "yanchor": "top",
                },
            }
        ],
        layout(
            text("各开发区“三化三制”改革进展", "三化三制 components by zone"),
            as_of,
            height=150 + 16 * len(zones),
            plot_bgcolor=NO_DATA,
            xaxis={"side": "top", "tickfont": {"size": 12}, "fixedrange": True},
            yaxis={"autorange": "reversed", "tickfont": {"size": 11}, "dtick": 1},
            margin={"t": 110, "l": 200},
        ),
    )


def _target_lines(indicators) -> tuple[list, list]:
    """A dashed line at each target threshold (one per threshold, however many indicators share
    it), labelled with the target; the cards and the scorecard give each deadline."""
    thresholds = {}
    for indicator in indicators:
        if indicator.target is not None:
            key = (indicator.target.comparator, indicator.target.threshold)
            thresholds.setdefault(key, indicator.unit_label)
    shapes, notes = [], []
    for (comparator, threshold), unit in thresholds.items():
        y = number(threshold)
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": y,
                "y1": y,
                "line": {"color": "#c62828", "dash": "dash", "width": 1.5},
            }
        )
        notes.append(
            {
                "xref": "paper",
                "x": 1,
                "xanchor": "right",
                "y": y,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11, "color": "#c62828"},
                "text": text(
                    f"目标 {COMPARATORS.get(comparator, comparator)} {format_number(y)}{unit}",
                    f"target {COMPARATORS.get(comparator, comparator)} {format_number(y)} {unit}",
                ),
            }
        )
    return shapes, notes


def city_bars(by_city, as_of, title: str) -> dict:
    """Cities side by side on a few indicators of one unit, with their targets.

    `by_city`: {City: [IndicatorValue]}, the same indicators for every city.
    """
    cities = list(by_city)
    indicators = [value.indicator for value in next(iter(by_city.values()), [])]
    data = []
    for position, indicator in enumerate(indicators):
        values = [by_city[city][position] for city in cities]
        data.append(
            {
                "type": "bar",
                "name": indicator.label,
                "x": [city.name for city in cities],
                "y": [number(v.value) for v in values],
                "text": [format_value(v) for v in values],
                "customdata": [city_url(city.adcode, as_of) for city in cities],
                "hovertemplate": "%{x}<br>%{fullData.name}：%{text}<extra></extra>",
                "textposition": "none",
            }
        )
    shapes, notes = _target_lines(indicators)
    unit = indicators[0].unit_label if indicators else ""
    return figure(
        data,
        layout(
            title,
            as_of,
            barmode="group",
            shapes=shapes,
            annotations=notes,
            yaxis={"title": {"text": unit}, "rangemode": "tozero"},
        ),
    )


def zone_bars(by_zone, references, as_of) -> dict:
    """A city's zones on one indicator, against the city's and the province's values.

    `by_zone`: {Zone: [IndicatorValue]} for one indicator; `references`: [IndicatorValue] for the
    city and the province.
    """
    zones = list(by_zone)
    values = [by_zone[zone][0] for zone in zones]
    indicator = values[0].indicator if values else references[0].indicator
    colours = [
        STATUS_COLOURS.get(v.status.value, COLOURS[0]) if v.status else COLOURS[0] for v in values
    ]
    shapes, notes = [], []
    for colour, side, reference in zip(
        ("#555", "#b8455b"), ("left", "right"), references, strict=False
    ):
        if reference.value is None:
            continue
        y = number(reference.value)
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": y,
                "y1": y,
                "line": {"color": colour, "dash": "dot", "width": 1.5},
            }
        )
        notes.append(
            {
                "xref": "paper",
                "x": 0 if side == "left" else 1,
                "xanchor": side,
                "y": y,
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11, "color": colour},
                "text": f"{reference.scope.label}：{format_value(reference)}",
            }
        )
    return figure(
        [
            {
                "type": "bar",
                "name": indicator.label,
                "x": [zone_label(zone) for zone in zones],
                "y": [number(v.value) for v in values],
                "text": [format_value(v) for v in values],
                "textposition": "outside",
                "customdata": [zone_url(zone.pk, as_of) for zone in zones],
                "hovertemplate": "%{x}<br>%{fullData.name}：%{text}<extra></extra>",
                "marker": {"color": colours},
            }
        ],
        layout(
            text(f"各开发区{indicator.label}", f"{indicator.label} by zone"),
            as_of,
            shapes=shapes,
            annotations=notes,
            yaxis={"title": {"text": indicator.unit_label}, "rangemode": "tozero"},
            xaxis={"tickangle": -30},
        ),
    )


def scope_against_province(values, province, as_of) -> dict:
    """A city (or zone) against the province on indicators of one unit (horizontal bars)."""
    labels = [v.indicator.label for v in values]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": series[0].scope.label,
            "y": labels,
            "x": [number(v.value) for v in series],
            "text": [format_value(v) for v in series],
            "textposition": "outside",
            "hovertemplate": "%{y}<br>%{fullData.name}：%{text}<extra></extra>",
            "marker": {"color": colour},
        }
        for series, colour in ((values, COLOURS[0]), (province, "#9aa5b1"))
        if series
    ]
    return figure(
        data,
        layout(
            text("与全省比较", "Against the province"),
            as_of,
            barmode="group",
            height=120 + 70 * len(labels),
            yaxis={"autorange": "reversed"},
            xaxis={"title": {"text": values[0].indicator.unit_label if values else ""}},
        ),
    )


def trend_lines(trend, as_of, title: str, monthly: bool = False) -> dict:
    """Indicators over time: `trend` is [(day, [IndicatorValue])], the same indicators each day."""
    days = [period_label(day, monthly) for day, _ in trend]
    indicators = [v.indicator for v in trend[0][1]] if trend else []
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": indicator.label,
            "x": days,
            "y": [number(values[position].value) for _, values in trend],
            "text": [format_value(values[position]) for _, values in trend],
            "customdata": [format_day(day) for day, _ in trend],
            "hovertemplate": "%{customdata}<br>%{fullData.name}：%{text}<extra></extra>",
        }
        for position, indicator in enumerate(indicators)
    ]
    shapes, notes = _target_lines(indicators)
    return figure(
        data,
        layout(
            title,
            as_of,
            shapes=shapes,
            annotations=notes,
            xaxis={"type": "category"},
            yaxis={
                "title": {"text": indicators[0].unit_label if indicators else ""},
                "rangemode": "tozero",
            },
        ),
    )


def scorecard_against_median(rows, as_of) -> dict:
    """A zone's shares against the province's median over zones (dumbbell)."""
    labels = [row.value.indicator.label for row in rows]
    zone_values = [number(row.value.value) for row in rows]
    medians = [number(row.median) for row in rows]
    connectors = {"x": [], "y": []}
    for label, mine, median in zip(labels, zone_values, medians, strict=True):
        if mine is not None and median is not None:
            connectors["x"] += [mine, median, None]
            connectors["y"] += [label, label, None]
    unit = rows[0].value.indicator.unit_label if rows else ""
    zone_name = rows[0].value.scope.label if rows else ""
    return figure(
        [
            {
                "type": "scatter",
                "mode": "lines",
                **connectors,
                "line": {"color": "#c5ccd3", "width": 3},
                "hoverinfo": "skip",
                "showlegend": False,
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": text("全省开发区中位数", "Province median of zones"),
                "x": medians,
                "y": labels,
                "marker": {"color": "#9aa5b1", "size": 11, "symbol": "line-ns-open"},
                "hovertemplate": "%{y}<br>%{fullData.name}：%{x}" + unit + "<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": zone_name,
                "x": zone_values,
                "y": labels,
                "text": [format_value(row.value) for row in rows],
                "marker": {"color": COLOURS[0], "size": 12},
                "hovertemplate": "%{y}<br>%{fullData.name}：%{text}<extra></extra>",
            },
        ],
        layout(
            text("与全省开发区中位数比较", "Against the province's median zone"),
            as_of,
            height=140 + 44 * len(labels),
            yaxis={"autorange": "reversed"},
            xaxis={"title": {"text": unit}, "rangemode": "tozero"},
        ),
    )


def milestone_timeline(milestones, as_of) -> dict:
    """A zone's reform steps on a time line, one row per group."""
    data = []
    for colour, (group, names) in zip(COLOURS, MILESTONE_GROUPS.items(), strict=False):
        mine = [m for m in milestones if m.group == group]
        if not mine:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": text(*names),
                "x": [m.day.isoformat() for m in mine],
                "y": [text(*names)] * len(mine),
                "text": [
                    f"{format_day(m.day)}<br>{text(*MILESTONE_EVENTS[m.event])} {m.name}".strip()
                    for m in mine
                ],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {"size": 12, "color": colour, "symbol": "diamond"},
                "showlegend": False,
            }
        )
    return figure(
        data,
        layout(
            text("改革进程", "Reform milestones"),
            as_of,
            height=140 + 44 * max(1, len(data)),
            xaxis={"type": "date", "tickformat": text("%Y年%-m月", "%b %Y")},
            yaxis={"autorange": "reversed"},
            margin={"l": 100},
        ),
    )


def ranking_bars(rows, as_of) -> dict:
    """Zones ordered by one indicator, best first (horizontal bars; a click opens the zone)."""
    if not rows:
        return figure([], layout(text("开发区排名", "Zone ranking"), as_of))
    indicator = rows[0].value.indicator
    labels = [
        f"{row.rank or '—'}. {zone_label(row.zone)}（{row.zone.city.short_name}）" for row in rows
    ]
    colours = [
        STATUS_COLOURS.get(row.value.status.value, COLOURS[0]) if row.value.status else COLOURS[0]
        for row in rows
    ]
    return figure(
        [
            {
                "type": "bar",
                "orientation": "h",
                "name": indicator.label,
                "y": labels,
                "x": [number(row.value.value) for row in rows],
                "text": [format_value(row.value) for row in rows],
                "textposition": "outside",
                "customdata": [zone_url(row.zone.pk, as_of) for row in rows],
                "hovertemplate": "%{y}<br>%{fullData.name}：%{text}<extra></extra>",
                "marker": {"color": colours},
            }
        ],
        layout(
            text(f"开发区排名：{indicator.label}", f"Zones ranked by {indicator.label}"),
            as_of,
            height=120 + 20 * len(rows),
            yaxis={"autorange": "reversed", "tickfont": {"size": 11}, "dtick": 1},
            xaxis={"title": {"text": indicator.unit_label}, "rangemode": "tozero"},
            margin={"l": 220},
        ),
    )


@dataclass(frozen=True)
class Chart:
    """A dashboard chart in two steps: `rows(as_of, scope, **filters)` reads the database,
    `draw(rows, as_of)` turns the rows into a figure dict without touching it."""

    name: str
    scopes: tuple[str, ...]
    rows: Callable[..., Any]
    draw: Callable[[Any, datetime.date], dict]
    note: tuple[str, str]
    # Draws project-level rows (names, investment): shown only to whom may see the zone's records.
    lists_projects: bool = False

    def __call__(self, as_of, scope: Scope, **filters) -> dict:
        if scope.kind not in self.scopes:
            raise ValueError(f"chart {self.name} is not drawn for a {scope.kind}")
        return self.draw(self.rows(as_of, scope, **filters), as_of)

    @property
    def caption(self) -> str:
        return text(*self.note)


def _component_rows(as_of, scope):
    codes = [code for code, _, _ in COMPONENTS] + list(UNDER_WAY.values())
    return INDICATORS.evaluate_by(as_of, ZONE, scope, codes)


def _city_rows(codes):
    return lambda as_of, scope: INDICATORS.evaluate_by(as_of, CITY, scope, codes)


def _draw_city_comparison(rows, as_of):
    return city_bars(rows, as_of, text("各市“三化三制”改革进展", "三化三制 by city"))


def _draw_three_rates_by_city(rows, as_of):
    return city_bars(rows, as_of, text("各市三率", "三率 by city"))


def _reform_trend_rows(as_of, scope):
    days = queries.quarter_ends(as_of, TREND_QUARTERS)
    return queries.indicator_trend(scope, REFORM_SHARES, days)


def _draw_reform_trend(rows, as_of):
    return trend_lines(rows, as_of, text("改革进展趋势（季末）", "Reform progress by quarter"))


def _three_rates_trend_rows(as_of, scope):
    return queries.indicator_trend(scope, THREE_RATES, queries.month_ends_of_year(as_of))


def _draw_three_rates_trend(rows, as_of):
    title = text(f"{as_of.year}年三率逐月走势", f"三率 month by month, {as_of.year}")
    return trend_lines(rows, as_of, title, monthly=True)


def _map_rows(as_of, scope, indicator=DEFAULT_MAP_INDICATOR):
    by_city = INDICATORS.evaluate_by(as_of, CITY, None, [indicator])
    city_values = [(city, values[0]) for city, values in by_city.items()]
    return city_values, list(zone_queries.zones_in(scope)), scope.city


def _draw_map(rows, as_of):
    city_values, zones, focus_city = rows
    return zone_map(city_values, zones, as_of, focus_city=focus_city)


def _zone_comparison_rows(as_of, scope, indicator=DEFAULT_ZONE_INDICATOR):
    by_zone = INDICATORS.evaluate_by(as_of, ZONE, scope, [indicator])
    references = INDICATORS.evaluate(as_of, scope, [indicator])
    return by_zone, references + INDICATORS.evaluate(as_of, Scope(), [indicator])


def _draw_zone_comparison(rows, as_of):
    return zone_bars(*rows, as_of)


def _against_province_rows(as_of, scope):
    values = INDICATORS.evaluate(as_of, scope, REFORM_SHARES + THREE_RATES)
    return values, INDICATORS.evaluate(as_of, Scope(), REFORM_SHARES + THREE_RATES)


def _draw_against_province(rows, as_of):
    return scope_against_province(*rows, as_of)


def _investment_progress_rows(as_of, scope, limit=15):
    return list(project_queries.signed_projects(as_of, scope)[:limit])


def scorecard_shares(rows):
    """The scorecard rows the median chart shows: the reform's shares and 三率."""
    return [r for r in rows if r.value.indicator.code in REFORM_SHARES + THREE_RATES]


def _scorecard_rows(as_of, scope):
    return scorecard_shares(queries.zone_scorecard(as_of, scope.zone))


def _milestone_rows(as_of, scope):
    return queries.zone_milestones(scope.zone, as_of)


def _ranking_rows(as_of, scope, indicator=DEFAULT_RANKING_INDICATOR, level=None, kind=None):
    return queries.zone_ranking(as_of, indicator, scope, level=level, kind=kind)


ALL = (PROVINCE, CITY, ZONE)
AREAS = (PROVINCE, CITY)
CHARTS = {
    chart.name: chart
    for chart in [
        Chart(
            "component_heatmap",
            AREAS,
            _component_rows,
            component_heatmap,
            (
                "每格为一个开发区在一项改革上的状态：数量类指标大于0为已完成；有目标的比例类指标达到目标为已完成、按进度推进为推进中；国际合作园区在筹建为推进中。点击一行打开该开发区。",
                "Each cell is a zone's state on one component: a count above zero is done; a share "
                "with a target is done when met and under way when on track; a cooperation park "
                "in preparation is under way. Click a row to open the zone.",
            ),
        ),
        Chart(
            "city_comparison",
            (PROVINCE,),
            _city_rows(REFORM_SHARES),
            _draw_city_comparison,
            (
                "各市的平台公司覆盖率、管运分离占比、任期目标签订率、市场化选聘占比，口径见指标说明；虚线为改革目标。点击柱形打开该市。",
                "Each city's shares as defined in the indicator list; dashed lines are the "
                "reform's targets. Click a bar to open the city.",
            ),
        ),
        Chart(
            "three_rates_by_city",
            (PROVINCE,),
            _city_rows(THREE_RATES),
            _draw_three_rates_by_city,
            (
                "开工复工率 = 本年计划开工复工项目中已开工复工数 ÷ 计划数；投资完成率 = 本年完成投资 ÷ 年度计划投资；项目达产率 = 已达产 ÷ 已投产（均为本年计划项目）。",
                "Start rate = planned projects started or resumed ÷ due; investment completion "
                "= invested this year ÷ planned for the year; capacity rate = at capacity ÷ in "
                "production (projects of the year's plan).",
            ),
        ),
        Chart(
            "reform_trend",
            ALL,
            _reform_trend_rows,
            _draw_reform_trend,
            (
                "最近8个季度末（最后一点为所选日期）按同一口径重新计算的指标值。",
                "The indicators recomputed at the last 8 quarter ends (the last point is the "
                "chosen date).",
            ),
        ),
        Chart(
            "three_rates_trend",
            ALL,
            _three_rates_trend_rows,
            _draw_three_rates_trend,
            (
                "所选年份各月末的三率；分母为截至当月列入本年计划的项目。",
                "三率 at each month end of the year; denominators are the projects listed in "
                "the year's plan by then.",
            ),
        ),
        Chart(
            "zone_map",
            AREAS,
            _map_rows,
            _draw_map,
            (
                "各市按所选指标着色；圆点为开发区（按所在县城坐标，同一县城的开发区错开显示）。点击市或开发区打开其页面。地图仅为示意，非标准地图。",
                "Cities shaded by the chosen indicator; dots are zones at their county seat "
                "(zones sharing a seat are spread out). Click a city or a zone to open it. "
                "Schematic map, not an official boundary map.",
            ),
        ),
        Chart(
            "zone_comparison",
            (CITY,),
            _zone_comparison_rows,
            _draw_zone_comparison,
            (
                "本市各开发区在所选指标上的值；点线为本市与全省的值。有目标的指标按达标状态着色。",
                "The city's zones on the chosen indicator; dotted lines are the city's and the "
                "province's values. Indicators with a target are coloured by status.",
            ),
        ),
        Chart(
            "against_province",
            (CITY, ZONE),
            _against_province_rows,
            _draw_against_province,
            (
                "本范围与全省在同一口径下的比例类指标。",
                "This scope and the province on the same share indicators.",
            ),
        ),
        Chart(
            "campaign_rounds",
            ALL,
            project_queries.round_batch_figures,
            project_charts.campaign_rounds,
            (
                "每次三个一批活动中签约、开工、投产一批的项目个数；悬停显示计划总投资（亿元）。",
                "Projects in each round's sign, start and production batches; hover for the "
                "planned investment.",
            ),
        ),
        Chart(
            "pipeline",
            ALL,
            project_queries.pipeline_figures,
            project_charts.pipeline,
            (
                "截至所选日期已签约项目按已达到的最后一个节点（签约→落地→开工→投产→达产→升规）分组；圆点为计划总投资（亿元）。",
                "Projects signed by the date, by the last milestone reached (signed → landed → "
                "started → producing → at capacity → above scale); dots: planned investment.",
            ),
        ),
        Chart(
            "stalled_ages",
            ALL,
            project_queries.stalled_age_figures,
            project_charts.stalled_ages,
            (
                "停滞时长自签约（签而未落）、落地（落而未投）或首笔完成投资所在月（投未见效）起算至所选日期。",
                "Time stuck counts from signing (signed, not landed), landing (landed, not "
                "invested) or the month of the first investment (invested, no output).",
            ),
        ),
        Chart(
            "investment_progress",
            (ZONE,),
            _investment_progress_rows,
            project_charts.investment_progress,
            (
                "计划总投资最大的项目：已完成投资为截至所选日期所在月的月度完成投资之和。",
                "The largest projects: completed investment is the sum of monthly investment up "
                "to the chosen month.",
            ),
            lists_projects=True,
        ),
        Chart(
            "scorecard",
            (ZONE,),
            _scorecard_rows,
            scorecard_against_median,
            (
                "本开发区的比例类指标与全省93个开发区（有数据者）的中位数。",
                "The zone's shares against the median of the province's zones that have a value.",
            ),
        ),
        Chart(
            "milestones",
            (ZONE,),
            _milestone_rows,
            milestone_timeline,
            (
                "平台公司成立、基金设立、管运分离进展、三制事项和国际合作园区的日期。",
                "Dates of platform companies, funds, 管运分离 stages, 三制 milestones and "
                "cooperation parks.",
            ),
        ),
        Chart(
            "ranking",
            AREAS,
            _ranking_rows,
            ranking_bars,
            (
                "按所选指标排序（并列同名次）；三未项目数、负增长等指标越小越靠前。点击开发区打开其页面。",
                "Ordered by the chosen indicator (ties share a rank); for stalled projects and "
                "similar, smaller is better. Click a zone to open it.",
            ),
        ),
    ]
}
