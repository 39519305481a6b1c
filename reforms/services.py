"""Writes to reform records that come from outside the admin (the API): validated by the model
layer exactly as the admin validates, inside one transaction."""

import datetime

from django.db import transaction

from zones.models import Zone

from .models import PeriodicFigures


@transaction.atomic
def periodic_figures_record(
    *, zone: Zone, period: datetime.date, figures: dict
) -> tuple[PeriodicFigures, bool]:
    """Create or replace a zone's figures for one month; returns (figures, created)."""
    record = PeriodicFigures.objects.select_for_update().filter(zone=zone, period=period).first()
    created = record is None
    if created:
        record = PeriodicFigures(zone=zone, period=period)
    for name, value in figures.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    return record, created
