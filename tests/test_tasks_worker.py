"""The jobs run by a real Celery worker (a thread) through Redis, as in production.

The worker has its own database connection, so these tests commit (`transactional_db`, which
empties the database after each test): each makes the rows it needs. They need Redis
(CELERY_TEST_BROKER_URL, default redis://127.0.0.1:6379/5, on a queue of the test process's own) and a database that
two connections share (PostgreSQL, or the SQLite test database, which is a file). Without Redis they are skipped, except
under CI=true, where a missing Redis fails them.
"""

import datetime
import os
import time
from decimal import Decimal

import celery.contrib.testing.tasks  # noqa: F401  (registers celery.ping for the start-up check)
import pytest
import redis
from celery.contrib.testing.app import TestApp, setup_default_app
from celery.contrib.testing.worker import start_worker
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django_celery_results.models import TaskResult

from projects import tasks as project_tasks
from projects.models import MonthlyInvestment, Project, StalledProjectAlert
from reforms import snapshots
from reforms import tasks as reform_tasks
from reforms.indicators import INDICATORS
from reforms.models import IndicatorSnapshot, SnapshotPeriod, ZoneReport
from zones.models import City, Zone, ZoneMembership
from zones.scopes import Scope

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
MARCH = datetime.date(2025, 3, 1)


def require_redis():
    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = f"Redis is not reachable at {BROKER_URL}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def worker(transactional_db, settings):
    """A Celery app of the project's tasks with a worker thread consuming from Redis."""
    require_redis()
    settings.SNAPSHOT_REFRESH_DELAY = 0
    reform_tasks._pending.__dict__.clear()
    cache.clear()
    app = TestApp(
        set_as_current=False,
        config={
            "broker_url": BROKER_URL,
            # A queue of this process's own, so that test runs side by side never take each
            # other's tasks.
            "task_default_queue": f"zrm-test-{os.getpid()}",
            "result_backend": "django-db",
            "result_extended": True,
            "task_acks_late": True,
            "worker_prefetch_multiplier": 1,
            "timezone": "Asia/Shanghai",
        },
    )
    with setup_default_app(app):
        app.set_current()
        app.set_default()
        with start_worker(app, pool="solo", shutdown_timeout=30):
            yield app
    cache.clear()


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the worker did not get there in time")
        time.sleep(0.2)


def make_zone(name="工作者测试"):
    city = City.objects.create(
        adcode="149904", name=f"{name}市", short_name=name, latitude=37, longitude=112
    )
    return Zone.objects.create(
        name=f"{name}经济技术开发区",
        short_name=f"{name}经开区",
        city=city,
        level=Zone.Level.PROVINCIAL,
        kind=Zone.Kind.ECONOMIC,
    )


def add_project(zone, name, **dates):
    return Project.objects.create(
        zone=zone,
        name=name,
        investor="工作者测试投资有限公司",
        industry=Project.Industry.NEW_ENERGY,
        total_investment=Decimal("20000"),
        **dates,
    )


def stored(code, zone, period=MARCH):
    return IndicatorSnapshot.objects.get(
        code=code, scope=f"zone:{zone.pk}", snapshot__period=period
    ).value


def test_the_worker_stores_a_month_once_however_often_it_runs(worker):
    zone = make_zone()
    add_project(zone, "幂等项目", signed_on=datetime.date(2025, 2, 10))

    first = reform_tasks.take_snapshot.delay(MARCH.isoformat()).get(timeout=60)
    second = reform_tasks.take_snapshot.delay(MARCH.isoformat()).get(timeout=60)

    assert first == second == IndicatorSnapshot.objects.count()
    assert SnapshotPeriod.objects.get().is_current
    assert stored("signed_not_landed", zone) == 1


def test_a_committed_change_is_recomputed_by_the_worker(worker):
    zone = make_zone()
    reform_tasks.take_snapshot.delay(MARCH.isoformat()).get(timeout=60)
    assert stored("signed_not_landed", zone) == 0

    with transaction.atomic():
        add_project(zone, "新签约项目", signed_on=datetime.date(2025, 3, 12))

    wait_until(lambda: SnapshotPeriod.objects.get().is_current)
    assert stored("signed_not_landed", zone) == 1
    assert TaskResult.objects.filter(
        task_name="reforms.tasks.refresh_snapshots", status="SUCCESS"
    ).exists()


def test_the_worker_alerts_stalled_projects_at_their_thresholds(worker, settings):
    as_of = datetime.date(2025, 6, 30)
    days = settings.STALLED_ALERT_DAYS
    zone = make_zone()
    add_project(
        zone, "签而未落-到期", signed_on=as_of - datetime.timedelta(days["signed_not_landed"])
    )
    add_project(
        zone, "签而未落-未到", signed_on=as_of - datetime.timedelta(days["signed_not_landed"] - 1)
    )
    landed = add_project(
        zone,
        "落而未投-到期",
        signed_on=datetime.date(2024, 1, 1),
        landed_on=as_of - datetime.timedelta(days["landed_not_invested"]),
    )
    invested = add_project(
        zone,
        "投未见效-到期",
        signed_on=datetime.date(2024, 1, 1),
        landed_on=datetime.date(2024, 2, 1),
        started_on=datetime.date(2024, 3, 1),
    )
    first_month = as_of - datetime.timedelta(days["invested_no_output"])
    assert first_month.day == 1
    MonthlyInvestment.objects.create(project=invested, month=first_month, amount=Decimal("100"))

    project_tasks.detect_stalled_projects.delay(as_of.isoformat()).get(timeout=60)

    alerts = {(a.project.name, a.kind) for a in StalledProjectAlert.objects.filter(zone=zone)}
    assert alerts == {
        ("签而未落-到期", "signed_not_landed"),
        ("落而未投-到期", "landed_not_invested"),
        ("投未见效-到期", "invested_no_output"),
    }
    landed.started_on = as_of
    MonthlyInvestment.objects.create(
        project=landed, month=datetime.date(2025, 6, 1), amount=Decimal("100")
    )
    landed.save()
    project_tasks.detect_stalled_projects.delay("2025-07-01").get(timeout=60)
    assert StalledProjectAlert.objects.get(project=landed).closed_on == datetime.date(2025, 7, 1)


def test_the_worker_reminds_only_the_officers_of_zones_that_have_not_reported(worker, mailoutbox):
    late = make_zone("未报")
    done = Zone.objects.create(
        name="已报经济技术开发区",
        short_name="已报经开区",
        city=late.city,
        level=Zone.Level.PROVINCIAL,
        kind=Zone.Kind.ECONOMIC,
    )
    users = get_user_model().objects
    for username, zone, active in (
        ("late1", late, True),
        ("late2", late, True),
        ("late_left", late, False),
        ("done1", done, True),
        ("no_zone", None, True),
    ):
        user = users.create_user(username, email=f"{username}@example.cn", is_active=active)
        if zone:
            ZoneMembership.objects.create(user=user, zone=zone)
    ZoneReport.objects.create(
        zone=done, period=datetime.date(2025, 5, 1), status=ZoneReport.Status.SUBMITTED
    )

    sent = reform_tasks.send_report_reminders.delay("2025-06-02").get(timeout=60)
    again = reform_tasks.send_report_reminders.delay("2025-06-02").get(timeout=60)

    assert (sent, again) == (1, 0)
    assert [sorted(message.to) for message in mailoutbox] == [
        ["late1@example.cn", "late2@example.cn"]
    ]


def test_a_task_retried_after_a_database_fault_ends_with_correct_data(worker, monkeypatch):
    zone = make_zone()
    add_project(zone, "故障后重试项目", signed_on=datetime.date(2025, 1, 20))
    store, attempts = snapshots._store_rows, []

    def fail_halfway_once(snapshot, rows):
        attempts.append(len(rows))
        if len(attempts) == 1:
            store(snapshot, rows[: len(rows) // 2])
            drop_the_connection()
        store(snapshot, rows)

    monkeypatch.setattr(snapshots, "_store_rows", fail_halfway_once)

    result = reform_tasks.take_snapshot.delay(MARCH.isoformat())

    assert result.get(timeout=60) == attempts[0]
    assert len(attempts) == 2
    # Half of the first attempt's rows were rolled back with it: every value once, and right.
    assert IndicatorSnapshot.objects.count() == attempts[0]
    live = INDICATORS.evaluate(datetime.date(2025, 3, 31), Scope(zone=zone))
    assert {v.indicator.code: v.value for v in live}["signed_not_landed"] == 1
    assert stored("signed_not_landed", zone) == 1
    assert TaskResult.objects.get(task_id=result.id).status == "SUCCESS"


def drop_the_connection():
    """A real fault on PostgreSQL: the server ends this session mid-transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    raise OperationalError("simulated: the database closed the connection")


def test_a_failed_task_is_recorded_with_its_error(worker):
    result = reform_tasks.take_snapshot.delay("2999-01-01")

    with pytest.raises(ValueError):
        result.get(timeout=60)
    failed = TaskResult.objects.get(task_id=result.id)
    assert failed.status == "FAILURE"
    assert "has not begun yet" in failed.traceback
    assert not SnapshotPeriod.objects.exists()
