"""How the dashboard pages write figures, dates and names; each filter calls a pure function of
`zones.charts`, which the figures' hover texts use too, so a number reads the same everywhere."""

from django import template

from projects.charts import STALLED_NAMES
from projects.charts import stage_name as project_stage_name
from zones import charts

register = template.Library()

STATUS_NAMES = {
    "met": ("已达标", "met"),
    "on_track": ("按进度推进", "on track"),
    "at_risk": ("存在风险", "at risk"),
    "missed": ("未达标", "missed"),
}


@register.simple_tag
def tr(zh, en):
    """{% tr "全省总览" "Province overview" %}: the text in the page's language."""
    return charts.text(zh, en)


@register.filter
def day(value):
    return charts.format_day(value) if value else ""


@register.filter
def figure(value):
    """An IndicatorValue with its unit: "93.41%", "164家"."""
    return charts.format_value(value) if value is not None else "—"


@register.filter
def number(value, decimals=0):
    return charts.format_number(value, int(decimals))


@register.filter
def change(headline):
    """A headline's change since the previous period, to the indicator's decimals."""
    return charts.format_change(headline.change, headline.current.indicator.decimals)


@register.filter
def target(indicator):
    return charts.format_target(indicator.target)


@register.filter
def status_name(status):
    return charts.text(*STATUS_NAMES[status]) if status in STATUS_NAMES else ""


@register.filter
def yi(amount):
    """An amount in 万元 written in 亿元 (two decimals)."""
    return charts.format_number(charts.wan_to_yi(amount), 2)


@register.filter
def zone_label(zone):
    return charts.zone_label(zone)


@register.filter
def level_name(value):
    return charts.choice_name(charts.LEVEL_NAMES, value)


@register.filter
def kind_name(value):
    return charts.choice_name(charts.KIND_NAMES, value)


@register.filter
def category_name(value):
    return charts.choice_name(charts.ZONE_CATEGORY_NAMES, value)


@register.filter
def stage_name(value):
    return project_stage_name(value)


@register.filter
def stalled_name(value):
    return charts.text(*STALLED_NAMES[value])
