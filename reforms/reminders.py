"""Report reminders: around each deadline, mail the officers of zones that have not reported.

A period's report (a month, or a quarter with REPORT_PERIOD=quarter) is due on
settings.REPORT_DEADLINE_DAY of the month after it. A zone has reported when its report
(ZoneReport) for the period is submitted or approved: figures entered but not submitted, and a
report sent back, still count as not reported. Reminders go out REPORT_REMINDER_DAYS_BEFORE days
before the deadline and REPORT_REMINDER_DAYS_AFTER days after it, to the active officers (ZoneMembership) with an email
address; each is recorded (ReportReminder), so running a day twice never mails twice.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch

from zones.formatting import chinese_date
from zones.models import Zone, ZoneMembership

from .models import ReportReminder, ZoneReport, report_deadline, report_period
from .snapshots import previous_month


@dataclass(frozen=True)
class Due:
    """A reminder day: the month reported, its deadline, and the days from it (negative: before)."""

    period: datetime.date
    deadline: datetime.date
    days_from_deadline: int


def reminders_due(today: datetime.date) -> list[Due]:
    """The reminders that fall on `today`, earliest deadline first."""
    offsets = {-days for days in settings.REPORT_REMINDER_DAYS_BEFORE}
    offsets |= set(settings.REPORT_REMINDER_DAYS_AFTER)
    due = []
    for offset in sorted(offsets, reverse=True):
        deadline = today - datetime.timedelta(days=offset)
        if deadline.day != settings.REPORT_DEADLINE_DAY:
            continue
        # The period that ended just before the deadline's month, if that is a report period's
        # end (every month, or every third with REPORT_PERIOD=quarter).
        start, end = report_period(previous_month(deadline))
        if report_deadline(end) == deadline:
            due.append(Due(start, deadline, offset))
    return due


def zones_to_remind(due: Due):
    """Zones that have not submitted their report for the month and were not yet reminded that
    day, with their officers."""
    reported = ZoneReport.objects.filter(
        zone=OuterRef("pk"),
        period__lte=due.period,
        period_end__gte=due.period,
        status__in=ZoneReport.REPORTED,
    )
    reminded = ReportReminder.objects.filter(
        zone=OuterRef("pk"), period=due.period, days_from_deadline=due.days_from_deadline
    )
    officers = ZoneMembership.objects.filter(user__is_active=True).exclude(user__email="")
    return (
        Zone.objects.exclude(Exists(reported))
        .exclude(Exists(reminded))
        .prefetch_related(Prefetch("memberships", officers.select_related("user")))
        .order_by("pk")
    )


def message(zone: Zone, due: Due) -> tuple[str, str]:
    """The subject and body of a reminder."""
    month = f"{due.period.year}年{due.period.month}月"
    if due.days_from_deadline <= 0:
        state = "待填报"
        ask = f"距截止日期还有{-due.days_from_deadline}天，请按时登录平台填报。"
    else:
        state = "已逾期"
        ask = f"已逾期{due.days_from_deadline}天，请尽快登录平台填报。"
    subject = f"【开发区改革监测平台】{zone.short_name}{month}数据{state}"
    body = (
        f"{zone.name}：\n\n"
        f"贵开发区{month}的月度数据应于{chinese_date(due.deadline)}前填报并提交，目前尚未提交。{ask}\n\n"
        "此邮件由开发区“三化三制”改革监测平台自动发送，请勿回复。\n"
    )
    return subject, body


def send_report_reminders(today: datetime.date) -> int:
    """Send today's reminders; returns how many zones were reminded."""
    sent = 0
    for due in reminders_due(today):
        for zone in zones_to_remind(due):
            recipients = sorted({m.user.email for m in zone.memberships.all()})
            if recipients:
                remind(zone, due, recipients)
                sent += 1
    return sent


def remind(zone: Zone, due: Due, recipients: list[str]) -> None:
    """Record the reminder and mail it, together: if the mail fails, no record is left, and a
    retry sends it again."""
    subject, body = message(zone, due)
    with transaction.atomic():
        ReportReminder.objects.create(
            zone=zone,
            period=due.period,
            deadline=due.deadline,
            days_from_deadline=due.days_from_deadline,
            recipients="\n".join(recipients),
        )
        send_mail(subject, body, None, recipients)
