"""Dashboard figures are pure functions of rows: tested here without a database."""

import datetime
import json
from decimal import Decimal

from django.utils import translation

from projects.charts import campaign_rounds, stalled_ages
from reforms.charts import (
    COMPONENTS,
    REFORM_SHARES,
    city_bars,
    component_heatmap,
    component_state,
    trend_lines,
)
from reforms.indicators import INDICATORS, Status
from reforms.indicators.registry import IndicatorValue
from zones.charts import (
    format_change,
    format_day,
    format_target,
    format_value,
    period_label,
    spread_points,
    wan_to_yi,
    zone_label,
    zone_map,
)
from zones.models import City, Zone
from zones.scopes import Scope

AS_OF = datetime.date(2024, 12, 31)
TAIYUAN = City(
    pk=1, adcode="140100", name="太原市", short_name="太原", latitude=37.87, longitude=112.55
)
DATONG = City(
    pk=2, adcode="140200", name="大同市", short_name="大同", latitude=40.09, longitude=113.3
)


def zone(pk, short_name, verified=True, city=TAIYUAN, lat="37.87", lon="112.55"):
    return Zone(
        pk=pk,
        name=f"{short_name}全称",
        short_name=short_name,
        city=city,
        level=Zone.Level.PROVINCIAL,
        kind=Zone.Kind.ECONOMIC,
        is_verified=verified,
        latitude=Decimal(lat),
        longitude=Decimal(lon),
    )


def value(code, number, scope=None, status=None, as_of=AS_OF):
    return IndicatorValue(INDICATORS[code], number, as_of, scope or Scope(), status)


def plain_json(figure) -> dict:
    """The figure as the page's json_script carries it; fails on a Decimal or a NaN."""
    return json.loads(json.dumps(figure, allow_nan=False))


def test_zones_sharing_a_county_seat_are_spread_apart_the_same_way_every_time():
    seat = (37.87, 112.55)
    points = [seat, seat, seat, (39.0, 113.0)]

    spread = spread_points(points)

    assert spread == spread_points(points)
    assert len(set(spread[:3])) == 3
    assert all(abs(lat - seat[0]) < 0.2 and abs(lon - seat[1]) < 0.2 for lat, lon in spread[:3])
    assert spread[3] == (39.0, 113.0)


def test_figures_read_as_chinese_readers_expect():
    assert format_day(datetime.date(2024, 3, 31)) == "2024年3月31日"
    assert format_value(value("commitment_rate", Decimal("93.41"))) == "93.41%"
    assert format_value(value("platform_companies", 164)) == "164家"
    assert format_value(value("fund_size", None)) == "—"
    assert format_change(Decimal("-1.5"), 2) == "−1.50"
    assert format_change(3, 0) == "+3"
    assert wan_to_yi(Decimal("45722700")) == Decimal("4572.27")
    target = INDICATORS["platform_company_coverage"].target
    assert format_target(target) == "≥ 100%（全省，2024年12月31日前）"


def test_english_pages_write_dates_and_units_in_english():
    with translation.override("en"):
        assert format_day(datetime.date(2024, 3, 31)) == "31 Mar 2024"
        assert format_value(value("platform_companies", 164)) == "164 companies"
        assert period_label(datetime.date(2024, 3, 31)) == "Mar 2024"


def test_a_series_point_is_named_by_its_month_unless_the_date_falls_mid_month():
    assert period_label(datetime.date(2024, 6, 30)) == "2024年6月"
    assert period_label(datetime.date(2024, 6, 30), monthly=True) == "6月"
    assert period_label(datetime.date(2024, 8, 15)) == "2024年8月15日"


def test_an_unverified_zone_says_its_name_is_unverified():
    assert zone_label(zone(1, "古交开发区", verified=False)) == "古交开发区（名称待核实）"
    assert zone_label(zone(2, "综改区")) == "综改区"


def test_city_bars_carry_plain_numbers_and_one_target_line_per_threshold():
    by_city = {
        city: [value(code, Decimal("95.5"), Scope(city=city)) for code in REFORM_SHARES]
        for city in (TAIYUAN, DATONG)
    }

    figure = plain_json(city_bars(by_city, AS_OF, "各市"))

    assert [trace["y"] for trace in figure["data"]] == [[95.5, 95.5]] * len(REFORM_SHARES)
    assert figure["data"][0]["customdata"][0] == "/cities/140100/?as_of=2024-12-31"
    # Three shares aim at 100 %, the market-selected share at 10 %.
    assert sorted(shape["y0"] for shape in figure["layout"]["shapes"]) == [10, 100]
    assert "截至2024年12月31日" in figure["layout"]["title"]["text"]
    assert "template" not in figure["layout"]


def test_a_component_is_done_under_way_or_not_yet():
    assert component_state(value("zones_with_funds", 2)) == 1
    assert component_state(value("zones_with_funds", 0)) == 0
    assert component_state(value("coop_parks", 0), value("coop_parks_preparing", 1)) == 0.5
    share = "market_selected_leader_share"
    assert component_state(value(share, Decimal("12"), status=Status.MET)) == 1
    assert component_state(value(share, Decimal("9"), status=Status.ON_TRACK)) == 0.5
    assert component_state(value(share, Decimal("2"), status=Status.AT_RISK)) == 0
    assert component_state(value(share, None)) is None


def test_heatmap_has_a_row_per_zone_linking_to_its_scorecard():
    zones = [zone(7, "综改区"), zone(8, "古交开发区", verified=False)]
    codes = [code for code, _, _ in COMPONENTS] + ["coop_parks_preparing"]
    by_zone = {z: [value(c, 1, Scope(zone=z), Status.MET) for c in codes] for z in zones}

    heatmap = plain_json(component_heatmap(by_zone, AS_OF))["data"][0]

    assert heatmap["y"] == ["太原 · 综改区", "太原 · 古交开发区（名称待核实）"]
    assert len(heatmap["x"]) == len(COMPONENTS)
    assert heatmap["z"][0] == [1] * len(COMPONENTS)
    assert heatmap["customdata"][0][0] == "/zones/7/?as_of=2024-12-31"


def test_rounds_figure_has_a_bar_per_batch_and_the_investment_in_yi():
    rows = [
        {
            "round__year": 2024,
            "round__number": 1,
            "round__held_on": datetime.date(2024, 3, 26),
            "batch": batch,
            "projects": projects,
            "investment": Decimal("1234500"),
        }
        for batch, projects in (("signed", 198), ("started", 190), ("producing", 160))
    ]

    figure = plain_json(campaign_rounds(rows, AS_OF))

    assert [trace["y"] for trace in figure["data"]] == [[198], [190], [160]]
    assert figure["data"][0]["customdata"][0] == ["123.45", "2024年3月26日"]


def test_stalled_figure_stacks_each_kind_by_how_long_it_is_stuck():
    rows = {
        "signed_not_landed": {"total": 3, "up_to_90": 1, "up_to_180": 0, "up_to_365": 2},
        "landed_not_invested": {"total": 0},
        "invested_no_output": {"total": 1, "longer": 1},
    }

    figure = plain_json(stalled_ages(rows, AS_OF))

    assert [trace["x"] for trace in figure["data"]] == [[1, 0, 0], [0, 0, 0], [2, 0, 0], [0, 0, 1]]


def test_trend_lines_name_each_point_by_its_period():
    days = [datetime.date(2024, 9, 30), AS_OF]
    trend = [(day, [value("start_rate", Decimal("50.5"), as_of=day)]) for day in days]

    figure = plain_json(trend_lines(trend, AS_OF, "三率"))

    assert figure["data"][0]["x"] == ["2024年9月", "2024年12月"]
    assert figure["data"][0]["y"] == [50.5, 50.5]


def test_zone_map_needs_nothing_from_outside():
    city_values = [(TAIYUAN, value("funds", 3, Scope(city=TAIYUAN)))]
    zones = [zone(1, "综改区"), zone(2, "古交开发区", verified=False)]

    figure = plain_json(zone_map(city_values, zones, AS_OF))

    cities, markers = figure["data"]
    assert cities["type"] == "choroplethmap"
    assert cities["geojson"] == "/static/geo/shanxi_cities.geojson"
    assert cities["locations"] == [140100]
    assert markers["type"] == "scattermap"
    assert markers["customdata"] == ["/zones/1/?as_of=2024-12-31", "/zones/2/?as_of=2024-12-31"]
    assert figure["layout"]["map"]["style"] == "white-bg"
    assert "名称待核实" in markers["text"][1]
    assert "http" not in json.dumps(figure)
