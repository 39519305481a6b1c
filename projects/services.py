"""Writes to projects from outside the admin (the API): each validated by the model layer exactly as
the admin validates (`full_clean()`), inside one transaction, so nothing is ever half-saved."""

import datetime
from decimal import Decimal

from django.db import transaction

from zones.models import Zone

from .models import MonthlyInvestment, Project


@transaction.atomic
def project_create(*, zone: Zone, **fields) -> Project:
    project = Project(zone=zone, **fields)
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_update(*, project: Project, **changes) -> Project:
    """Change the given fields (a zone included) of a project."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    for name, value in changes.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    return project


def project_record_milestone(
    *, project: Project, milestone: str, day: datetime.date | None
) -> Project:
    """Set (or clear, with None) the date a project reached a milestone ("signed", "started", …)."""
    return project_update(project=project, **{f"{milestone}_on": day})


@transaction.atomic
def project_record_investment(
    *, project: Project, month: datetime.date, amount: Decimal
) -> tuple[MonthlyInvestment, bool]:
    """Create or replace the investment a project completed in a month; returns (row, created).

    The project row is locked so that two writers cannot together exceed its planned total."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    record = MonthlyInvestment.objects.filter(project=project, month=month).first()
    created = record is None
    if created:
        record = MonthlyInvestment(project=project, month=month)
    record.amount = amount
    record.full_clean()
    record.save()
    return record, created
