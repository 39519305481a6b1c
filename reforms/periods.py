"""The dates figures are read at: the default as-of date, and the period ends of a time series."""

import datetime

from django.utils import timezone

from .queries import latest_reported_date

# A series is evaluated once per period end, so its cost grows with the number of periods: capped.
MAX_PERIODS = 60
MONTHS_PER_PERIOD = {"month": 1, "quarter": 3, "year": 12}


def default_as_of() -> datetime.date:
    """The end of the latest month any zone has reported, never after today."""
    return latest_reported_date(timezone.localdate())


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def _month_end(index: int) -> datetime.date:
    year, month = divmod(index + 1, 12)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def period_ends(start: datetime.date, end: datetime.date, period: str) -> list[datetime.date]:
    """The last day of every period (month, calendar quarter or year) from the one holding `start`
    to the one holding `end`; the last is `end` itself, as-of dates never lie in the future."""
    step = MONTHS_PER_PERIOD[period]
    first = _month_index(start) // step * step + step - 1
    last = _month_index(end) // step * step + step - 1
    return [min(_month_end(index), end) for index in range(first, last + 1, step)]


def periods_back(end: datetime.date, count: int, period: str) -> datetime.date:
    """The first day of the period `count` periods before the one holding `end`."""
    step = MONTHS_PER_PERIOD[period]
    index = _month_index(end) // step * step - count * step
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1)
