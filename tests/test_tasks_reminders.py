"""Report reminders: before and after each deadline, the active officers of zones that have not
submitted their report are mailed once; officers of zones that submitted, and everyone else, are
not. Figures entered without a submitted report, or a report sent back, are not reported."""

import datetime
import smtplib

import pytest
from django.contrib.auth import get_user_model

from reforms.models import PeriodicFigures, ReportReminder, ZoneReport
from reforms.reminders import Due, reminders_due, send_report_reminders
from reforms.tasks import send_report_reminders as reminders_task
from zones.models import City, Zone, ZoneMembership

MAY = datetime.date(2025, 5, 1)
JUNE_5 = datetime.date(2025, 6, 5)


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (datetime.date(2025, 6, 2), [Due(MAY, JUNE_5, -3)]),
        (datetime.date(2025, 6, 4), [Due(MAY, JUNE_5, -1)]),
        (datetime.date(2025, 6, 5), []),
        (datetime.date(2025, 6, 6), [Due(MAY, JUNE_5, 1)]),
        (datetime.date(2025, 6, 10), [Due(MAY, JUNE_5, 5)]),
        (datetime.date(2025, 6, 20), []),
        # The deadline of December's figures lies in the next year.
        (
            datetime.date(2025, 1, 2),
            [Due(datetime.date(2024, 12, 1), datetime.date(2025, 1, 5), -3)],
        ),
    ],
)
def test_reminders_fall_on_the_configured_days_around_the_deadline(today, due):
    assert reminders_due(today) == due


def test_quarterly_reports_are_reminded_only_after_a_quarter_ends(settings):
    settings.REPORT_PERIOD = "quarter"
    april_5 = datetime.date(2025, 4, 5)

    assert reminders_due(datetime.date(2025, 4, 2)) == [Due(datetime.date(2025, 1, 1), april_5, -3)]
    assert reminders_due(datetime.date(2025, 4, 6)) == [Due(datetime.date(2025, 1, 1), april_5, 1)]
    assert reminders_due(datetime.date(2025, 6, 2)) == []


def test_the_deadline_day_is_a_setting(settings):
    settings.REPORT_DEADLINE_DAY = 10

    assert reminders_due(datetime.date(2025, 6, 7)) == [Due(MAY, datetime.date(2025, 6, 10), -3)]


def make_zone(name):
    city, _ = City.objects.get_or_create(
        adcode="149903",
        defaults={"name": "提醒测试市", "short_name": "提醒测试", "latitude": 37, "longitude": 112},
    )
    return Zone.objects.create(
        name=f"{name}经济技术开发区",
        short_name=f"{name}经开区",
        city=city,
        level=Zone.Level.PROVINCIAL,
        kind=Zone.Kind.ECONOMIC,
    )


def officer(username, zone=None, email=None, active=True):
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.cn" if email is None else email, is_active=active
    )
    if zone is not None:
        ZoneMembership.objects.create(user=user, zone=zone)
    return user


@pytest.fixture
def officers(db):
    """Zone 甲 has entered figures but not submitted: two active officers, one inactive, one
    without an address. Zone 乙 has submitted its report. A user who answers for no zone."""
    late, done = make_zone("提醒甲"), make_zone("提醒乙")
    officer("jia1", late)
    officer("jia2", late)
    officer("jia_left", late, active=False)
    officer("jia_no_mail", late, email="")
    officer("yi1", done)
    officer("nobody")
    PeriodicFigures.objects.create(zone=late, period=MAY)
    ZoneReport.objects.create(zone=done, period=MAY, status=ZoneReport.Status.SUBMITTED)
    return late, done


def test_only_active_officers_of_zones_that_have_not_reported_are_mailed(officers, mailoutbox):
    late, _ = officers

    sent = send_report_reminders(datetime.date(2025, 6, 2))

    ours = [m for m in mailoutbox if "提醒" in m.subject]
    assert [sorted(m.to) for m in ours] == [["jia1@example.cn", "jia2@example.cn"]]
    assert "提醒甲经开区2025年5月数据待填报" in ours[0].subject
    assert "2025年6月5日" in ours[0].body and "还有3天" in ours[0].body
    # The demo's zones have no officers with addresses: nobody else is mailed.
    assert sent == len(mailoutbox) == 1
    assert ReportReminder.objects.get(zone=late).days_from_deadline == -3


def test_a_day_run_twice_mails_once_and_the_overdue_reminder_says_so(officers, mailoutbox):
    reminders_task.delay("2025-06-02").get()
    reminders_task.delay("2025-06-02").get()
    reminders_task.delay("2025-06-10").get()

    assert [m.subject for m in mailoutbox] == [
        "【开发区改革监测平台】提醒甲经开区2025年5月数据待填报",
        "【开发区改革监测平台】提醒甲经开区2025年5月数据已逾期",
    ]
    assert "已逾期5天" in mailoutbox[1].body


def test_a_mail_that_fails_leaves_no_record_so_a_retry_sends_it(officers, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr("reforms.reminders.send_mail", refuse)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_report_reminders(datetime.date(2025, 6, 2))

    assert not ReportReminder.objects.exists()


@pytest.mark.parametrize(
    ("status", "reminded"),
    [
        (ZoneReport.Status.DRAFT, True),
        (ZoneReport.Status.RETURNED, True),
        (ZoneReport.Status.SUBMITTED, False),
        (ZoneReport.Status.APPROVED, False),
    ],
)
def test_a_zone_counts_as_reported_once_its_report_is_submitted(officers, status, reminded):
    late, _ = officers
    ZoneReport.objects.create(zone=late, period=MAY, status=status)

    send_report_reminders(datetime.date(2025, 6, 2))

    assert ReportReminder.objects.filter(zone=late).exists() is reminded
