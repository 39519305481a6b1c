"""The permission matrix of the write endpoints: officer of zone A vs zone B, by session and by
token; read-only vs read-write tokens; expired and revoked tokens; anonymous. Every refusal
changes nothing; every acceptance changes what it says."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from projects.models import MonthlyInvestment, Project
from reforms.models import PeriodicFigures
from zones.models import ApiToken, Zone, ZoneMembership
from zones.roles import Role

pytestmark = pytest.mark.django_db

API = "/api/v1"
JSON = "application/json"


@pytest.fixture
def zones():
    return Zone.objects.get(pk=1), Zone.objects.get(pk=2)


@pytest.fixture
def project(zones):
    """A project of zone A with room for more completed investment."""
    projects = Project.objects.filter(zone=zones[0]).annotate(
        done=Sum("monthly_investments__amount")
    )
    return next(p for p in projects.order_by("pk") if p.total_investment - (p.done or 0) >= 1)


@pytest.fixture
def officers(zones, role_groups):
    officer_a = User.objects.create(username="officer_a")
    officer_b = User.objects.create(username="officer_b")
    for officer in (officer_a, officer_b):
        officer.groups.add(role_groups[Role.ZONE])
    ZoneMembership.objects.create(user=officer_a, zone=zones[0])
    ZoneMembership.objects.create(user=officer_b, zone=zones[1])
    return officer_a, officer_b


def _token(user, **fields):
    token = ApiToken(user=user, **fields)
    key = token.generate_key()
    token.save()
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _session(user):
    client = Client()
    client.force_login(user)
    return client, {}


CALLERS = {
    "anonymous": lambda a, b: (Client(), {}),
    "session of officer A": lambda a, b: _session(a),
    "session of officer B": lambda a, b: _session(b),
    "read-only token of officer A": lambda a, b: (Client(), _token(a)),
    "read-write token of officer A": lambda a, b: (Client(), _token(a, can_write=True)),
    "read-write token of officer B": lambda a, b: (Client(), _token(b, can_write=True)),
    "expired read-write token of officer A": lambda a, b: (
        Client(),
        _token(a, can_write=True, expires_at=timezone.now() - datetime.timedelta(seconds=1)),
    ),
    "revoked read-write token of officer A": lambda a, b: (
        Client(),
        _token(a, can_write=True, revoked_at=timezone.now()),
    ),
}
# What each caller gets from a write to zone A's data.
EXPECTED = {
    "anonymous": 401,
    "session of officer A": "ok",
    "session of officer B": 403,
    "read-only token of officer A": 403,
    "read-write token of officer A": "ok",
    "read-write token of officer B": 403,
    "expired read-write token of officer A": 401,
    "revoked read-write token of officer A": 401,
}


def _writes(zone_a, zone_b, project):
    """Every write endpoint, aimed at zone A: (name, method, url, body, ok status)."""
    return {
        "create project": (
            "post",
            f"{API}/projects",
            {
                "zone": zone_a.pk,
                "name": "权限矩阵测试项目",
                "investor": "测试投资方",
                "industry": "materials",
                "total_investment": "1000",
            },
            201,
        ),
        "update project": ("patch", f"{API}/projects/{project.pk}", {"investor": "新投资方"}, 200),
        "record milestone": (
            "put",
            f"{API}/projects/{project.pk}/milestones/above_scale",
            {"date": "2099-12-01"},
            200,
        ),
        "record investment": (
            "put",
            f"{API}/projects/{project.pk}/investments/2099-12-01",
            {"amount": "1.00"},
            201,
        ),
        "record zone figures": (
            "put",
            f"{API}/zones/{zone_a.pk}/figures/2099-12-01",
            {"commitment_eligible": 5, "commitment_applied": 4},
            201,
        ),
    }


def _state(zone_a, zone_b, project):
    """Everything a write to zone A could touch."""
    return (
        list(Project.objects.filter(zone__in=[zone_a, zone_b]).order_by("pk").values()),
        list(MonthlyInvestment.objects.filter(project=project).order_by("pk").values()),
        list(PeriodicFigures.objects.filter(zone=zone_a).order_by("pk").values()),
        Project.history.count(),
    )


def _call(client, headers, method, url, body):
    return getattr(client, method)(url, body, content_type=JSON, **headers)


WRITE_NAMES = [
    "create project",
    "update project",
    "record milestone",
    "record investment",
    "record zone figures",
]


@pytest.mark.parametrize("write", WRITE_NAMES)
@pytest.mark.parametrize("caller", list(CALLERS))
def test_write_permission_matrix(caller, write, zones, project, officers):
    zone_a, zone_b = zones
    client, headers = CALLERS[caller](*officers)
    method, url, body, ok_status = _writes(zone_a, zone_b, project)[write]
    before = _state(zone_a, zone_b, project)

    response = _call(client, headers, method, url, body)

    expected = EXPECTED[caller]
    if expected == "ok":
        assert response.status_code == ok_status, response.content
        assert _state(zone_a, zone_b, project) != before
    else:
        assert response.status_code == expected, response.content
        assert response.json()["detail"]
        assert _state(zone_a, zone_b, project) == before


@pytest.mark.parametrize(
    "caller, expected",
    [("read-write token of officer A", 403), ("session of officer A", 403)],
)
def test_officer_cannot_move_a_project_to_a_zone_they_do_not_answer_for(
    caller, expected, zones, project, officers
):
    zone_a, zone_b = zones
    client, headers = CALLERS[caller](*officers)
    before = _state(zone_a, zone_b, project)

    response = _call(client, headers, "patch", f"{API}/projects/{project.pk}", {"zone": zone_b.pk})

    assert response.status_code == expected
    assert _state(zone_a, zone_b, project) == before


def test_officer_cannot_create_a_project_in_another_zone(zones, project, officers):
    zone_a, zone_b = zones
    client, headers = Client(), _token(officers[0], can_write=True)
    body = {
        "zone": zone_b.pk,
        "name": "越权项目",
        "investor": "某公司",
        "industry": "materials",
        "total_investment": "10",
    }

    response = _call(client, headers, "post", f"{API}/projects", body)

    assert response.status_code == 403
    assert not Project.objects.filter(name="越权项目").exists()


def test_superuser_token_may_move_a_project_between_zones(zones, project):
    zone_a, zone_b = zones
    root = User.objects.create(username="root", is_superuser=True, is_staff=True)

    response = _call(
        Client(),
        _token(root, can_write=True),
        "patch",
        f"{API}/projects/{project.pk}",
        {"zone": zone_b.pk},
    )

    assert response.status_code == 200
    assert Project.objects.get(pk=project.pk).zone == zone_b


def test_a_write_through_a_token_is_recorded_in_history_as_its_user(zones, project, officers):
    client, headers = Client(), _token(officers[0], can_write=True)

    _call(
        client, headers, "patch", f"{API}/projects/{project.pk}", {"investor": "记入历史的投资方"}
    )

    latest = Project.history.filter(id=project.pk).latest("history_date")
    assert latest.history_user == officers[0]
    assert latest.investor == "记入历史的投资方"


def test_investment_write_keeps_the_total_within_the_plan(zones, project, officers):
    client, headers = Client(), _token(officers[0], can_write=True)
    done = MonthlyInvestment.objects.filter(project=project).aggregate(s=Sum("amount"))["s"] or 0
    too_much = project.total_investment - done + Decimal("0.01")

    response = _call(
        client,
        headers,
        "put",
        f"{API}/projects/{project.pk}/investments/2099-11-01",
        {"amount": str(too_much)},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "amount"
    assert not MonthlyInvestment.objects.filter(project=project, month="2099-11-01").exists()
