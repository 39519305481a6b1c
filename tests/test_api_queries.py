"""Every read endpoint runs a fixed number of queries: the same for a page of 1 and a page of 500,
and the same after a zone with hundreds of projects and records is added. (A time series runs a
fixed number per period, and its periods are capped.)"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from projects.models import AnnualPlan, CampaignRound, MonthlyInvestment, Project, RoundEntry
from reforms.charts import CHARTS
from reforms.models import PeriodicFigures
from zones.models import ApiToken, City, Zone
from zones.roles import Role

pytestmark = pytest.mark.django_db

API = "/api/v1"
AS_OF = "2024-06-30"
# (path, parameters, most queries allowed): every read endpoint, JSON and CSV alike.
READS = [
    ("/zones", {"city": "140400"}, 4),
    ("/zones/1", {}, 30),
    ("/cities", {}, 4),
    ("/cities/140400", {}, 30),
    ("/indicators", {}, 3),
    ("/indicators/funds", {}, 3),
    ("/indicators/values", {"city": "140400"}, 30),
    ("/indicators/values", {"zone": 1}, 30),
    ("/indicators/funds/series", {"zone": 1}, 20),
    ("/indicators/start_rate/breakdown", {"by": "zone"}, 6),
    ("/projects", {}, 4),
    (
        "/projects",
        {"city": "140400", "stalled": "invested_no_output", "ordering": "-completed_investment"},
        4,
    ),  # fmt: skip
    ("/projects", {"round": 1, "batch": "signed", "stage": "started"}, 4),
    ("/projects/1", {}, 8),
    ("/projects/rates", {"city": "140400"}, 8),
    ("/rounds", {}, 4),
    ("/zones/1/figures", {}, 5),
    ("/charts", {}, 3),
]
DETAILS = ("/zones/1", "/cities/140400", "/indicators/funds", "/projects/1")
CSV_READS = [(f"{path}.csv", params, most) for path, params, most in READS if path not in DETAILS]


def _chart_scope(chart):
    if "province" in chart.scopes:
        return {}
    return {"city": "140400"} if "city" in chart.scopes else {"zone": 1}


# The trend charts evaluate their indicators at a fixed number of period ends.
CHART_READS = [(f"/charts/{name}", _chart_scope(chart), 60) for name, chart in CHARTS.items()]


@pytest.fixture
def api(role_groups):
    """A read-only user's token: sees every zone, so every read returns the demo's rows."""
    user = User.objects.create(username="counter")
    user.groups.add(role_groups[Role.READONLY])
    token = ApiToken(user=user)
    key = token.generate_key()
    token.save()
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def _add_busy_zone(projects=300):
    """A zone in 长治 (140400) with many projects, each with investment, a plan and a round."""
    zone = Zone.objects.create(
        name="查询计数开发区",
        short_name="计数区",
        city=City.objects.get(adcode="140400"),
        level=Zone.Level.PROVINCIAL,
        kind=Zone.Kind.ECONOMIC,
    )
    made = Project.objects.bulk_create(
        Project(
            zone=zone,
            name=f"计数项目{i}",
            investor="计数公司",
            industry=Project.Industry.MATERIALS,
            total_investment=Decimal(10000),
            signed_on=datetime.date(2024, 1, 5),
            landed_on=datetime.date(2024, 2, 5),
            started_on=datetime.date(2024, 3, 5) if i % 2 else None,
        )
        for i in range(projects)
    )
    MonthlyInvestment.objects.bulk_create(
        MonthlyInvestment(project=p, month=datetime.date(2024, m, 1), amount=Decimal(100))
        for p in made
        for m in (3, 4, 5)
    )
    AnnualPlan.objects.bulk_create(
        AnnualPlan(
            project=p,
            year=2024,
            planned_investment=Decimal(1000),
            start_due=True,
            listed_on=datetime.date(2024, 1, 10),
        )
        for p in made
    )
    first_round = CampaignRound.objects.get(pk=1)
    RoundEntry.objects.bulk_create(
        RoundEntry(round=first_round, project=p, batch=RoundEntry.Batch.SIGNED) for p in made
    )
    PeriodicFigures.objects.bulk_create(
        PeriodicFigures(zone=zone, period=datetime.date(2023 + m // 12, m % 12 + 1, 1))
        for m in range(24)
    )
    return zone


def _queries(api, path, params):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(API + path, {"as_of": AS_OF, **params})
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "path, params, most",
    READS + CSV_READS + CHART_READS,
    ids=[
        f"{path}-{'-'.join(map(str, p.values()))}" for path, p, _ in READS + CSV_READS + CHART_READS
    ],  # fmt: skip
)
def test_queries_do_not_grow_with_page_size_or_data(api, path, params, most):
    small = _queries(api, path, {**params, "limit": 1})
    large = _queries(api, path, {**params, "limit": 500})

    _add_busy_zone()
    grown = _queries(api, path, {**params, "limit": 500})

    assert small == large == grown <= most


def test_series_queries_grow_with_periods_only():
    """The price of a series is per period, never per row; and the periods are capped."""
    user = User.objects.create(username="series")
    token = ApiToken(user=user)
    key = token.generate_key()
    token.save()
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    path = "/indicators/start_rate/series"

    three = _queries(api, path, {"start": "2024-04-01"})
    six = _queries(api, path, {"start": "2024-01-01"})
    twelve = _queries(api, path, {"start": "2023-07-01"})
    _add_busy_zone()
    twelve_grown = _queries(api, path, {"start": "2023-07-01"})

    assert six - three > 0 and twelve - six == 2 * (six - three)
    assert twelve == twelve_grown
