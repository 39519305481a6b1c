"""The indicator registry: bounded queries, cohort rates, target status, the CLI."""

import datetime
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import AnnualPlan, Project
from reforms.indicators import INDICATORS, Status, Target
from zones.models import City, Zone
from zones.scopes import Scope

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2024, 6, 30)


def _queries(compute):
    with CaptureQueriesContext(connection) as captured:
        compute()
    return len(captured.captured_queries)


def _add_zone_with_projects(n_projects):
    city = City.objects.get(adcode="140100")
    zone = Zone.objects.create(
        name="测试开发区", short_name="测试区", city=city, level="provincial", kind="other"
    )
    Project.objects.bulk_create(
        Project(
            zone=zone,
            name=f"测试项目{i}",
            investor="测试企业",
            industry=Project.Industry.MATERIALS,
            total_investment=Decimal(1000),
            signed_on=datetime.date(2024, 1, 5),
        )
        for i in range(n_projects)
    )
    return zone


SCOPES = {
    "province": lambda: Scope(),
    "city": lambda: Scope(city=City.objects.get(adcode="140400")),
    "zone": lambda: Scope(zone=Zone.objects.get(short_name="长治高新区")),
}


@pytest.mark.parametrize("kind", SCOPES)
def test_every_indicator_takes_a_fixed_number_of_queries(kind):
    scope = SCOPES[kind]()
    before = _queries(lambda: INDICATORS.evaluate(AS_OF, scope))

    _add_zone_with_projects(300)
    after = _queries(lambda: INDICATORS.evaluate(AS_OF, scope))

    assert before == after <= 25


@pytest.mark.parametrize("group", ["zone", "city"])
def test_indicators_for_every_zone_or_city_take_a_fixed_number_of_queries(group):
    before = _queries(lambda: INDICATORS.evaluate_by(AS_OF, group))

    _add_zone_with_projects(300)
    after = _queries(lambda: INDICATORS.evaluate_by(AS_OF, group))

    assert before == after <= 26


def test_grouped_values_add_up_to_the_province():
    by_zone = INDICATORS.evaluate_by(AS_OF, "zone", codes=["round_signed", "platform_companies"])
    province = {
        v.indicator.code: v.value
        for v in INDICATORS.evaluate(AS_OF, Scope(), ["round_signed", "platform_companies"])
    }

    for position, code in enumerate(["round_signed", "platform_companies"]):
        assert sum(values[position].value for values in by_zone.values()) == province[code]


def _start_rate():
    [rate] = INDICATORS.evaluate(AS_OF, Scope(), ["start_rate"])
    return rate.value


def test_three_rates_ignore_projects_listed_after_the_as_of_date():
    rate = _start_rate()
    zone = _add_zone_with_projects(50)
    AnnualPlan.objects.bulk_create(
        AnnualPlan(
            project=p,
            year=2024,
            planned_investment=Decimal(100),
            start_due=True,
            listed_on=datetime.date(2024, 7, 15),
        )
        for p in zone.project_set.all()
    )

    assert _start_rate() == rate


def test_three_rates_ignore_edits_to_projects_outside_the_cohort():
    rate = _start_rate()
    outside = Project.objects.exclude(annual_plans__year=2024).filter(started_on__isnull=True)[:40]
    Project.objects.filter(pk__in=[p.pk for p in outside]).update(
        landed_on=datetime.date(2024, 2, 1), started_on=datetime.date(2024, 3, 1)
    )

    assert _start_rate() == rate


def test_three_rates_move_with_projects_in_the_cohort():
    rate = _start_rate()
    zone = _add_zone_with_projects(50)
    AnnualPlan.objects.bulk_create(
        AnnualPlan(
            project=p,
            year=2024,
            planned_investment=Decimal(100),
            start_due=True,
            listed_on=datetime.date(2024, 1, 15),
        )
        for p in zone.project_set.all()
    )

    assert _start_rate() < rate


TARGET = Target(
    ">=", Decimal(10), datetime.date(2024, 12, 31), "各市", datetime.date(2023, 10, 31), Decimal(8)
)


@pytest.mark.parametrize(
    ("value", "as_of", "status"),
    [
        (Decimal("10.0"), datetime.date(2024, 6, 30), Status.MET),
        (Decimal("12.0"), datetime.date(2025, 6, 30), Status.MET),
        (Decimal("9.5"), datetime.date(2024, 6, 30), Status.ON_TRACK),
        (Decimal("8.2"), datetime.date(2024, 10, 31), Status.AT_RISK),
        (Decimal("9.9"), datetime.date(2025, 1, 1), Status.MISSED),
        (None, datetime.date(2024, 6, 30), None),
    ],
)
def test_target_status(value, as_of, status):
    assert TARGET.status(value, as_of) == status


def test_market_share_status_differs_between_cities_done_and_lagging():
    shares = dict(
        (city.short_name, share)
        for city, [share] in INDICATORS.evaluate_by(
            datetime.date(2024, 8, 31), "city", codes=["market_selected_leader_share"]
        ).items()
    )

    assert shares["大同"].status == Status.MET
    assert shares["阳泉"].status in (Status.ON_TRACK, Status.AT_RISK)


def test_cli_prints_json_for_a_city(capsys):
    call_command("indicators", "--as-of", "2024-03-31", "--city", "太原", "--json")

    rows = json.loads(capsys.readouterr().out)
    by_code = {row["code"]: row for row in rows}
    assert by_code["zones"]["value"] == 6
    assert by_code["zones"]["scope"] == "city:140100"
    assert by_code["market_selected_leader_share"]["target"]["threshold"] == 10
    assert set(rows[0]) >= {"code", "name", "value", "unit", "as_of", "scope", "target", "status"}


def test_cli_prints_a_table_for_a_zone_by_id(capsys):
    zone = Zone.objects.get(short_name="高平经开区")

    call_command("indicators", "--as-of", "2024-08-31", "--zone", str(zone.pk))

    out = capsys.readouterr().out
    assert "高平经济技术开发区 截至 2024年8月31日" in out
    assert "演示数据" in out


def test_cli_province_matches_the_published_count(capsys):
    call_command("indicators", "--as-of", "2024-08-31", "--json")

    rows = {row["code"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["platform_companies"]["value"] == 164
    assert rows["zones"]["scope"] == "province"


def test_cli_refuses_an_unknown_city():
    with pytest.raises(Exception, match="unknown scope"):
        call_command("indicators", "--city", "北京")


def test_readme_defines_every_indicator():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")

    missing = [i.code for i in INDICATORS if f"| `{i.code}` | {i.name} |" not in readme]

    assert missing == []
