"""The one cache-invalidation signal: saving or deleting data that indicators read makes the
stored snapshot months it affects stale and enqueues a refresh (reforms.tasks.enqueue_snapshot_refresh).

Connected in ReformsConfig.ready() for every model of the reforms and projects apps, and for
cities and zones, except the jobs' own output (NOT_SOURCES) and history tables. A row counts
from its dates on (a project from its signing, a month's figures from that month), so a change
affects the months from the earliest date it held before or after the change; a row without
dates (a round entry) affects every month, and so does a city or a zone, which count at every
date. Nothing else happens in signals.

Every saved change counts, a draft's too (indicators read only approved periods, so a refresh
for a draft finds nothing changed); approving, returning or reopening a report saves the
ZoneReport, which makes its period's months stale.
"""

import datetime

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from simple_history.models import HistoricalChanges

from .tasks import enqueue_snapshot_refresh

SOURCE_APPS = ("reforms", "projects")
UNDATED_SOURCES = ("zones.City", "zones.Zone")
NOT_SOURCES = (
    "reforms.SnapshotPeriod",
    "reforms.IndicatorSnapshot",
    "reforms.ReportReminder",
    # The log of a report's moves; the move itself saves the ZoneReport, which counts.
    "reforms.ReportTransition",
    "projects.StalledProjectAlert",
)


def dated_source_models() -> list[type[models.Model]]:
    skip = {apps.get_model(label) for label in NOT_SOURCES}
    return [
        model
        for app in SOURCE_APPS
        for model in apps.get_app_config(app).get_models()
        if model not in skip and not issubclass(model, HistoricalChanges)
    ]


def _date_fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, models.DateField)]


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def remember_dates(sender, instance, raw=False, **kwargs):
    """Before an update, note the dates the row held: moving a date later affects the old one."""
    fields = _date_fields(sender)
    if raw or instance.pk is None or not fields:
        return
    before = sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()
    instance._dates_before_save = [day for day in before or () if day is not None]


def data_changed(sender, instance, **kwargs):
    dates = [getattr(instance, name) for name in _date_fields(sender)]
    dates += getattr(instance, "_dates_before_save", [])
    dates = [_as_date(day) for day in dates if day is not None]
    enqueue_snapshot_refresh(min(dates) if dates else None)


def undated_data_changed(sender, instance, **kwargs):
    enqueue_snapshot_refresh(None)


def connect() -> None:
    for model in dated_source_models():
        uid = f"snapshots:{model._meta.label}"
        pre_save.connect(remember_dates, sender=model, dispatch_uid=uid)
        post_save.connect(data_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(data_changed, sender=model, dispatch_uid=uid)
    for label in UNDATED_SOURCES:
        uid = f"snapshots:{label}"
        post_save.connect(undated_data_changed, sender=label, dispatch_uid=uid)
        post_delete.connect(undated_data_changed, sender=label, dispatch_uid=uid)
