"""Demo period reports: every zone-period the demo has figures for is submitted and approved, so
the indicators (which read approved periods only) reproduce the published figures; the latest
period is still in progress, so the reports page has something to show."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from projects.models import MonthlyInvestment
from reforms.models import (
    PeriodicFigures,
    ReportTransition,
    ZoneReport,
    report_deadline,
    report_period,
)

Status = ZoneReport.Status
# The latest period, by the zone's place in the list: most approved, the rest at every other
# stage of the workflow (or not started at all).
LATEST_CYCLE = (
    Status.APPROVED,
    Status.APPROVED,
    Status.APPROVED,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.DRAFT,
    None,  # no report yet
)
RETURN_COMMENT = "标准地出让面积与自然资源部门数据不一致，请核实后重新提交。"


def _periods(ctx) -> list[tuple[int, datetime.date]]:
    """(zone id, period start) of every period the demo has monthly figures or investment for."""
    months = set(PeriodicFigures.objects.values_list("zone_id", "period"))
    months |= set(MonthlyInvestment.objects.values_list("project__zone_id", "month").distinct())
    return sorted({(zone_id, report_period(month)[0]) for zone_id, month in months})


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _submitted_on(rng, deadline: datetime.date) -> datetime.date:
    # About one report in twelve comes in after the deadline.
    if rng.random() < 1 / 12:
        return deadline + datetime.timedelta(days=rng.randint(1, 8))
    return deadline - datetime.timedelta(days=rng.randint(0, 6))


def _report(rng, zone_id, period, status) -> tuple[ZoneReport, list[ReportTransition]]:
    end = report_period(period)[1]
    report = ZoneReport(zone_id=zone_id, period=period, period_end=end, status=status)
    moves = []
    if status == Status.DRAFT:
        return report, moves
    submitted = _at(_submitted_on(rng, report_deadline(end)), rng.randint(9, 17))
    report.submitted_at = submitted
    moves.append((Status.DRAFT, Status.SUBMITTED, submitted, ""))
    if status in (Status.APPROVED, Status.RETURNED):
        reviewed = submitted + datetime.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
        comment = RETURN_COMMENT if status == Status.RETURNED else ""
        report.reviewed_at, report.reviewer_comment = reviewed, comment
        moves.append((Status.SUBMITTED, status, reviewed, comment))
    return report, [
        ReportTransition(from_status=a, to_status=b, at=at, comment=comment)
        for a, b, at, comment in moves
    ]


def build_reports(ctx):
    rng = ctx.rng
    periods = _periods(ctx)
    latest = max(period for _, period in periods)
    position = {zone.pk: index for index, zone in enumerate(ctx.zones)}
    built: list[tuple[ZoneReport, list[ReportTransition]]] = []
    for zone_id, period in periods:
        status = Status.APPROVED
        if period == latest:
            status = LATEST_CYCLE[position[zone_id] % len(LATEST_CYCLE)]
        if status is not None:
            built.append(_report(rng, zone_id, period, status))
    reports = ZoneReport.objects.bulk_create(report for report, _ in built)
    ReportTransition.objects.bulk_create(_with_report(reports, built), batch_size=2000)


def _with_report(reports, built) -> Iterable[ReportTransition]:
    for report, (_, moves) in zip(reports, built, strict=True):
        for move in moves:
            move.report = report
            yield move
