"""Celery tasks of the 三个一批 projects: the daily 三未 detection. Dates are ISO strings; the task
is idempotent and retries transient failures (config.celery.RETRY)."""

import datetime

from celery import shared_task
from django.utils import timezone

from config.celery import RETRY

from . import alerts


@shared_task(**RETRY)
def detect_stalled_projects(as_of: str | None = None) -> dict[str, dict[str, int]]:
    """Open alerts for projects stuck beyond their threshold and close those that moved on."""
    day = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    return alerts.detect_stalled_projects(day)
