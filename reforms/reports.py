"""Period reports (报表): the one place a report's status moves, and who may move it.

- submit 提交: a zone officer of the zone, or the province; from 草稿 or 已退回.
- approve 通过: a city reviewer of the zone's city, or the province; from 已提交.
- return 退回: the same reviewers, from 已提交, always with a comment saying what to correct.
- reopen 重新打开: the province only; from 已通过, back to 已退回 (or 草稿).

A move is checked (role, zone, permission, state) before anything changes, then saved together
with its log row (ReportTransition: from, to, by, at, comment) in one transaction, the report row
locked, so two reviewers can never both move it. A refusal raises PermissionDenied (wrong role
or zone) or ValidationError (wrong state, missing comment) with a Chinese message.

While a report is submitted or approved the zone's figures of its period are locked
(reforms.models.PeriodLocked); indicators read only figures of approved periods.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zones.models import Zone
from zones.permissions import editable_zones, reviewable_zones
from zones.roles import EXTRA_PERMISSIONS, Role, role_of

from .models import ReportTransition, ZoneReport, report_period

Status = ZoneReport.Status

SUBMIT = "reforms.submit_zonereport"
APPROVE = "reforms.approve_zonereport"
REOPEN = "reforms.reopen_zonereport"

# What each role's group is granted besides add/change/delete; the province holds every
# permission of the data apps already (zones.roles.permissions_of).
ROLE_PERMISSIONS = {Role.ZONE: {SUBMIT}, Role.CITY: {APPROVE}}

# The states a move starts from.
SUBMITTABLE = (Status.DRAFT, Status.RETURNED)
REVIEWABLE = (Status.SUBMITTED,)
REOPENABLE = (Status.APPROVED,)


def grant_role_permissions() -> None:
    """Add the report permissions to the roles (called from ReformsConfig.ready, before any
    `migrate` or `create_user` sets the role groups)."""
    for role, names in ROLE_PERMISSIONS.items():
        EXTRA_PERMISSIONS[role] |= names


def may_submit(user, zone: Zone) -> bool:
    return (
        role_of(user) in (Role.PROVINCE, Role.ZONE)
        and user.has_perm(SUBMIT)
        and editable_zones(user).filter(pk=zone.pk).exists()
    )


def may_review(user, zone: Zone) -> bool:
    return (
        role_of(user) in (Role.PROVINCE, Role.CITY)
        and user.has_perm(APPROVE)
        and reviewable_zones(user).filter(pk=zone.pk).exists()
    )


def may_reopen(user) -> bool:
    return role_of(user) == Role.PROVINCE and user.has_perm(REOPEN)


def allowed_moves(report: ZoneReport, user) -> list[str]:
    """The moves the user may make on the report now: "submit", "approve", "return", "reopen"."""
    moves = []
    if report.status in SUBMITTABLE and may_submit(user, report.zone):
        moves.append("submit")
    if report.status in REVIEWABLE and may_review(user, report.zone):
        moves += ["approve", "return"]
    if report.status in REOPENABLE and may_reopen(user):
        moves.append("reopen")
    return moves


def report_for(zone: Zone, day: datetime.date) -> ZoneReport:
    """The zone's report for the period holding the day; a new, unsaved draft if none exists."""
    start, end = report_period(day)
    found = ZoneReport.objects.filter(zone=zone, period=start).first()
    return found or ZoneReport(zone=zone, period=start, period_end=end)


def _refuse_state(report: ZoneReport, allowed, action: str):
    names = "、".join(str(Status(s).label) for s in allowed)
    raise ValidationError(
        _("%(report)s当前为“%(state)s”，不能%(action)s；只有“%(allowed)s”的报表可以%(action)s。")
        % {
            "report": report,
            "state": report.get_status_display(),
            "action": action,
            "allowed": names,
        },
        code="invalid_state",
    )


_AT = object()  # "the time of the move", for the submitted_at / reviewed_at fields


def _move(report, user, to, comment="", at=None, **fields) -> ZoneReport:
    """Save the report in its new state with the log row of the move (inside a transaction)."""
    at = at or timezone.now()
    ReportTransition.objects.create(
        report=report, from_status=report.status, to_status=to, by=user, at=at, comment=comment
    )
    report.status = to
    for name, value in fields.items():
        setattr(report, name, at if value is _AT else value)
    report.save()
    return report


def _locked(report: ZoneReport) -> ZoneReport:
    """The report row re-read under a lock: the state checked is the state changed."""
    return ZoneReport.objects.select_for_update().select_related("zone").get(pk=report.pk)


@transaction.atomic
def submit(zone: Zone, day: datetime.date, user, *, comment="", at=None) -> ZoneReport:
    """Submit the zone's report for the period holding the day (creating it if needed)."""
    if not may_submit(user, zone):
        raise PermissionDenied(_("您无权提交%(zone)s的报表。") % {"zone": zone.short_name})
    start, end = report_period(day)
    report, _created = ZoneReport.objects.get_or_create(
        zone=zone, period=start, defaults={"period_end": end}
    )
    report = _locked(report)
    if report.status not in SUBMITTABLE:
        _refuse_state(report, SUBMITTABLE, _("提交"))
    return _move(report, user, Status.SUBMITTED, comment, at, submitted_at=_AT, submitted_by=user)


def _review(report: ZoneReport, user, to, action: str, comment: str, at) -> ZoneReport:
    """Approve or return a submitted report: the reviewer and their comment are kept on it."""
    if not may_review(user, report.zone):
        raise PermissionDenied(_("您无权审核%(zone)s的报表。") % {"zone": report.zone.short_name})
    report = _locked(report)
    if report.status not in REVIEWABLE:
        _refuse_state(report, REVIEWABLE, action)
    if to == Status.RETURNED and not comment:
        raise ValidationError({"comment": _("退回报表须填写审核意见，说明需要更正的内容。")})
    return _move(
        report,
        user,
        to,
        comment,
        at,
        reviewed_at=_AT,
        reviewed_by=user,
        reviewer_comment=comment,
    )


@transaction.atomic
def approve(report: ZoneReport, user, *, comment="", at=None) -> ZoneReport:
    return _review(report, user, Status.APPROVED, _("审核通过"), comment, at)


@transaction.atomic
def return_report(report: ZoneReport, user, *, comment: str, at=None) -> ZoneReport:
    """Send a submitted report back to the zone, saying what to correct."""
    return _review(report, user, Status.RETURNED, _("退回"), (comment or "").strip(), at)


@transaction.atomic
def reopen(report: ZoneReport, user, *, to=Status.RETURNED, comment="", at=None) -> ZoneReport:
    """Reopen an approved report (province only), back to 已退回 or 草稿: its figures are
    editable again and leave the published indicators until it is approved anew."""
    if not may_reopen(user):
        raise PermissionDenied(_("只有省级管理员可以重新打开已通过的报表。"))
    if to not in (Status.RETURNED, Status.DRAFT):
        raise ValidationError(_("重新打开的报表只能回到“已退回”或“草稿”。"))
    report = _locked(report)
    if report.status not in REOPENABLE:
        _refuse_state(report, REOPENABLE, _("重新打开"))
    return _move(report, user, to, (comment or "").strip(), at)


MOVES = {"submit": submit, "approve": approve, "return": return_report, "reopen": reopen}
MOVE_NAMES = {
    "submit": gettext_lazy("提交"),
    "approve": gettext_lazy("审核通过"),
    "return": gettext_lazy("退回"),
    "reopen": gettext_lazy("重新打开"),
}


def move(report: ZoneReport, name: str, user, *, comment="", at=None) -> ZoneReport:
    """Make the named move on an existing report (the admin's buttons and actions)."""
    if name == "submit":
        return submit(report.zone, report.period, user, comment=comment, at=at)
    if name not in MOVES:
        raise ValidationError(_("未知的操作。"))
    return MOVES[name](report, user, comment=comment, at=at)
