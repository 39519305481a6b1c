"""Reads over period reports: for one period, every zone's report status and timeliness, with
totals per city and for the province (the 填报进度 page and GET /api/v1/reports).

Completeness: how many zones have submitted (已提交 or 已通过) and how many are approved.
Timeliness: a report standing as submitted or approved is on time (按时) when that submission came
on or before the deadline, else late (逾期); a zone with no such report is missing (逾期未报) once
the deadline has passed, pending (待报) before. The submission judged is the one standing: a
report sent back and submitted again after the deadline is late.

Two queries, whatever the number of zones: the zones, and the period's reports.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zones.models import City, Zone

from .models import ZoneReport, report_deadline, report_period

Status = ZoneReport.Status

# Timeliness codes and their names.
ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
TIMELINESS = {
    ON_TIME: _("按时报送"),
    LATE: _("逾期报送"),
    MISSING: _("逾期未报"),
    PENDING: _("待报"),
}
# A zone without a report is shown as 未填报.
NO_REPORT = "none"
STATUS_NAMES = {NO_REPORT: _("未填报"), **dict(Status.choices)}


@dataclass(frozen=True)
class ZoneProgress:
    """One zone's report for the period (None: not started) and its timeliness."""

    zone: Zone
    report: ZoneReport | None
    timeliness: str

    @property
    def status(self) -> str:
        return self.report.status if self.report else NO_REPORT

    @property
    def status_name(self) -> str:
        return str(STATUS_NAMES[self.status])

    @property
    def timeliness_name(self) -> str:
        return str(TIMELINESS[self.timeliness])


@dataclass
class Totals:
    """Counts of zones by report status and by timeliness, and the shares they make."""

    zones: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_NAMES, 0))
    by_timeliness: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TIMELINESS, 0))

    def add(self, row: ZoneProgress) -> None:
        self.zones += 1
        self.by_status[row.status] += 1
        self.by_timeliness[row.timeliness] += 1

    @property
    def submitted(self) -> int:
        """Zones whose report stands submitted or approved (已报送)."""
        return sum(self.by_status[s] for s in ZoneReport.REPORTED)

    @property
    def approved(self) -> int:
        return self.by_status[Status.APPROVED]

    def _share(self, count: int) -> float | None:
        return round(100 * count / self.zones, 1) if self.zones else None

    @property
    def submitted_share(self) -> float | None:
        return self._share(self.submitted)

    @property
    def approved_share(self) -> float | None:
        return self._share(self.approved)

    @property
    def on_time_share(self) -> float | None:
        return self._share(self.by_timeliness[ON_TIME])

    def as_dict(self) -> dict:
        return {
            "zones": self.zones,
            "submitted": self.submitted,
            "approved": self.approved,
            "submitted_share": self.submitted_share,
            "approved_share": self.approved_share,
            "on_time_share": self.on_time_share,
            "by_status": dict(self.by_status),
            "by_timeliness": dict(self.by_timeliness),
        }


@dataclass(frozen=True)
class ReportProgress:
    period: datetime.date
    period_end: datetime.date
    deadline: datetime.date
    zones: list[ZoneProgress]
    cities: list[tuple[City, Totals]]
    province: Totals

    def zones_of(self, city: City | None) -> list[ZoneProgress]:
        if city is None:
            return self.zones
        return [row for row in self.zones if row.zone.city_id == city.pk]

    def totals_of(self, city: City | None) -> Totals:
        if city is None:
            return self.province
        return next((totals for c, totals in self.cities if c.pk == city.pk), Totals())


def timeliness(report: ZoneReport | None, deadline: datetime.date, today: datetime.date) -> str:
    """On time when the standing submission came on or before the deadline day (local time)."""
    if report is not None and report.status in ZoneReport.REPORTED and report.submitted_at:
        submitted_on = timezone.localdate(report.submitted_at)
        return ON_TIME if submitted_on <= deadline else LATE
    return MISSING if today > deadline else PENDING


def report_progress(day: datetime.date, today: datetime.date | None = None) -> ReportProgress:
    """Every zone's report for the period holding the day, with city and province totals."""
    today = today or timezone.localdate()
    start, end = report_period(day)
    deadline = report_deadline(end)
    reports = {
        report.zone_id: report
        for report in ZoneReport.objects.filter(period=start).select_related(
            "submitted_by", "reviewed_by"
        )
    }
    rows, cities, province = [], {}, Totals()
    for zone in Zone.objects.select_related("city").order_by("city__adcode", "name"):
        report = reports.get(zone.pk)
        row = ZoneProgress(zone, report, timeliness(report, deadline, today))
        rows.append(row)
        province.add(row)
        cities.setdefault(zone.city_id, (zone.city, Totals()))[1].add(row)
    return ReportProgress(start, end, deadline, rows, list(cities.values()), province)


# A period as the page and the API name it: YYYY-MM (a quarter by its first month).
PERIOD_PATTERN = r"^20\d{2}-(0[1-9]|1[0-2])$"


def period_from_text(text: str) -> datetime.date:
    """The first day of a period named YYYY-MM (already matched against PERIOD_PATTERN)."""
    year, month = map(int, text.split("-"))
    return datetime.date(year, month, 1)


def default_report_period(today: datetime.date | None = None) -> datetime.date:
    """The latest period any zone has a report for; before any, the last period already due."""
    today = today or timezone.localdate()
    latest = ZoneReport.objects.filter(period__lte=today).aggregate(Max("period"))["period__max"]
    if latest is not None:
        return latest
    return report_period(report_period(today)[0] - datetime.timedelta(days=1))[0]
