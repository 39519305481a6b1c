"""三未 alerts: a project stuck at one milestone longer than its kind's threshold
(settings.STALLED_ALERT_DAYS) has one open alert; the alert closes when the project moves on.

How long a project is stuck counts from the milestone it is stuck at (projects.queries): signing
for 签而未落, landing for 落而未投, the first month with investment for 投未见效.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Greatest

from .models import Project, StalledProjectAlert
from .queries import _stuck_since as stuck_since
from .queries import stalled_conditions


@transaction.atomic
def detect_stalled_projects(as_of: datetime.date) -> dict[str, dict[str, int]]:
    """Open and close alerts as of the date; returns per kind how many were opened, closed and
    are open. A fixed number of queries per kind, plus one per alert whose dates moved."""
    # Alerts are the zone's working list, not a published figure: they follow every month of
    # investment entered, approved or not, so a project leaves the list as soon as it moves.
    since = stuck_since(as_of, approved_only=False)
    return {
        kind: _sync(kind, condition, since[kind], as_of)
        for kind, condition in stalled_conditions(as_of, approved_only=False).items()
    }


def _sync(kind, condition, since, as_of) -> dict[str, int]:
    cutoff = as_of - datetime.timedelta(days=settings.STALLED_ALERT_DAYS[kind])
    stuck = {
        pk: (zone_id, day)
        for pk, zone_id, day in Project.objects.filter(condition)
        .annotate(since=since)
        .filter(since__lte=cutoff)
        .values_list("pk", "zone_id", "since")
    }
    open_alerts = StalledProjectAlert.objects.filter(kind=kind, closed_on__isnull=True)
    known = {alert.project_id: alert for alert in open_alerts}
    moved_on = [alert.pk for project_id, alert in known.items() if project_id not in stuck]
    open_alerts.filter(pk__in=moved_on).update(closed_on=Greatest("opened_on", Value(as_of)))
    open_alerts.filter(project_id__in=stuck).update(checked_on=as_of)
    for project_id, alert in known.items():
        if project_id in stuck and (alert.zone_id, alert.stuck_since) != stuck[project_id]:
            alert.zone_id, alert.stuck_since = stuck[project_id]
            alert.save(update_fields=["zone", "stuck_since"])
    new = [
        StalledProjectAlert(
            project_id=pk,
            zone_id=zone_id,
            kind=kind,
            stuck_since=day,
            opened_on=as_of,
            checked_on=as_of,
        )
        for pk, (zone_id, day) in stuck.items()
        if pk not in known
    ]
    StalledProjectAlert.objects.bulk_create(new, ignore_conflicts=True)
    return {"opened": len(new), "closed": len(moved_on), "open": len(stuck)}
