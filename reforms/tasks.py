"""Celery tasks of the reform data: snapshots and report reminders. Each takes dates as ISO
strings, calls one service, is idempotent, and retries transient failures (config.celery.RETRY).

`enqueue_snapshot_refresh` is the one hook that turns a data change into a snapshot refresh.
"""

import datetime
import threading

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from config.celery import RETRY

from . import reminders, snapshots

REFRESH_QUEUED = "snapshots:refresh-queued"
_NOTHING = object()
_pending = threading.local()


def _day(value: str | None) -> datetime.date:
    return datetime.date.fromisoformat(value) if value else timezone.localdate()


@shared_task(**RETRY)
def take_snapshot(period: str) -> int:
    """Store every indicator for the month of `period` (YYYY-MM-DD); returns the values stored."""
    return snapshots.take_snapshot(_day(period)).values


@shared_task(**RETRY)
def refresh_snapshots() -> list[str]:
    """Recompute the stored months whose data changed; enqueued by enqueue_snapshot_refresh."""
    # Cleared first: a change committed from now on enqueues another refresh.
    cache.delete(REFRESH_QUEUED)
    return [period.isoformat() for period in snapshots.refresh_stale_snapshots()]


@shared_task(**RETRY)
def snapshot_recent_periods(today: str | None = None) -> list[str]:
    """The daily run: the previous and the current month, then any stale stored month."""
    day = _day(today)
    recent = [snapshots.previous_month(day), snapshots.month_start(day)]
    for period in recent:
        snapshots.take_snapshot(period, today=day)
    refreshed = snapshots.refresh_stale_snapshots(today=day)
    return [period.isoformat() for period in recent + refreshed]


@shared_task(**RETRY)
def send_report_reminders(today: str | None = None) -> int:
    """Mail the officers of zones that have not reported, on the days around each deadline."""
    return reminders.send_report_reminders(_day(today))


def enqueue_snapshot_refresh(since: datetime.date | None) -> None:
    """The one cache-invalidation hook: data that indicators read changed from `since` on (None:
    at every date). When the current transaction commits, the stored snapshot months from then
    on become stale and one refresh is enqueued, delayed by SNAPSHOT_REFRESH_DELAY seconds.

    Debounced twice: within a transaction the earliest date is kept and the database is touched
    once at commit; across transactions and processes, a cache flag lets only one refresh wait
    at a time. Staleness itself lives in the database (SnapshotPeriod.data_version), so a lost
    flag or task costs a delay, never a wrong figure: the daily run refreshes stale months too.
    """
    pending = getattr(_pending, "since", _NOTHING)
    if pending is _NOTHING:
        _pending.since = since
    elif pending is not None:
        _pending.since = None if since is None else min(pending, since)
    transaction.on_commit(_mark_pending_stale, robust=True)


def _mark_pending_stale() -> None:
    since = getattr(_pending, "since", _NOTHING)
    if since is _NOTHING:
        return  # an earlier callback of the same transaction did it
    del _pending.since
    if snapshots.mark_stale(since):
        request_refresh()


def request_refresh() -> None:
    """Enqueue one refresh of the stale months, unless one is already waiting."""
    delay = settings.SNAPSHOT_REFRESH_DELAY
    if not cache.add(REFRESH_QUEUED, True, timeout=delay + 60):
        return
    try:
        refresh_snapshots.apply_async(countdown=delay)
    except Exception:
        cache.delete(REFRESH_QUEUED)
        raise
