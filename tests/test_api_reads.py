"""The read endpoints: shapes, filters, pagination, CSV, as-of dates, and numbers that equal the
indicator registry's (and so the province's published figures) for the demo data."""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, Sum
from django.test import Client

from projects.models import CampaignRound, MonthlyInvestment, Project, RoundEntry
from projects.queries import stalled_conditions
from reforms.charts import CHARTS
from reforms.indicators import INDICATORS
from reforms.models import LeadershipAppointment, PeriodicFigures
from reforms.queries import latest_reported_date
from zones.demo.published import AUG_2024, PUBLISHED
from zones.models import ApiToken, City, Zone
from zones.roles import Role
from zones.scopes import Scope

pytestmark = pytest.mark.django_db

API = "/api/v1"
Q1_2024 = datetime.date(2024, 3, 31)


@pytest.fixture
def api(role_groups):
    """A client reading with a read-only token of a read-only user (who sees every zone)."""
    user = User.objects.create(username="reader")
    user.groups.add(role_groups[Role.READONLY])
    token = ApiToken(user=user)
    key = token.generate_key()
    token.save()
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def get(api, path, **params):
    response = api.get(API + path, params)
    assert response.status_code == 200, response.content
    return response.json()


def values_by_code(rows):
    return {row["code"]: row["value"] for row in rows}


def registry(as_of, scope, codes=None):
    """The registry's values as the API writes them (JSON numbers)."""
    return {
        v.indicator.code: None if v.value is None else json.loads(json.dumps(float(v.value)))
        for v in INDICATORS.evaluate(as_of, scope, codes)
    }


def numeric(values):
    return {code: None if value is None else float(value) for code, value in values.items()}


# Lists: shape and pagination


def test_lists_are_paginated_with_items_and_count(api):
    first = get(api, "/zones", limit=10)
    second = get(api, "/zones", limit=10, offset=10)

    assert set(first) == {"items", "count"}
    assert first["count"] == second["count"] == Zone.objects.count() == 93
    assert len(first["items"]) == len(second["items"]) == 10
    assert {z["id"] for z in first["items"]}.isdisjoint(z["id"] for z in second["items"])


def test_page_size_is_bounded(api):
    response = api.get(f"{API}/projects", {"limit": 501})

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "limit"


# Zones and cities


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"city": "140400"}, Q(city__adcode="140400")),
        ({"city": "长治市"}, Q(city__adcode="140400")),
        ({"city": "长治"}, Q(city__adcode="140400")),
        ({"level": "national"}, Q(level="national")),
        ({"kind": "high_tech"}, Q(kind="high_tech")),
        ({"category": "agriculture"}, Q(category="agriculture")),
        ({"pilot": "true"}, Q(separation_pilot_from__isnull=False)),
        ({"pilot": "false"}, Q(separation_pilot_from__isnull=True)),
        ({"demonstration": "true"}, Q(is_demonstration_zone=True)),
        ({"verified": "false"}, Q(is_verified=False)),
        ({"q": "高新"}, Q(name__icontains="高新") | Q(short_name__icontains="高新")),
        ({"city": "140400", "level": "national"}, Q(city__adcode="140400", level="national")),
    ],
)
def test_zone_filters(api, params, expected):
    listed = get(api, "/zones", limit=500, **params)

    ids = set(Zone.objects.filter(expected).values_list("pk", flat=True))
    assert {z["id"] for z in listed["items"]} == ids
    assert listed["count"] == len(ids) > 0


def test_zone_shape_has_codes_labels_and_no_people(api):
    zone = get(api, "/zones", limit=1, q="长治高新")["items"][0]

    assert zone["city"] == {"adcode": "140400", "name": "长治市"}
    assert zone["level"] == "national" and zone["level_label"] == "国家级"
    assert zone["kind"] == "high_tech"


def test_zone_detail_carries_the_registrys_indicators_as_of_a_date(api):
    zone = Zone.objects.get(short_name="长治高新区")

    detail = get(api, f"/zones/{zone.pk}", as_of="2024-08-31")

    assert detail["as_of"] == "2024-08-31"
    assert numeric(values_by_code(detail["indicators"])) == registry(AUG_2024, Scope(zone=zone))


def test_as_of_defaults_to_the_latest_reported_month(api):
    detail = get(api, "/zones/1")

    assert detail["as_of"] == latest_reported_date(datetime.date.today()).isoformat()


def test_cities_with_zone_counts_and_a_citys_indicators(api):
    cities = get(api, "/cities")
    changzhi = get(api, "/cities/140400", as_of="2024-08-31")

    assert cities["count"] == 11
    assert sum(c["zone_count"] for c in cities["items"]) == 93
    city = City.objects.get(adcode="140400")
    assert numeric(values_by_code(changzhi["indicators"])) == registry(AUG_2024, Scope(city=city))


def test_unknown_zone_or_city_is_404(api):
    assert api.get(f"{API}/zones/999999").status_code == 404
    assert api.get(f"{API}/cities/149999").status_code == 404
    assert api.get(f"{API}/indicators/values", {"city": "不存在"}).status_code == 404


def test_zone_figures_list_a_zones_months_in_order(api):
    zone = Zone.objects.get(pk=1)

    listed = get(api, f"/zones/{zone.pk}/figures", start="2024-01-01", end="2024-06-30")

    months = list(
        PeriodicFigures.objects.filter(zone=zone, period__range=("2024-01-01", "2024-06-30"))
        .order_by("period")
        .values_list("period", flat=True)
    )
    assert [row["period"] for row in listed["items"]] == [m.isoformat() for m in months]


# Indicators


def test_catalogue_lists_every_indicator_with_names_units_definitions_targets(api):
    catalogue = get(api, "/indicators", limit=500)

    assert [i["code"] for i in catalogue["items"]] == [i.code for i in INDICATORS]
    share = next(i for i in catalogue["items"] if i["code"] == "market_selected_leader_share")
    assert share["name"] == "市场化选聘占领导班子职数比例"
    assert share["name_en"] == "Market-selected share of leadership posts"
    assert share["unit"] == "%" and share["definition"] and share["definition_en"]
    assert share["target"] == {
        "comparator": ">=",
        "threshold": 10.0,
        "deadline": "2024-12-31",
        "scope": "各市",
    }


def test_catalogue_filters_by_category_and_shows_one_indicator(api):
    rates = get(api, "/indicators", category="three_rates")
    one = get(api, "/indicators/funds")

    assert [i["code"] for i in rates["items"]] == [
        "start_rate",
        "investment_completion_rate",
        "capacity_rate",
    ]
    assert one["code"] == "funds" and one["unit_en"]
    assert api.get(f"{API}/indicators/no_such_code").status_code == 422


@pytest.mark.parametrize(
    "figure", PUBLISHED, ids=[f"{f.code}-{f.city or 'province'}-{f.as_of}" for f in PUBLISHED]
)
def test_values_reproduce_every_published_figure(api, figure):
    params = {"as_of": figure.as_of.isoformat(), "limit": 500}
    if figure.city:
        params["city"] = figure.city

    values = values_by_code(get(api, "/indicators/values", **params)["items"])

    assert values[figure.code] == float(figure.value)


@pytest.mark.parametrize(
    "params, scope",
    [
        ({}, lambda: Scope()),
        ({"city": "140400"}, lambda: Scope(city=City.objects.get(adcode="140400"))),
        ({"zone": 1}, lambda: Scope(zone=Zone.objects.get(pk=1))),
    ],
    ids=["province", "city", "zone"],
)
def test_values_equal_the_registry_for_each_scope(api, params, scope):
    listed = get(api, "/indicators/values", as_of="2024-06-30", limit=500, **params)

    assert numeric(values_by_code(listed["items"])) == registry(datetime.date(2024, 6, 30), scope())
    row = listed["items"][0]
    assert set(row) >= {"code", "name", "value", "unit", "as_of", "scope", "target", "status"}


def test_values_carry_target_status_and_speak_english_on_request(api):
    rows = api.get(
        f"{API}/indicators/values",
        {"as_of": "2024-08-31", "category": "professional"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()["items"]

    share = next(r for r in rows if r["code"] == "market_selected_leader_share")
    [expected] = INDICATORS.evaluate(AUG_2024, Scope(), ["market_selected_leader_share"])
    assert share["name"] == "Market-selected share of leadership posts"
    assert share["status"] == expected.status.value == "on_track"
    assert share["status_label"] == "On track"
    assert {r["code"] for r in rows} == {i.code for i in INDICATORS if i.category == "professional"}


def test_zone_and_city_that_do_not_match_are_422(api):
    response = api.get(f"{API}/indicators/values", {"city": "140100", "zone": 61})

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "zone"


def test_series_evaluates_at_each_month_end_up_to_the_as_of_date(api):
    series = get(api, "/indicators/platform_companies/series", as_of="2024-08-15")

    days = [p["as_of"] for p in series["items"]]
    assert series["count"] == 12
    assert days[0] == "2023-09-30" and days[-2] == "2024-07-31" and days[-1] == "2024-08-15"
    for point in series["items"]:
        day = datetime.date.fromisoformat(point["as_of"])
        assert (
            point["value"] == registry(day, Scope(), ["platform_companies"])["platform_companies"]
        )


def test_series_by_quarter_for_a_city_from_a_start_date(api):
    series = get(
        api,
        "/indicators/commitment_rate/series",
        city="大同",
        start="2023-01-01",
        as_of="2024-06-30",
        period="quarter",
    )

    city = City.objects.get(short_name="大同")
    assert [p["as_of"] for p in series["items"]] == [
        "2023-03-31",
        "2023-06-30",
        "2023-09-30",
        "2023-12-31",
        "2024-03-31",
        "2024-06-30",
    ]
    q1 = next(p for p in series["items"] if p["as_of"] == "2024-03-31")
    assert (
        q1["value"]
        == 100.0
        == registry(Q1_2024, Scope(city=city), ["commitment_rate"])["commitment_rate"]
    )


@pytest.mark.parametrize(
    "params, field",
    [
        ({"start": "2010-01-01", "as_of": "2024-06-30"}, "start"),
        ({"start": "2024-07-01", "as_of": "2024-06-30"}, "start"),
        ({"as_of": "1999-12-31"}, "as_of"),
    ],
)
def test_series_refuses_too_many_periods_and_bad_dates(api, params, field):
    response = api.get(f"{API}/indicators/funds/series", params)

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_series_of_an_indicator_not_kept_for_zones_is_422(api):
    response = api.get(f"{API}/indicators/term_target_cities/series", {"zone": 1})

    assert response.status_code == 422


def test_breakdown_by_city_adds_up_to_the_province(api):
    rows = get(api, "/indicators/funds/breakdown", by="city", as_of="2024-08-31")["items"]

    assert len(rows) == 11
    assert sum(r["value"]["value"] for r in rows) == 17
    taiyuan = next(r for r in rows if r["id"] == "140100")
    assert taiyuan["name"] == "太原市" and taiyuan["value"]["scope"] == "city:140100"


def test_breakdown_by_zone_within_a_city(api):
    rows = get(
        api,
        "/indicators/concurrent_led_zones/breakdown",
        by="zone",
        city="大同",
        as_of="2024-08-31",
    )["items"]

    assert len(rows) == Zone.objects.filter(city__short_name="大同").count()
    assert sum(r["value"]["value"] for r in rows) == 5


# Projects


def _project_ids(api, **params):
    listed = get(api, "/projects", limit=500, **params)
    assert listed["count"] <= 500, "narrow the filter: this test reads one page"
    return {p["id"] for p in listed["items"]}, listed["count"]


def _round_with_entries():
    return CampaignRound.objects.filter(entries__isnull=False).order_by("held_on").first()


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"zone": 1}, lambda: Q(zone_id=1)),
        ({"city": "晋中", "key": "true"}, lambda: Q(zone__city__short_name="晋中", is_provincial_key=True)),
        ({"city": "140700", "industry": "materials"}, lambda: Q(zone__city__adcode="140700", industry="materials")),
        ({"city": "140400", "emerging": "false"}, lambda: Q(zone__city__adcode="140400", is_strategic_emerging=False)),
        (
            {"signed_from": "2024-01-01", "signed_to": "2024-02-15"},
            lambda: Q(signed_on__range=("2024-01-01", "2024-02-15")),
        ),
        (
            {"started_from": "2024-05-01", "started_to": "2024-05-31"},
            lambda: Q(started_on__range=("2024-05-01", "2024-05-31")),
        ),
        (
            {"producing_from": "2024-06-01", "producing_to": "2024-06-30"},
            lambda: Q(producing_on__range=("2024-06-01", "2024-06-30")),
        ),
        ({"q": "示例0001"}, lambda: Q(name__icontains="示例0001") | Q(investor__icontains="示例0001")),
        (
            {"round": "FIRST", "batch": "producing"},
            lambda: Q(
                Exists(
                    RoundEntry.objects.filter(
                        project=OuterRef("pk"), round=_round_with_entries(), batch="producing"
                    )
                )
            ),
        ),
    ],
    ids=["zone", "city-key", "city-industry", "city-emerging", "signed", "started", "producing", "q", "round-batch"],
)  # fmt: skip
def test_project_filters(api, params, expected):
    if params.get("round") == "FIRST":
        params = {**params, "round": _round_with_entries().pk}

    ids, count = _project_ids(api, **params)

    assert ids == set(Project.objects.filter(expected()).values_list("pk", flat=True))
    assert count == len(ids) > 0


@pytest.mark.parametrize("kind", ["signed_not_landed", "landed_not_invested", "invested_no_output"])
def test_stalled_projects_are_those_the_registry_counts(api, kind):
    as_of = datetime.date(2024, 6, 30)

    listed = get(api, "/projects", stalled=kind, as_of=as_of.isoformat(), limit=1)

    assert listed["count"] == registry(as_of, Scope(), [kind])[kind]
    assert listed["count"] == Project.objects.filter(stalled_conditions(as_of)[kind]).count()


def test_stage_filter_uses_the_last_milestone_reached_by_the_as_of_date(api):
    listed = get(api, "/projects", stage="started", as_of="2024-06-30", city="140400", limit=500)

    day = datetime.date(2024, 6, 30)
    expected = Project.objects.filter(
        Q(producing_on__isnull=True) | Q(producing_on__gt=day),
        zone__city__adcode="140400",
        started_on__lte=day,
    )
    assert {p["id"] for p in listed["items"]} == set(expected.values_list("pk", flat=True))
    assert {p["stage"] for p in listed["items"]} == {"started"}
    assert {p["stage_label"] for p in listed["items"]} == {"开工"}


def test_projects_are_ordered_as_asked(api):
    by_total = get(api, "/projects", ordering="-total_investment", limit=20)["items"]
    by_done = get(api, "/projects", ordering="-completed_investment", as_of="2024-06-30", limit=20)

    totals = [p["total_investment"] for p in by_total]
    done = [p["completed_investment"] for p in by_done["items"]]
    assert totals == sorted(totals, reverse=True)
    assert done == sorted(done, reverse=True)


def test_project_detail_has_milestones_and_monthly_investment(api):
    project = Project.objects.filter(monthly_investments__isnull=False).first()

    detail = get(api, f"/projects/{project.pk}", as_of="2024-06-30")

    assert [m["code"] for m in detail["milestones"]] == [
        "signed",
        "landed",
        "started",
        "producing",
        "at_capacity",
        "above_scale",
    ]
    months = MonthlyInvestment.objects.filter(project=project).order_by("month")
    assert [(m["month"], m["amount"]) for m in detail["monthly_investments"]] == [
        (m.month.isoformat(), float(m.amount)) for m in months
    ]
    done = months.filter(month__lte="2024-06-30").aggregate(s=Sum("amount"))["s"] or 0
    assert detail["completed_investment"] == float(done)
    assert detail["zone"]["id"] == project.zone_id


def test_three_rates_equal_the_registry_for_any_scope(api):
    city = City.objects.get(adcode="140400")

    rates = get(api, "/projects/rates", city="140400", as_of="2024-06-30")["items"]

    expected = registry(
        datetime.date(2024, 6, 30),
        Scope(city=city),
        ["start_rate", "investment_completion_rate", "capacity_rate"],
    )
    assert values_by_code(rates) == expected


def test_rounds_are_listed_for_the_round_filter(api):
    rounds = get(api, "/rounds")

    assert rounds["count"] == CampaignRound.objects.count()
    assert set(rounds["items"][0]) == {"id", "year", "number", "held_on"}


# CSV


def _csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    "path, params",
    [
        ("/zones", {"city": "140400"}),
        ("/cities", {}),
        ("/indicators", {"category": "three_rates"}),
        ("/indicators/values", {"zone": 1, "as_of": "2024-06-30"}),
        ("/indicators/funds/series", {"as_of": "2024-06-30"}),
        ("/indicators/funds/breakdown", {"by": "city"}),
        ("/projects", {"zone": 1}),
        ("/projects/rates", {"city": "140400"}),
        ("/rounds", {}),
        ("/zones/1/figures", {"start": "2024-01-01"}),
        ("/charts", {}),
    ],
)
def test_every_list_has_a_csv_with_the_same_filters(api, path, params):
    listed = get(api, path, limit=500, **params)

    rows = _csv(api.get(f"{API}{path}.csv", params))

    assert len(rows) - 1 == listed["count"]


def test_csv_headers_are_chinese_and_cells_readable(api):
    rows = _csv(api.get(f"{API}/zones.csv", {"q": "长治高新"}))

    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:3] == ["编号", "名称", "简称"]
    assert "所在市·市名称" in header
    assert first["所在市·市名称"] == "长治市"
    assert first["级别"] == "国家级"
    assert first["名称已核实"] in ("是", "否")


def test_project_csv_holds_every_matching_row_not_one_page(api):
    rows = _csv(api.get(f"{API}/projects.csv", {"city": "140400"}))

    assert len(rows) - 1 == Project.objects.filter(zone__city__adcode="140400").count() > 50


# Charts


def test_charts_list_every_dashboard_chart(api):
    listed = get(api, "/charts", limit=500)

    assert [c["name"] for c in listed["items"]] == list(CHARTS)


def test_chart_figure_is_the_dashboards_figure(api):
    city = City.objects.get(adcode="140400")

    chart = get(api, "/charts/pipeline", city="140400", as_of="2024-06-30", stage="started")

    expected = CHARTS["pipeline"](datetime.date(2024, 6, 30), Scope(city=city), stage="started")
    assert chart["figure"] == json.loads(json.dumps(expected, default=str))
    assert chart["scope"] == "city:140400" and chart["caption"]


def test_chart_refuses_a_scope_or_filter_it_does_not_take(api):
    assert api.get(f"{API}/charts/city_comparison", {"zone": 1}).status_code == 422
    assert api.get(f"{API}/charts/city_comparison", {"industry": "materials"}).status_code == 422
    assert api.get(f"{API}/charts/no_such_chart").status_code == 422


# Person-level data never leaves


def test_no_endpoint_exposes_leadership_members(api):
    names = set(LeadershipAppointment.objects.values_list("holder_name", flat=True)[:200])
    schema = api.get(f"{API}/openapi.json").content.decode()
    bodies = [
        api.get(f"{API}{path}", {"limit": 500}).content.decode()
        for path in ("/zones", "/zones/1", "/cities/140100", "/indicators/values", "/projects")
    ]

    for field in ("holder_name", "birth_year", "first_degree", "highest_education"):
        assert field not in schema
    for body in bodies:
        assert not any(name in body for name in names)
