"""三未 alerts: a project stuck at its milestone for the threshold's days gets one open alert, a day
less gets none, and the alert closes on the day the project moves on.

The demo's own projects are alerted too; these tests look at projects of their own zone only.
"""

import datetime
from decimal import Decimal

import pytest

from projects.alerts import detect_stalled_projects
from projects.models import MonthlyInvestment, Project, StalledProjectAlert
from projects.tasks import detect_stalled_projects as detect_task
from zones.models import City, Zone

AS_OF = datetime.date(2025, 6, 30)


def days_before(days: int) -> datetime.date:
    return AS_OF - datetime.timedelta(days=days)


@pytest.fixture
def zone(db):
    city = City.objects.create(
        adcode="149902", name="预警测试市", short_name="预警测试", latitude=37, longitude=112
    )
    return Zone.objects.create(
        name="预警测试经济技术开发区",
        short_name="预警测试经开区",
        city=city,
        level=Zone.Level.PROVINCIAL,
        kind=Zone.Kind.ECONOMIC,
    )


@pytest.fixture
def projects(zone, settings):
    """One project of each kind exactly at its threshold and one a day short of it."""
    days = settings.STALLED_ALERT_DAYS
    made = {}

    def add(name, **dates):
        made[name] = Project.objects.create(
            zone=zone,
            name=name,
            investor="预警测试投资有限公司",
            industry=Project.Industry.EQUIPMENT,
            total_investment=Decimal("10000"),
            **dates,
        )
        return made[name]

    add("签而未落-到期", signed_on=days_before(days["signed_not_landed"]))
    add("签而未落-差一天", signed_on=days_before(days["signed_not_landed"] - 1))
    add("落而未投-到期", signed_on=datetime.date(2024, 1, 5), landed_on=days_before(90))
    add("落而未投-差一天", signed_on=datetime.date(2024, 1, 5), landed_on=days_before(89))
    assert days["landed_not_invested"] == 90
    # 投未见效 counts from the first month with investment: 2025-01-01 is 180 days before AS_OF.
    assert days_before(days["invested_no_output"]) == datetime.date(2025, 1, 1)
    for name, month in (("投未见效-到期", 1), ("投未见效-差一月", 2)):
        project = add(
            name,
            signed_on=datetime.date(2024, 6, 1),
            landed_on=datetime.date(2024, 7, 1),
            started_on=datetime.date(2024, 9, 1),
        )
        MonthlyInvestment.objects.create(
            project=project, month=datetime.date(2025, month, 1), amount=Decimal("500")
        )
    return made


def open_alerts(zone):
    return {
        (alert.project.name, alert.kind)
        for alert in StalledProjectAlert.objects.filter(zone=zone, closed_on__isnull=True)
    }


def test_projects_stuck_for_the_threshold_are_alerted_and_a_day_less_are_not(zone, projects):
    detect_stalled_projects(AS_OF)

    assert open_alerts(zone) == {
        ("签而未落-到期", "signed_not_landed"),
        ("落而未投-到期", "landed_not_invested"),
        ("投未见效-到期", "invested_no_output"),
    }
    alert = StalledProjectAlert.objects.get(project=projects["投未见效-到期"])
    assert alert.stuck_since == datetime.date(2025, 1, 1)
    assert alert.days_stuck == 180


def test_running_detection_again_opens_nothing_new(zone, projects):
    detect_stalled_projects(AS_OF)
    count = StalledProjectAlert.objects.count()

    result = detect_task.delay(AS_OF.isoformat()).get()

    assert StalledProjectAlert.objects.count() == count
    assert all(kind["opened"] == 0 and kind["closed"] == 0 for kind in result.values())


def test_an_alert_closes_when_the_project_moves_on_and_stays_in_the_record(zone, projects):
    detect_stalled_projects(AS_OF)
    project = projects["签而未落-到期"]
    project.landed_on = AS_OF
    project.save()

    next_day = AS_OF + datetime.timedelta(days=1)
    detect_stalled_projects(next_day)

    alert = StalledProjectAlert.objects.get(project=project)
    assert alert.closed_on == next_day
    # Landed a day ago: not yet stuck long enough as 落而未投.
    assert ("签而未落-到期", "landed_not_invested") not in open_alerts(zone)
    # The project a day short of the threshold reaches it today.
    assert ("签而未落-差一天", "signed_not_landed") in open_alerts(zone)


def test_thresholds_are_settings(zone, projects, settings):
    settings.STALLED_ALERT_DAYS = {**settings.STALLED_ALERT_DAYS, "signed_not_landed": 400}

    detect_stalled_projects(AS_OF)

    assert ("签而未落-到期", "signed_not_landed") not in open_alerts(zone)
