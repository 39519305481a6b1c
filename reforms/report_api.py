"""API of period reports: every zone's report status and timeliness for a period, with city and
province totals (the same read as the 填报进度 page, reforms.report_queries)."""

import datetime
from enum import StrEnum
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from config.api_auth import MEMBERS, acting_user, ensure_can_write, visible_to
from config.api_errors import error_responses
from config.api_fields import Text, field, path
from zones.models import Zone
from zones.scopes import resolve_scope

from . import reports
from .models import ZoneReport
from .report_queries import (
    PERIOD_PATTERN,
    default_report_period,
    period_from_text,
    report_progress,
)

router = Router(tags=["报表 · Reports"])


PeriodText = Annotated[str, Field(pattern=PERIOD_PATTERN)]
Move = StrEnum("Move", {name: name for name in reports.MOVES})


class ReportsQuery(Schema):
    period: PeriodText | None = field(
        "报告期",
        "Period, YYYY-MM (a month; a quarter by its first month); default: the latest",
        None,
    )
    city: Annotated[Text, Field(max_length=20)] | None = field(
        "市", "Only the zones of this city: adcode (140100) or name (太原市 / 太原)", None
    )

    def period_day(self) -> datetime.date:
        return period_from_text(self.period) if self.period else default_report_period()


class TotalsOut(Schema):
    zones: int = field("开发区数", "Zones")
    submitted: int = field("已报送", "Reports standing submitted or approved")
    approved: int = field("已通过", "Reports approved")
    submitted_share: float | None = field("报送率（%）", "Submitted ÷ zones × 100")
    approved_share: float | None = field("通过率（%）", "Approved ÷ zones × 100")
    on_time_share: float | None = field("按时率（%）", "On time ÷ zones × 100")
    by_status: dict[str, int] = field(
        "按状态", "Zones by status: none (no report), draft, submitted, approved, returned"
    )
    by_timeliness: dict[str, int] = field(
        "按报送情况", "Zones by timeliness: on_time, late, missing (after the deadline), pending"
    )


class CityReportsOut(Schema):
    adcode: str = field("行政区划代码", "City adcode")
    name: str = field("市", "City")
    totals: TotalsOut = field("合计", "Totals of the city's zones")


class ZoneReportOut(Schema):
    zone: int = field("开发区编号", "Zone id")
    zone_name: str = field("开发区", "Zone")
    city: str = field("市（行政区划代码）", "City adcode")
    status: str = field("状态", "none, draft, submitted, approved or returned")
    status_label: str = field("状态名称", "Status, in the request's language")
    timeliness: str = field("报送情况", "on_time, late, missing or pending")
    submitted_at: datetime.datetime | None = field("提交时间", "When the standing submission came")
    reviewed_at: datetime.datetime | None = field("审核时间", "When it was last reviewed")
    reviewer_comment: str = field("审核意见", "The reviewer's comment")


class ReportsOut(Schema):
    period: datetime.date = field("报告期", "First day of the period")
    period_end: datetime.date = field("报告期末", "Last day of the period")
    deadline: datetime.date = field("截止日期", "The day the reports are due")
    province: TotalsOut = field("全省合计", "Totals of the province")
    cities: list[CityReportsOut] = field("各市合计", "Totals of each city")
    zones: list[ZoneReportOut] = field("各开发区", "Each zone (of the city asked for)")


@router.get(
    "/reports",
    response={200: ReportsOut, **error_responses(401, 404, 422, 429)},
    auth=MEMBERS,
    summary="填报进度 · Who has reported for a period",
    description="每个开发区该期报表的状态与是否按时报送，以及各市、全省的合计。"
    " Each zone's report status and timeliness for the period, with city and province totals.",
)
def get_reports(request, query: Query[ReportsQuery]):
    city = resolve_scope(city=query.city).city if query.city else None
    progress = report_progress(query.period_day())
    return {
        "period": progress.period,
        "period_end": progress.period_end,
        "deadline": progress.deadline,
        "province": progress.province.as_dict(),
        "cities": [
            {"adcode": c.adcode, "name": c.name, "totals": totals.as_dict()}
            for c, totals in progress.cities
        ],
        "zones": [
            {
                "zone": row.zone.pk,
                "zone_name": str(row.zone),
                "city": row.zone.city.adcode,
                "status": row.status,
                "status_label": row.status_name,
                "timeliness": row.timeliness,
                "submitted_at": row.report.submitted_at if row.report else None,
                "reviewed_at": row.report.reviewed_at if row.report else None,
                "reviewer_comment": row.report.reviewer_comment if row.report else "",
            }
            for row in progress.zones_of(city)
        ],
    }


class MoveIn(Schema):
    comment: Annotated[str, Field(max_length=500)] = field(
        "说明或审核意见", "A note; returning a report needs one saying what to correct", ""
    )


class ReportOut(Schema):
    zone: int = field("开发区编号", "Zone id", alias="zone_id")
    period: datetime.date = field("报告期", "First day of the period")
    status: str = field("状态", "draft, submitted, approved or returned")
    status_label: str = field("状态名称", "Status, in the request's language")
    submitted_at: datetime.datetime | None = field("提交时间", "When it was last submitted")
    reviewed_at: datetime.datetime | None = field("审核时间", "When it was last reviewed")
    reviewer_comment: str = field("审核意见", "The reviewer's comment")

    @staticmethod
    def resolve_status_label(report):
        return str(report.get_status_display())


@router.post(
    "/reports/{zone}/{period}/{move}",
    response={200: ReportOut, **error_responses(401, 403, 404, 422, 429)},
    auth=MEMBERS,
    summary="报表流转 · Submit, approve, return or reopen a report",
    description="submit：开发区填报员或省级管理员提交该期报表（无则新建）；approve / return：所在市审核员或"
    "省级管理员审核通过或退回（退回须填写意见）；reopen：省级管理员重新打开已通过的报表。"
    " submit: the zone's officer (or the province) submits the period's report, creating it if"
    " needed; approve / return: the city's reviewer (or the province) approves or returns it with"
    " a comment; reopen: the province reopens an approved report. Needs a read-write token.",
)
def post_move(
    request,
    payload: MoveIn,
    zone: Annotated[int, path("开发区编号", "Zone id")],
    period: Annotated[PeriodText, path("报告期", "Period, YYYY-MM")],
    move: Annotated[Move, path("操作", "submit, approve, return or reopen")],
):
    ensure_can_write(request)
    zone_row = get_object_or_404(visible_to(request, Zone).select_related("city"), pk=zone)
    user = acting_user(request)
    if move == Move.submit:
        return reports.submit(zone_row, period_from_text(period), user, comment=payload.comment)
    report = get_object_or_404(ZoneReport, zone=zone_row, period=period_from_text(period))
    return reports.move(report, move.value, user, comment=payload.comment)
