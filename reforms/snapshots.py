"""Indicator snapshots: every indicator's value for the province, each city and each zone in a
month, stored so that trend charts and history read one table instead of recomputing.

Write: `take_snapshot(period)` computes a month and replaces its rows in one transaction, so
re-running a month replaces it and a failed run leaves the previous rows as they were.
Read: `snapshot_series(code, scope, start, end)` gives the same IndicatorValue objects as the live
registry, one per stored month; `stored_values(scope, codes, days)` the current stored values on
given days, which the trend charts read (reforms.queries.indicator_trend).
Staleness: `mark_stale(since)` bumps the data version of every stored month from `since` on;
`refresh_stale_snapshots()` recomputes those. The hook that calls `mark_stale` when data changes
is reforms.tasks.enqueue_snapshot_refresh (see reforms/signals.py).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from zones.scopes import CITY, ZONE, Scope

from .indicators import INDICATORS, Indicator, IndicatorValue, Status
from .models import IndicatorSnapshot, SnapshotPeriod


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def previous_month(period: datetime.date) -> datetime.date:
    return month_start(month_start(period) - datetime.timedelta(days=1))


def months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the months from start's to end's, in order."""
    result, period = [], month_start(start)
    while period <= end:
        result.append(period)
        period = month_end(period) + datetime.timedelta(days=1)
    return result


def evaluate_everywhere(as_of: datetime.date) -> list[IndicatorValue]:
    """Every indicator for the province, each city and each zone: one query per indicator source
    for each of the three levels, whatever the number of zones."""
    values = INDICATORS.evaluate(as_of, Scope())
    for group in (CITY, ZONE):
        for member_values in INDICATORS.evaluate_by(as_of, group).values():
            values.extend(member_values)
    return values


def take_snapshot(period: datetime.date, *, today: datetime.date | None = None) -> SnapshotPeriod:
    """Compute and store every indicator for the month, as of its last day (or today, for the
    current month). Replaces the month's previous rows; never duplicates them."""
    period, today = month_start(period), today or timezone.localdate()
    if period > today:
        raise ValueError(f"{period:%Y-%m} has not begun yet")
    as_of = min(month_end(period), today)
    snapshot, _ = SnapshotPeriod.objects.get_or_create(period=period, defaults={"as_of": as_of})
    # Read before computing: data changed while we compute leaves the month stale, to be redone.
    version = snapshot.data_version
    rows = [
        IndicatorSnapshot(
            snapshot=snapshot,
            scope=value.scope.key,
            code=value.indicator.code,
            value=value.value,
            status=value.status.value if value.status else "",
        )
        for value in evaluate_everywhere(as_of)
    ]
    with transaction.atomic():
        snapshot = SnapshotPeriod.objects.select_for_update().get(pk=snapshot.pk)
        _store_rows(snapshot, rows)
        snapshot.as_of, snapshot.taken_at = as_of, timezone.now()
        snapshot.taken_version, snapshot.values = version, len(rows)
        snapshot.save(update_fields=["as_of", "taken_at", "taken_version", "values"])
    return snapshot


def _store_rows(snapshot: SnapshotPeriod, rows: list[IndicatorSnapshot]) -> None:
    snapshot.rows.all().delete()
    IndicatorSnapshot.objects.bulk_create(rows, batch_size=1000)


def stale_periods() -> list[datetime.date]:
    changed = SnapshotPeriod.objects.exclude(taken_version=F("data_version"))
    return list(changed.order_by("period").values_list("period", flat=True))


def refresh_stale_snapshots(*, today: datetime.date | None = None) -> list[datetime.date]:
    """Recompute every stored month whose data changed since it was taken, oldest first."""
    periods = stale_periods()
    for period in periods:
        take_snapshot(period, today=today)
    return periods


def mark_stale(since: datetime.date | None) -> int:
    """Mark the stored months from `since`'s month on (all of them for None) as out of date.
    Returns how many months that touched."""
    stored = SnapshotPeriod.objects.all()
    if since is not None:
        stored = stored.filter(period__gte=month_start(since))
    return stored.update(data_version=F("data_version") + 1)


def _typed(indicator: Indicator, value: Decimal | None):
    """A stored value as the live registry gives it: whole numbers as int, else its decimals."""
    if value is None:
        return None
    if indicator.decimals == 0:
        return int(value)
    return value.quantize(Decimal(1).scaleb(-indicator.decimals))


def snapshot_series(
    code: str, scope: Scope, start: datetime.date, end: datetime.date
) -> list[IndicatorValue]:
    """One indicator's stored values for a scope in the months from start's to end's, oldest
    first, as IndicatorValues dated as of each snapshot; months never snapshotted are absent.
    One query."""
    indicator = INDICATORS[code]
    rows = (
        IndicatorSnapshot.objects.filter(
            code=code,
            scope=scope.key,
            snapshot__period__range=(month_start(start), month_start(end)),
        )
        .select_related("snapshot")
        .order_by("snapshot__period")
    )
    return [_stored_value(indicator, row, scope) for row in rows]


def _stored_value(indicator: Indicator, row: IndicatorSnapshot, scope: Scope) -> IndicatorValue:
    return IndicatorValue(
        indicator,
        _typed(indicator, row.value),
        row.snapshot.as_of,
        scope,
        Status(row.status) if row.status else None,
    )


def stored_values(
    scope: Scope, codes: list[str], days: list[datetime.date]
) -> dict[datetime.date, list[IndicatorValue]]:
    """The named indicators for a scope on each of the days a current snapshot was taken as of
    (a past month's end, or the day the current month was taken), in the order of `codes`, as the
    live registry gives them. Days without one — never taken, stale since a data change, or not a
    snapshot date — are absent: the caller evaluates those. One query."""
    rows = IndicatorSnapshot.objects.filter(
        code__in=codes,
        scope=scope.key,
        snapshot__as_of__in=days,
        snapshot__taken_version=F("snapshot__data_version"),
    ).select_related("snapshot")
    by_day: dict[datetime.date, dict[str, IndicatorValue]] = {}
    for row in rows:
        indicator = INDICATORS[row.code]
        by_day.setdefault(row.snapshot.as_of, {})[row.code] = _stored_value(indicator, row, scope)
    return {
        day: [values[code] for code in codes]
        for day, values in by_day.items()
        if len(values) == len(codes)
    }
