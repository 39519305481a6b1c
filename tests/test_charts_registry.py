"""CHARTS, the registry of dashboard charts, and the reads behind it, on the demo data: every
chart draws for its scopes, and its numbers are the indicator registry's."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import queries as project_queries
from projects.models import Project
from reforms import queries as reform_queries
from reforms.charts import CHARTS, REFORM_SHARES
from reforms.indicators import INDICATORS
from reforms.snapshots import mark_stale, take_snapshot
from zones.models import City, Zone
from zones.scopes import Scope

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2024, 6, 30)


@pytest.fixture
def changzhi():
    return City.objects.get(adcode="140400")


@pytest.fixture
def high_tech_zone():
    return Zone.objects.select_related("city").get(short_name="长治高新区")


def scopes(changzhi, high_tech_zone):
    return {
        "province": Scope(),
        "city": Scope(city=changzhi),
        "zone": Scope(city=changzhi, zone=high_tech_zone),
    }


def registry(code, scope, as_of=AS_OF):
    [value] = INDICATORS.evaluate(as_of, scope, [code])
    return value.value


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_draws_a_plain_json_figure_for_each_of_its_scopes(
    name, changzhi, high_tech_zone
):
    chart = CHARTS[name]
    for kind, scope in scopes(changzhi, high_tech_zone).items():
        if kind not in chart.scopes:
            with pytest.raises(ValueError):
                chart(AS_OF, scope)
            continue

        figure = json.loads(json.dumps(chart(AS_OF, scope), allow_nan=False))

        assert figure["data"], f"{name} draws nothing for a {kind}"
        assert figure["layout"]["title"]["text"]
        assert chart.caption


def test_a_chart_refuses_a_filter_it_does_not_take():
    with pytest.raises(TypeError):
        CHARTS["city_comparison"](AS_OF, Scope(), industry="materials")


def test_city_comparison_shows_each_citys_registry_values():
    figure = CHARTS["city_comparison"](AS_OF, Scope())
    taiyuan = Scope(city=City.objects.get(adcode="140100"))

    for trace, code in zip(figure["data"], REFORM_SHARES, strict=True):
        assert trace["name"] == INDICATORS[code].label
        assert trace["y"][0] == float(registry(code, taiyuan))


def test_map_shades_cities_by_the_chosen_indicator():
    figure = CHARTS["zone_map"](AS_OF, Scope(), indicator="funds")
    cities, zones = figure["data"]

    assert sum(cities["z"]) == registry("funds", Scope())
    assert len(zones["lat"]) == Zone.objects.count()


def test_pipeline_counts_every_project_signed_by_the_date():
    rows = project_queries.pipeline_figures(AS_OF, Scope())

    assert [row["stage"] for row in rows] == list(project_queries.STAGES)
    assert (
        sum(row["projects"] for row in rows) == Project.objects.filter(signed_on__lte=AS_OF).count()
    )


def test_pipeline_filters_narrow_the_projects(changzhi):
    everything = project_queries.pipeline_figures(AS_OF, Scope(city=changzhi))
    key_materials = project_queries.pipeline_figures(
        AS_OF, Scope(city=changzhi), industry="materials", key=True
    )

    assert sum(r["projects"] for r in key_materials) < sum(r["projects"] for r in everything)
    assert (
        sum(r["projects"] for r in key_materials)
        == Project.objects.filter(
            zone__city=changzhi, signed_on__lte=AS_OF, industry="materials", is_provincial_key=True
        ).count()
    )


@pytest.mark.parametrize("kind", ["province", "city", "zone"])
def test_stalled_project_figures_agree_with_the_registry(kind, changzhi, high_tech_zone):
    scope = scopes(changzhi, high_tech_zone)[kind]

    ages = project_queries.stalled_age_figures(AS_OF, scope)
    listed = project_queries.stalled_projects(AS_OF, scope, limit=5)

    for stalled_kind, buckets in ages.items():
        assert buckets["total"] == registry(stalled_kind, scope)
        assert buckets["total"] == sum(v for k, v in buckets.items() if k != "total")
        days = [row.days for row in listed[stalled_kind]]
        assert days == sorted(days, reverse=True)
        assert len(days) == min(5, buckets["total"])


def test_rounds_of_the_year_add_up_to_the_registrys_batches():
    rows = project_queries.round_batch_figures(AS_OF, Scope())
    this_year = [row for row in rows if row["round__year"] == AS_OF.year]

    for batch in ("signed", "started", "producing"):
        total = sum(row["projects"] for row in this_year if row["batch"] == batch)
        assert total == registry(f"round_{batch}", Scope())


def test_scorecard_ranks_a_zone_among_all_zones_with_the_province_median(high_tech_zone):
    rows = {
        row.value.indicator.code: row
        for row in reform_queries.zone_scorecard(AS_OF, high_tech_zone)
    }
    by_zone = INDICATORS.evaluate_by(AS_OF, "zone", codes=["signed_cumulative"])
    signed = sorted(values[0].value for values in by_zone.values())

    row = rows["signed_cumulative"]
    assert row.value.value == registry("signed_cumulative", Scope(zone=high_tech_zone))
    assert row.rank == 1 + sum(1 for v in signed if v > row.value.value)
    assert row.ranked == Zone.objects.count()
    assert signed[0] <= row.median <= signed[-1]
    # Fewer stalled projects rank higher.
    stalled = rows["signed_not_landed"]
    assert stalled.lower_is_better


def test_ranking_orders_the_filtered_zones_best_first(changzhi):
    rows = reform_queries.zone_ranking(
        AS_OF, "signed_investment_cumulative", Scope(city=changzhi), level="provincial"
    )
    values = [row.value.value for row in rows]

    assert values == sorted(values, reverse=True)
    assert rows[0].rank == 1
    assert {row.zone.city_id for row in rows} == {changzhi.pk}
    assert all(row.zone.level == "provincial" for row in rows)


def test_trend_is_the_registry_at_each_quarter_end():
    days = reform_queries.quarter_ends(AS_OF, 4)
    trend = reform_queries.indicator_trend(Scope(), ["platform_companies"], days)

    assert days == [
        datetime.date(2023, 9, 30),
        datetime.date(2023, 12, 31),
        datetime.date(2024, 3, 31),
        AS_OF,
    ]
    assert [values[0].value for _, values in trend] == [
        registry("platform_companies", Scope(), day) for day in days
    ]


def test_the_trend_reads_current_snapshots_and_evaluates_the_other_days(
    django_assert_num_queries,
):
    days = reform_queries.quarter_ends(AS_OF, 4)
    codes = list(REFORM_SHARES)
    live = reform_queries.indicator_trend(Scope(), codes, days)
    for day in days:
        take_snapshot(day.replace(day=1))

    # Every day stored: one query instead of one evaluation per day.
    with django_assert_num_queries(1):
        stored = reform_queries.indicator_trend(Scope(), codes, days)
    assert stored == live

    # A month made stale by a data change is evaluated again; the others are still read.
    mark_stale(days[-1])
    with CaptureQueriesContext(connection) as one_evaluation:
        INDICATORS.evaluate(days[-1], Scope(), codes)
    with django_assert_num_queries(1 + len(one_evaluation)):
        assert reform_queries.indicator_trend(Scope(), codes, days) == live
