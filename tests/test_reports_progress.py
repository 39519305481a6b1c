"""Report completeness and timeliness (the 填报进度 page and GET /api/v1/reports), and that
indicators read approved figures only: a draft never moves a published number."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db.models import Sum
from django.utils import timezone

from projects.models import MonthlyInvestment
from projects.queries import completed_investment_figures
from reforms import reports
from reforms.indicators import INDICATORS
from reforms.models import PeriodicFigures, ZoneReport
from reforms.report_queries import LATE, MISSING, ON_TIME, PENDING, report_progress, timeliness
from zones.models import Zone
from zones.scopes import Scope

pytestmark = pytest.mark.django_db
Status = ZoneReport.Status
MARCH = datetime.date(2025, 3, 1)
DEADLINE = datetime.date(2025, 4, 5)
DECEMBER = datetime.date(2024, 12, 1)


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        (at(DEADLINE, 23, 59), ON_TIME),  # on the deadline day: on time
        (at(DEADLINE - datetime.timedelta(days=3), 9), ON_TIME),
        (at(DEADLINE + datetime.timedelta(days=1), 0, 1), LATE),  # the day after: late
    ],
)
def test_timeliness_turns_at_the_end_of_the_deadline_day(settings, submitted, expected):
    settings.REPORT_DEADLINE_DAY = 5
    zone = Zone.objects.first()
    ZoneReport.objects.create(
        zone=zone, period=MARCH, status=Status.SUBMITTED, submitted_at=submitted
    )

    progress = report_progress(MARCH, today=datetime.date(2025, 5, 1))

    assert progress.deadline == DEADLINE
    [row] = [r for r in progress.zones if r.zone == zone]
    assert row.timeliness == expected


def test_a_zone_without_a_standing_submission_is_pending_then_missing():
    returned = ZoneReport(status=Status.RETURNED, submitted_at=at(DEADLINE, 9))

    assert timeliness(None, DEADLINE, DEADLINE) == PENDING
    assert timeliness(None, DEADLINE, DEADLINE + datetime.timedelta(days=1)) == MISSING
    assert timeliness(returned, DEADLINE, DEADLINE + datetime.timedelta(days=1)) == MISSING


def test_totals_add_up_per_city_and_for_the_province():
    progress = report_progress(DECEMBER, today=datetime.date(2025, 2, 1))
    december = ZoneReport.objects.filter(period=DECEMBER)

    assert progress.province.zones == Zone.objects.count()
    assert progress.province.approved == december.filter(status=Status.APPROVED).count()
    assert progress.province.submitted == december.filter(status__in=ZoneReport.REPORTED).count()
    assert progress.province.by_status["none"] == Zone.objects.count() - december.count()
    assert sum(t.zones for _, t in progress.cities) == progress.province.zones
    assert sum(t.approved for _, t in progress.cities) == progress.province.approved
    # Every zone is in exactly one timeliness bucket; nothing is pending two months later.
    assert sum(progress.province.by_timeliness.values()) == progress.province.zones
    assert progress.province.by_timeliness[PENDING] == 0


@pytest.fixture
def reader(client):
    client.force_login(User.objects.create_user("reports_reader", is_staff=True))
    return client


def test_the_reports_page_shows_the_totals_with_bounded_queries(
    reader, django_assert_max_num_queries
):
    december = ZoneReport.objects.filter(period=DECEMBER)

    with django_assert_max_num_queries(10):
        response = reader.get("/reports/?period=2024-12")

    html = response.content.decode()
    assert response.status_code == 200
    approved = december.filter(status=Status.APPROVED).count()
    assert f'data-total="approved"><h3>已通过审核</h3><p class="value">{approved}</p>' in html
    assert html.count("<tr data-zone=") == Zone.objects.count()
    assert 'data-status="returned"' in html and 'data-status="none"' in html


def test_the_reports_page_drills_down_to_a_city(reader):
    response = reader.get("/reports/?period=2024-12&city=140100")

    html = response.content.decode()
    assert html.count("<tr data-zone=") == Zone.objects.filter(city__adcode="140100").count()
    assert "<tr data-city=" not in html


def test_the_reports_page_needs_a_login(client):
    assert client.get("/reports/").status_code == 302


def test_the_api_gives_zone_status_and_totals(reader, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = reader.get("/api/v1/reports?period=2024-12&city=140100")

    assert response.status_code == 200
    body = response.json()
    december = ZoneReport.objects.filter(period=DECEMBER)
    assert (body["period"], body["deadline"]) == ("2024-12-01", "2025-01-05")
    assert body["province"]["approved"] == december.filter(status=Status.APPROVED).count()
    taiyuan = Zone.objects.filter(city__adcode="140100")
    assert {row["zone"] for row in body["zones"]} == set(taiyuan.values_list("pk", flat=True))
    [city] = [c for c in body["cities"] if c["adcode"] == "140100"]
    assert city["totals"]["zones"] == taiyuan.count()
    statuses = {row["zone"]: row["status"] for row in body["zones"]}
    for report in december.filter(zone__in=taiyuan):
        assert statuses[report.zone_id] == report.status


def test_the_api_refuses_a_malformed_period(reader):
    assert reader.get("/api/v1/reports?period=2024-13").status_code == 422


# Indicators read approved figures only


def test_a_draft_figure_leaves_the_indicator_and_an_approved_one_moves_it(role_groups):
    zone = Zone.objects.filter(category=Zone.Category.INDUSTRIAL).first()
    province = User.objects.create_superuser("approver")
    scope, as_of = Scope(zone=zone), datetime.date(2025, 3, 31)

    def parcels():
        return INDICATORS.evaluate(as_of, scope, ["standard_land_parcels"])[0].value or 0

    before = parcels()
    PeriodicFigures.objects.create(zone=zone, period=MARCH, standard_land_parcels=7)
    assert parcels() == before
    reports.submit(zone, MARCH, province)
    assert parcels() == before
    reports.approve(ZoneReport.objects.get(zone=zone, period=MARCH), province)
    assert parcels() == before + 7


def test_investment_of_an_unapproved_month_does_not_count_until_approved():
    december = ZoneReport.objects.filter(period=DECEMBER, status=Status.APPROVED)
    zone = (
        Zone.objects.exclude(pk__in=december.values("zone"))
        .filter(project__monthly_investments__month=DECEMBER)
        .first()
    )
    province = User.objects.create_superuser("approver")
    as_of, scope = datetime.date(2024, 12, 31), Scope(zone=zone)

    def completed():
        return (
            completed_investment_figures(as_of, scope).get(None, {}).get("completed_investment")
            or 0
        )

    in_december = MonthlyInvestment.objects.filter(
        project__zone=zone,
        month=DECEMBER,
        project__annual_plans__year=2024,
        project__annual_plans__listed_on__lte=as_of,
    ).aggregate(total=Sum("amount"))["total"]
    before = completed()
    report = ZoneReport.objects.filter(zone=zone, period=DECEMBER).first()
    if report is None or report.status != Status.SUBMITTED:
        report = reports.submit(zone, DECEMBER, province)
    reports.approve(report, province)

    assert in_december > 0
    assert completed() == before + in_december
