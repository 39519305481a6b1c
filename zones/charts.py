"""The dashboards' shared look, and the map of Shanxi's cities and zones.

Every figure function in `*/charts.py` is pure: it takes rows (indicator values, small dataclasses)
and returns a Plotly figure as a plain dict — no database, no pandas, no plotly.express, no
template (plotly.js' own defaults plus the small `layout()` below). A page embeds the dict with
`json_script` and `static/js/charts.js` draws it with the locally served plotly.js.

Conventions the script relies on:
- a point whose `customdata` is a page URL (or a list starting with one) opens that page on click
  (drill-down from a city or a zone);
- numbers are plain floats and ints (Django's JSON encoder would write a Decimal as a string).

Texts come in pairs (Chinese, English) picked by the active language, as the indicator registry
does for its names.
"""

import datetime
import math
from collections import defaultdict
from decimal import Decimal

from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

FONT = '"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Noto Sans SC",sans-serif'
COLOURS = ["#1f5f8b", "#e07a2f", "#3a9b6a", "#b8455b", "#7b5ea7", "#8c6d3f", "#4aa3c8", "#9aa13b"]
DONE, NOT_DONE, NO_DATA = "#2a9d8f", "#f4a261", "#e9ecef"
STATUS_COLOURS = {
    "met": "#2e7d32",
    "on_track": "#1f5f8b",
    "at_risk": "#e07a2f",
    "missed": "#c62828",
}
GEOJSON = "geo/shanxi_cities.geojson"
# Shanxi's centre and a zoom at which the whole province fills a laptop-sized map.
SHANXI_CENTRE = {"lat": 37.6, "lon": 112.3}
SHANXI_ZOOM = 5.3
CITY_ZOOM = 6.6
# Zones sharing a point (the county seat) are spread on a small spiral around it, in degrees.
SPREAD_STEP = 0.045


def english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def text(zh: str, en: str) -> str:
    """The Chinese or the English text, by the active language."""
    return en if english() else zh


def number(value):
    """A figure as JSON can carry it: Decimal → float, None stays None."""
    return float(value) if isinstance(value, Decimal) else value


def format_number(value, decimals: int = 0) -> str:
    """93.4100 → "93.41" with 2 decimals, 1258 → "1258"; "—" for no value."""
    if value is None:
        return "—"
    if decimals == 0 and isinstance(value, int):
        return str(value)
    return f"{Decimal(value):.{decimals}f}"


def format_day(day: datetime.date) -> str:
    """2024年3月31日 in Chinese, 31 Mar 2024 in English."""
    if english():
        return f"{day.day} {day:%b} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def format_value(value) -> str:
    """An IndicatorValue as read on a page: number and unit, e.g. "93.41%" or "164家"."""
    ind = value.indicator
    if value.value is None:
        return "—"
    unit = ind.unit_label
    spacer = "" if unit == "%" or not english() else " "
    return f"{format_number(value.value, ind.decimals)}{spacer}{unit}"


def format_change(change, decimals: int = 0) -> str:
    """A change since the previous period: "+3", "−1.20", "0"; "—" when unknown."""
    if change is None:
        return "—"
    if change == 0:
        return "0"
    sign = "+" if change > 0 else "−"
    return f"{sign}{format_number(abs(change), decimals)}"


COMPARATORS = {">=": "≥", "<=": "≤"}


def format_target(target) -> str:
    """≥ 100%（全省，2024年12月31日前） / ≥ 100 % (province) by 31 Dec 2024."""
    if target is None:
        return ""
    comparator = COMPARATORS.get(target.comparator, target.comparator)
    threshold = format_number(target.threshold, 0 if target.threshold % 1 == 0 else 2)
    deadline = format_day(target.deadline)
    scopes = {"全省": "province", "各市": "every city"}
    return text(
        f"{comparator} {threshold}%（{target.scope}，{deadline}前）",
        f"{comparator} {threshold} % ({scopes.get(target.scope, target.scope)}) by {deadline}",
    )


LEVEL_NAMES = {"national": ("国家级", "national"), "provincial": ("省级", "provincial")}
KIND_NAMES = {
    "economic": ("经济技术开发区", "economic and technological development zone"),
    "high_tech": ("高新技术产业开发区", "high-tech zone"),
    "comprehensive_reform": ("综合改革示范区", "comprehensive reform zone"),
    "agri_high_tech": ("国家农业高新技术产业示范区", "national agricultural high-tech zone"),
    "modern_agriculture": ("现代农业产业示范区", "modern agriculture zone"),
    "other": ("其他", "other"),
}
ZONE_CATEGORY_NAMES = {
    "industrial": ("工业类", "industrial"),
    "agriculture": ("现代农业类", "modern agriculture"),
    "eco_tourism": ("生态文旅类", "eco / culture tourism"),
}


def choice_name(names: dict, value: str) -> str:
    return text(*names[value]) if value in names else value


def wan_to_yi(amount) -> Decimal | None:
    """万元 → 亿元, two decimals."""
    if amount is None:
        return None
    return (Decimal(amount) / 10000).quantize(Decimal("0.01"))


def period_label(day: datetime.date, monthly: bool = False) -> str:
    """A point of a time series: "2024年3月" for a month end ("3月" within one year), else the
    date itself (the as-of date may fall mid-month)."""
    next_day = day + datetime.timedelta(days=1)
    if next_day.day != 1:
        return format_day(day)
    if monthly:
        return text(f"{day.month}月", f"{day:%b}")
    return text(f"{day.year}年{day.month}月", f"{day:%b} {day.year}")


def as_of_note(as_of: datetime.date) -> str:
    return text(f"截至{format_day(as_of)}", f"as of {format_day(as_of)}")


def page_url(name: str, args=(), as_of: datetime.date | None = None, **params) -> str:
    """A dashboard page's URL in the active language, keeping the as-of date for drill-down."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if as_of is not None:
        query = {"as_of": as_of.isoformat(), **query}
    url = reverse(f"dashboards:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def city_url(adcode: str, as_of=None) -> str:
    return page_url("city", [adcode], as_of)


def zone_url(zone_id: int, as_of=None) -> str:
    return page_url("zone", [zone_id], as_of)


def zone_label(zone) -> str:
    """A zone's short name; an unverified one says so (名称待核实)."""
    if zone.is_verified:
        return zone.short_name
    return text(f"{zone.short_name}（名称待核实）", f"{zone.short_name} (name unverified)")


def layout(title: str, as_of: datetime.date | None = None, **overrides) -> dict:
    """The shared layout: CJK fonts, a title saying what and as of when, quiet axes."""
    full_title = title
    if as_of is not None:
        note = as_of_note(as_of)
        full_title = text(f"{title}（{note}）", f"{title} ({note})")
    base = {
        "title": {"text": full_title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        "font": {"family": FONT, "size": 13, "color": "#222"},
        "colorway": COLOURS,
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        "margin": {"l": 60, "r": 20, "t": 56, "b": 40},
        "hoverlabel": {"font": {"family": FONT}},
        # Below everything else, in the figure's own margin: never over an axis title.
        "legend": {"orientation": "h", "x": 0, "yref": "container", "y": 0, "yanchor": "bottom"},
        "xaxis": {"automargin": True, "gridcolor": "#e5e5e5", "zerolinecolor": "#999"},
        "yaxis": {"automargin": True, "gridcolor": "#e5e5e5", "zerolinecolor": "#999"},
        "separators": ".,",
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def figure(data: list, layout_: dict) -> dict:
    return {"data": data, "layout": layout_}


def spread_points(points: list[tuple[float, float]], step: float = SPREAD_STEP):
    """Points that coincide are laid on a sunflower spiral around their common point, in order,
    so that every zone at a shared county seat can be seen and clicked; the layout is the same on
    every request. A lone point stays where it is."""
    seen = defaultdict(int)
    counts = defaultdict(int)
    for point in points:
        counts[point] += 1
    spread = []
    golden_angle = math.pi * (3 - math.sqrt(5))
    for lat, lon in points:
        if counts[(lat, lon)] == 1:
            spread.append((lat, lon))
            continue
        i = seen[(lat, lon)]
        seen[(lat, lon)] += 1
        radius = step * math.sqrt(i + 0.5)
        angle = i * golden_angle
        # A degree of longitude is shorter than one of latitude at 37° N.
        spread.append(
            (
                round(lat + radius * math.sin(angle), 5),
                round(lon + radius * math.cos(angle) / math.cos(math.radians(lat)), 5),
            )
        )
    return spread


def zone_map(city_values, zones, as_of, focus_city=None) -> dict:
    """Cities shaded by an indicator (click: the city's page), zones as markers at their
    coordinates (click: the zone's scorecard).

    `city_values`: [(City, IndicatorValue)], `zones`: [Zone]. The city shapes are read by
    plotly.js from our static GeoJSON; `map_style="white-bg"` needs no tiles from outside.
    """
    indicator = city_values[0][1].indicator if city_values else None
    located = [z for z in zones if z.latitude is not None and z.longitude is not None]
    points = spread_points([(float(z.latitude), float(z.longitude)) for z in located])
    cities = {
        "type": "choroplethmap",
        "geojson": static(GEOJSON),
        "featureidkey": "properties.adcode",
        "locations": [int(city.adcode) for city, _ in city_values],
        "z": [number(value.value) for _, value in city_values],
        "customdata": [city_url(city.adcode, as_of) for city, _ in city_values],
        "text": [
            f"{city.name}<br>{indicator.label}：{format_value(value)}"
            for city, value in city_values
        ],
        "hovertemplate": "%{text}<extra></extra>",
        "colorscale": [[0, "#f1f6fa"], [1, "#1f5f8b"]],
        "marker": {"line": {"color": "#fff", "width": 1}, "opacity": 0.85},
        "colorbar": {
            "title": {"text": indicator.unit_label if indicator else ""},
            "thickness": 12,
            "len": 0.6,
        },
        "name": indicator.label if indicator else "",
    }
    level_colours = {"national": "#b8455b", "provincial": "#333"}
    markers = {
        "type": "scattermap",
        "mode": "markers",
        "lat": [lat for lat, _ in points],
        "lon": [lon for _, lon in points],
        "marker": {
            "size": [11 if z.level == "national" else 8 for z in located],
            "color": [level_colours.get(z.level, "#333") for z in located],
            "opacity": 0.9,
        },
        "customdata": [zone_url(z.pk, as_of) for z in located],
        "text": [
            f"{zone_label(z)}<br>{choice_name(LEVEL_NAMES, z.level)} · {z.city}" for z in located
        ],
        "hovertemplate": "%{text}<extra></extra>",
        "name": text("开发区（红：国家级）", "Zones (red: national)"),
        "showlegend": False,
    }
    centre, zoom = SHANXI_CENTRE, SHANXI_ZOOM
    if focus_city is not None:
        centre = {"lat": float(focus_city.latitude), "lon": float(focus_city.longitude)}
        zoom = CITY_ZOOM
    title = text("开发区分布", "Development zones")
    if indicator:
        title = text(f"开发区分布与各市{indicator.label}", f"Zones, and {indicator.label} by city")
    return figure(
        [cities, markers],
        layout(
            title,
            as_of,
            map={"style": "white-bg", "center": centre, "zoom": zoom},
            margin={"l": 0, "r": 0, "t": 48, "b": 0},
            height=560,
        ),
    )
