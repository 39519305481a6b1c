"""Report moves through the API: a zone officer's figures for a month enter through the API,
are submitted, then approved by the city's reviewer, and only then move the published
indicator; the wrong caller or state changes nothing."""

import datetime
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from reforms.indicators import INDICATORS
from reforms.models import ReportTransition, ZoneReport
from zones.models import ApiToken, City, CityMembership, Zone, ZoneMembership
from zones.roles import Role
from zones.scopes import Scope

pytestmark = pytest.mark.django_db
API = "/api/v1"
MONTH = "2025-03"
AS_OF = datetime.date(2025, 3, 31)


def token(user, can_write=True):
    row = ApiToken(user=user, can_write=can_write)
    key = row.generate_key()
    row.save()
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def user_with(name, group, **link):
    user = User.objects.create_user(name, is_staff=True)
    user.groups.add(group)
    if "zone" in link:
        ZoneMembership.objects.create(user=user, zone=link["zone"])
    if "city" in link:
        CityMembership.objects.create(user=user, city=link["city"])
    return user


@pytest.fixture
def zone():
    return Zone.objects.filter(city__adcode="140100").order_by("pk").first()


@pytest.fixture
def callers(role_groups, zone):
    other_city = City.objects.exclude(adcode="140100").order_by("adcode").first()
    return {
        "officer": token(user_with("officer", role_groups[Role.ZONE], zone=zone)),
        "officer_read_only": token(User.objects.get(username="officer"), can_write=False),
        "reviewer": token(user_with("reviewer", role_groups[Role.CITY], city=zone.city)),
        "other_reviewer": token(user_with("reviewer2", role_groups[Role.CITY], city=other_city)),
    }


def post(headers, zone, move, comment=""):
    return Client().post(
        f"{API}/reports/{zone.pk}/{MONTH}/{move}",
        json.dumps({"comment": comment}),
        content_type="application/json",
        **headers,
    )


def parcels(zone):
    return INDICATORS.evaluate(AS_OF, Scope(zone=zone), ["standard_land_parcels"])[0].value or 0


def test_figures_entered_submitted_and_approved_through_the_api_move_the_indicator(zone, callers):
    before = parcels(zone)
    entered = Client().put(
        f"{API}/zones/{zone.pk}/figures/{MONTH}-01",
        json.dumps({"standard_land_parcels": 4, "standard_land_area": "120"}),
        content_type="application/json",
        **callers["officer"],
    )
    assert entered.status_code in (200, 201), entered.content

    submitted = post(callers["officer"], zone, "submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert parcels(zone) == before  # a submitted month is not published yet

    approved = post(callers["reviewer"], zone, "approve", "数据无误")
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert (body["status"], body["reviewer_comment"], body["zone"]) == (
        "approved",
        "数据无误",
        zone.pk,
    )
    assert parcels(zone) == before + 4
    moves = ReportTransition.objects.filter(report__zone=zone, report__period="2025-03-01")
    assert [m.to_status for m in moves.order_by("at", "pk")] == ["submitted", "approved"]


@pytest.mark.parametrize(
    ("caller", "move", "status"),
    [
        ("officer_read_only", "submit", 403),
        ("reviewer", "submit", 403),
        ("officer", "approve", 403),
        ("other_reviewer", "approve", 404),
    ],
)
def test_the_wrong_caller_is_refused_and_nothing_moves(zone, callers, caller, move, status):
    if move != "submit":
        assert post(callers["officer"], zone, "submit").status_code == 200
    before = list(ZoneReport.objects.filter(zone=zone).values_list("status", flat=True))

    assert post(callers[caller], zone, move).status_code == status
    assert list(ZoneReport.objects.filter(zone=zone).values_list("status", flat=True)) == before


def test_a_return_without_a_comment_is_422_on_the_comment(zone, callers):
    assert post(callers["officer"], zone, "submit").status_code == 200

    response = post(callers["reviewer"], zone, "return")

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "comment"
    assert ZoneReport.objects.get(zone=zone, period="2025-03-01").status == "submitted"


def test_approving_a_report_that_does_not_exist_is_404(zone, callers):
    assert post(callers["reviewer"], zone, "approve").status_code == 404
