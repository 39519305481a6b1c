"""Indicator snapshots: a month's values for the province, every city and every zone, stored once,
replaced on re-run, read back as the registry gives them, and made stale by data changes.

The test database holds the demo dataset (tests/conftest.py); tasks run eagerly here.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from reforms import tasks
from reforms.indicators import INDICATORS
from reforms.models import IndicatorSnapshot, SnapshotPeriod
from reforms.snapshots import (
    evaluate_everywhere,
    months,
    refresh_stale_snapshots,
    snapshot_series,
    stale_periods,
    take_snapshot,
)
from zones.models import Zone
from zones.scopes import CITY, ZONE, Scope

AUGUST = datetime.date(2024, 8, 1)
SOURCES = len({source for indicator in INDICATORS for source in indicator.sources})


@pytest.fixture
def quiet_hook(db):
    """No refresh pending from rows saved earlier in the session, no debounce flag set."""
    tasks._pending.__dict__.clear()
    cache.clear()
    yield
    tasks._pending.__dict__.clear()
    cache.clear()


@pytest.fixture
def enqueued(monkeypatch):
    """The refreshes enqueued, recorded instead of run."""
    calls = []
    monkeypatch.setattr(tasks.refresh_snapshots, "apply_async", lambda *a, **kw: calls.append(kw))
    return calls


@pytest.fixture
def zone(db):
    return Zone.objects.select_related("city").order_by("pk").first()


def add_project(zone, name, signed_on):
    return Project.objects.create(
        zone=zone,
        name=name,
        investor="快照测试投资有限公司",
        industry=Project.Industry.MATERIALS,
        total_investment=Decimal("10000"),
        signed_on=signed_on,
    )


def stored(code, scope_key, period):
    return IndicatorSnapshot.objects.get(code=code, scope=scope_key, snapshot__period=period).value


def test_a_snapshot_stores_every_indicator_for_the_province_each_city_and_each_zone(demo_db):
    snapshot = take_snapshot(AUGUST)

    expected = len(INDICATORS.select("province")) + sum(
        len(INDICATORS.select(group)) * count for group, count in ((CITY, 11), (ZONE, 93))
    )
    assert (
        snapshot.values == expected == IndicatorSnapshot.objects.filter(snapshot=snapshot).count()
    )
    assert snapshot.as_of == datetime.date(2024, 8, 31)
    # The published figures come back from the table as they do from the registry.
    assert stored("platform_companies", "province", AUGUST) == 164
    assert stored("separation_pilot_zones", "province", AUGUST) == 11


def test_retaking_a_month_replaces_its_values_and_never_duplicates_them(demo_db, zone):
    take_snapshot(AUGUST)
    count = IndicatorSnapshot.objects.count()
    add_project(zone, "快照重算项目", datetime.date(2024, 8, 10))

    take_snapshot(AUGUST)
    take_snapshot(AUGUST)

    assert IndicatorSnapshot.objects.count() == count
    assert SnapshotPeriod.objects.filter(period=AUGUST).count() == 1
    live = INDICATORS.evaluate(datetime.date(2024, 8, 31), Scope(zone=zone), ["signed_not_landed"])
    assert stored("signed_not_landed", f"zone:{zone.pk}", AUGUST) == live[0].value


def test_taking_a_snapshot_reads_with_the_same_queries_whatever_the_number_of_zones(demo_db):
    with CaptureQueriesContext(connection) as queries:
        take_snapshot(AUGUST)

    # Three evaluations (province, by city, by zone) run each source once; then the month's row,
    # its lock, the delete and the update. Only the batched insert of the ~5,400 rows remains.
    others = [q for q in queries.captured_queries if not q["sql"].startswith("INSERT")]
    assert len(others) <= 3 * SOURCES + 10


def test_the_current_month_is_taken_as_of_today_and_a_future_month_is_refused(demo_db):
    today = datetime.date(2024, 12, 10)

    assert take_snapshot(datetime.date(2024, 12, 1), today=today).as_of == today
    with pytest.raises(ValueError):
        take_snapshot(datetime.date(2025, 1, 1), today=today)


def test_snapshot_series_reads_stored_months_as_the_registry_gives_them(
    demo_db, django_assert_num_queries
):
    for period in months(datetime.date(2024, 6, 1), AUGUST):
        take_snapshot(period)
    city_scope = Scope(city=Zone.objects.first().city)

    with django_assert_num_queries(1):
        series = snapshot_series("platform_company_coverage", city_scope, AUGUST, AUGUST)
    province = snapshot_series("platform_companies", Scope(), datetime.date(2024, 1, 1), AUGUST)

    assert [value.as_of for value in province] == [
        datetime.date(2024, 6, 30),
        datetime.date(2024, 7, 31),
        datetime.date(2024, 8, 31),
    ]
    for value in province + series:
        live = INDICATORS.evaluate(value.as_of, value.scope, [value.indicator.code])[0]
        assert value.as_dict() == live.as_dict()


def test_a_change_marks_the_months_from_its_date_stale_and_enqueues_one_refresh(
    demo_db, zone, quiet_hook, enqueued, django_capture_on_commit_callbacks, settings
):
    for period in months(datetime.date(2024, 10, 1), datetime.date(2024, 12, 1)):
        take_snapshot(period)

    with django_capture_on_commit_callbacks(execute=True):
        add_project(zone, "十一月签约项目一", datetime.date(2024, 11, 15))
        add_project(zone, "十一月签约项目二", datetime.date(2024, 11, 20))
    with django_capture_on_commit_callbacks(execute=True):
        add_project(zone, "十二月签约项目", datetime.date(2024, 12, 3))

    versions = dict(SnapshotPeriod.objects.values_list("period", "data_version"))
    assert versions == {
        datetime.date(2024, 10, 1): 1,
        datetime.date(2024, 11, 1): 2,
        datetime.date(2024, 12, 1): 3,
    }
    # Two transactions, one refresh waiting for the burst to end.
    assert enqueued == [{"countdown": settings.SNAPSHOT_REFRESH_DELAY}]


def test_moving_a_date_later_makes_the_months_from_the_old_date_stale(
    demo_db, zone, quiet_hook, enqueued, django_capture_on_commit_callbacks
):
    project = add_project(zone, "推迟签约项目", datetime.date(2024, 10, 20))
    for period in months(datetime.date(2024, 10, 1), datetime.date(2024, 12, 1)):
        take_snapshot(period)
    tasks._pending.__dict__.clear()

    with django_capture_on_commit_callbacks(execute=True):
        project.signed_on = datetime.date(2024, 12, 2)
        project.save()

    assert stale_periods() == [
        datetime.date(2024, 10, 1),
        datetime.date(2024, 11, 1),
        datetime.date(2024, 12, 1),
    ]


def test_a_change_outside_the_stored_months_enqueues_nothing(
    demo_db, zone, quiet_hook, enqueued, django_capture_on_commit_callbacks
):
    take_snapshot(datetime.date(2024, 10, 1))

    with django_capture_on_commit_callbacks(execute=True):
        add_project(zone, "明年签约项目", datetime.date(2024, 11, 5))

    assert enqueued == []
    assert SnapshotPeriod.objects.get().is_current


def test_the_refresh_recomputes_stale_months_with_the_changed_data(
    demo_db, zone, quiet_hook, django_capture_on_commit_callbacks
):
    december = datetime.date(2024, 12, 1)
    take_snapshot(december)
    before = stored("signed_not_landed", f"zone:{zone.pk}", december)

    # Eager: the enqueued refresh runs when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        add_project(zone, "刷新快照项目", datetime.date(2024, 12, 10))

    assert stored("signed_not_landed", f"zone:{zone.pk}", december) == before + 1
    assert SnapshotPeriod.objects.get(period=december).is_current
    assert refresh_stale_snapshots() == []


def test_the_daily_run_takes_the_previous_and_current_month(demo_db, quiet_hook):
    result = tasks.snapshot_recent_periods.delay("2024-12-03").get()

    assert result == ["2024-11-01", "2024-12-01"]
    assert SnapshotPeriod.objects.get(period=datetime.date(2024, 12, 1)).as_of == datetime.date(
        2024, 12, 3
    )


def test_backfill_stores_a_range_of_months_with_a_progress_bar(demo_db, capsys):
    call_command("backfill_snapshots", "--from", "2024-06", "--to", "2024-08")

    out = capsys.readouterr().out
    assert "[" + "#" * 30 + "] 3/3 2024-08" in out
    assert list(SnapshotPeriod.objects.order_by("period").values_list("period", flat=True)) == [
        datetime.date(2024, 6, 1),
        datetime.date(2024, 7, 1),
        AUGUST,
    ]


def test_evaluating_everywhere_covers_93_zones_and_11_cities(demo_db):
    keys = {value.scope.key for value in evaluate_everywhere(datetime.date(2024, 8, 31))}

    assert len(keys) == 1 + 11 + 93
