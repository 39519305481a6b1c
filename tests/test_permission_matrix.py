"""The permission matrix of the four roles (zones.roles) across the admin, the API and the
dashboards: who sees and who changes a row of zone A (太原) and a row of zone B (another city).

Roles: 省级管理员, 太原's 市级审核员, zone A's and zone B's 开发区填报员, 只读用户 and an anonymous
visitor. Every refusal answers 403 / 404 (or the admin's redirect) and changes nothing; every
permitted request does what it says. The rows are made here, in 2021, before any demo report, so
no report lock stands in the way.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.forms.models import inlineformset_factory
from django.test import Client
from django.urls import reverse

from projects.models import MonthlyInvestment, Project
from reforms.models import FundInvestment, IndustrialFund, PeriodicFigures
from zones.models import City, Zone

pytestmark = pytest.mark.django_db

API = "/api/v1"
A, B = "A", "B"
ROLES = ("province", "city", "officer_a", "officer_b", "readonly", "anonymous")
SEES = {
    "province": {A, B},
    "city": {A},
    "officer_a": {A},
    "officer_b": {B},
    "readonly": {A, B},
    "anonymous": set(),
}
EDITS = {"province": {A, B}, "officer_a": {A}, "officer_b": {B}}
MODELS = (PeriodicFigures, Project, MonthlyInvestment, FundInvestment)
# A changelist query that puts the test's rows on the first page.
LIST_QUERY = {
    PeriodicFigures: {"period__year": "2021"},
    Project: {"q": "权限测试"},
    MonthlyInvestment: {"q": "权限测试"},
    FundInvestment: {"q": "权限测试"},
}
# The field each change POST alters, and its new value.
CHANGES = {
    PeriodicFigures: ("commitment_eligible", 7),
    Project: ("total_investment", Decimal("12000.00")),
    MonthlyInvestment: ("amount", Decimal("150.00")),
    FundInvestment: ("amount", Decimal("60.00")),
}


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def zones(db):
    taiyuan = City.objects.get(adcode="140100")
    return {
        A: Zone.objects.filter(city=taiyuan).order_by("pk").first(),
        B: Zone.objects.exclude(city=taiyuan).order_by("pk").first(),
    }


def _rows_of(zone, label):
    fund = IndustrialFund.objects.create(
        zone=zone,
        name=f"权限测试基金{label}",
        size=Decimal("10"),
        stage=IndustrialFund.Stage.EARLY,
        established_on=datetime.date(2020, 1, 1),
    )
    project = Project.objects.create(
        zone=zone,
        name=f"权限测试项目{label}",
        investor="权限测试投资有限公司",
        industry=Project.Industry.MATERIALS,
        total_investment=Decimal("10000"),
        signed_on=datetime.date(2021, 1, 5),
    )
    return {
        PeriodicFigures: PeriodicFigures.objects.create(
            zone=zone, period=datetime.date(2021, 3, 1), commitment_eligible=5
        ),
        Project: project,
        MonthlyInvestment: MonthlyInvestment.objects.create(
            project=project, month=datetime.date(2021, 3, 1), amount=Decimal("100")
        ),
        FundInvestment: FundInvestment.objects.create(
            fund=fund,
            project=project,
            project_name=f"权限测试被投{label}",
            amount=Decimal("50"),
            invested_on=datetime.date(2021, 2, 1),
        ),
    }


@pytest.fixture
def rows(zones):
    return {label: _rows_of(zone, label) for label, zone in zones.items()}


def create_user(username, *args):
    call_command("create_user", username, *args, stdout=io.StringIO())
    return User.objects.get(username=username)


@pytest.fixture
def users(zones):
    return {
        "province": create_user("prov", "--role", "province"),
        "city": create_user("reviewer", "--role", "city", "--city", zones[A].city.adcode),
        "officer_a": create_user("officer_a", "--role", "zone", "--zone", str(zones[A].pk)),
        "officer_b": create_user("officer_b", "--role", "zone", "--zone", str(zones[B].pk)),
        "readonly": create_user("reader", "--role", "readonly"),
    }


def client_of(users, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


def form_data(obj, **changes) -> dict:
    """The admin change form's POST for the object as stored, with `changes`, and empty inline
    formsets for its admin's inlines."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, bool):
            if value:
                data[field.name] = "on"
        elif value is not None:
            data[field.name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    model = type(obj)
    for inline in admin.site._registry[model].inlines:
        formset = inlineformset_factory(model, inline.model, fields="__all__")
        prefix = formset.get_default_prefix()
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | {name: str(value) for name, value in changes.items()}


def new_row_data(model, rows, label) -> dict:
    """POST data for a new row of the zone `label`, next to the test's row there."""
    existing = rows[label][model]
    fresh = {
        PeriodicFigures: {"period": "2021-04-01"},
        Project: {"name": f"权限测试新项目{label}"},
        MonthlyInvestment: {"month": "2021-04-01"},
        FundInvestment: {"project_name": f"权限测试新被投{label}"},
    }[model]
    return form_data(existing, **fresh)


def assert_refused(response, *, anonymous):
    if anonymous:
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif response.status_code == 302:
        # The admin sends a request for an object outside get_queryset to its index.
        assert response["Location"] == reverse("admin:index")
    else:
        assert response.status_code in (403, 404)


def stored(obj):
    return type(obj).objects.filter(pk=obj.pk).first()


MATRIX = [(role, model, label) for role in ROLES for model in MODELS for label in (A, B)]
MATRIX_IDS = [f"{role}-{model.__name__}-{label}" for role, model, label in MATRIX]


@pytest.mark.parametrize("role, model, label", MATRIX, ids=MATRIX_IDS)
def test_changelist_lists_the_rows_of_the_zones_the_role_sees(users, rows, role, model, label):
    response = client_of(users, role).get(admin_url(model, "changelist"), LIST_QUERY[model])

    if role == "anonymous":
        assert_refused(response, anonymous=True)
        return
    assert response.status_code == 200
    link = admin_url(model, "change", rows[label][model].pk)
    assert (link in response.content.decode()) == (label in SEES[role])


@pytest.mark.parametrize("role, model, label", MATRIX, ids=MATRIX_IDS)
def test_change_form_shows_only_what_the_role_sees(users, rows, role, model, label):
    obj = rows[label][model]
    response = client_of(users, role).get(admin_url(model, "change", obj.pk))

    if label not in SEES[role]:
        assert_refused(response, anonymous=role == "anonymous")
        assert str(obj) not in response.content.decode()
        return
    assert response.status_code == 200
    # Only a user who may change the row gets a form to save.
    assert ('name="_save"' in response.content.decode()) == (label in EDITS.get(role, ()))


@pytest.mark.parametrize("role, model, label", MATRIX, ids=MATRIX_IDS)
def test_change_is_saved_only_for_the_zones_the_role_edits(users, rows, role, model, label):
    obj = rows[label][model]
    field, value = CHANGES[model]
    before = getattr(obj, field)

    response = client_of(users, role).post(
        admin_url(model, "change", obj.pk), form_data(obj, **{field: value})
    )

    if label in EDITS.get(role, ()):
        assert response.status_code == 302, response.content.decode()[:2000]
        assert getattr(stored(obj), field) == value
    else:
        assert_refused(response, anonymous=role == "anonymous")
        assert getattr(stored(obj), field) == before


@pytest.mark.parametrize("role, model, label", MATRIX, ids=MATRIX_IDS)
def test_add_is_saved_only_for_the_zones_the_role_edits(users, rows, role, model, label):
    count = model.objects.count()

    response = client_of(users, role).post(
        admin_url(model, "add"), new_row_data(model, rows, label)
    )

    if label in EDITS.get(role, ()):
        assert response.status_code == 302, response.content.decode()[:2000]
        assert model.objects.count() == count + 1
        return
    assert model.objects.count() == count
    if role in EDITS:
        # An officer naming another zone's zone, project or fund: the form says why.
        assert response.status_code == 200
        assert "只能选择您有权填报的" in response.content.decode()
    else:
        assert_refused(response, anonymous=role == "anonymous")


@pytest.mark.parametrize("role, model, label", MATRIX, ids=MATRIX_IDS)
def test_delete_only_in_the_zones_the_role_edits(users, rows, role, model, label):
    obj = rows[label][model]

    response = client_of(users, role).post(admin_url(model, "delete", obj.pk), {"post": "yes"})

    if label in EDITS.get(role, ()):
        assert response.status_code == 302
        assert stored(obj) is None
    else:
        assert_refused(response, anonymous=role == "anonymous")
        assert stored(obj) is not None


@pytest.mark.parametrize("role, model, label", MATRIX, ids=MATRIX_IDS)
def test_history_pages_show_only_what_the_role_sees(users, rows, role, model, label):
    obj = rows[label][model]
    version = obj.history.latest()
    client = client_of(users, role)

    pages = [
        client.get(admin_url(model, "history", obj.pk)),
        client.get(admin_url(model, "simple_history", obj.pk, version.history_id)),
    ]

    for response in pages:
        if label in SEES[role]:
            assert response.status_code == 200
        else:
            assert_refused(response, anonymous=role == "anonymous")
            assert str(obj) not in response.content.decode()


def test_history_of_a_deleted_foreign_row_stays_hidden(users, rows):
    """simple-history finds a deleted row's history in its historical table, past get_queryset:
    the zone is still read from the last version."""
    obj = rows[B][PeriodicFigures]
    pk = obj.pk
    obj.delete()

    foreign = client_of(users, "officer_a").get(admin_url(PeriodicFigures, "history", pk))
    own = client_of(users, "officer_b").get(admin_url(PeriodicFigures, "history", pk))

    assert foreign.status_code == 403
    assert own.status_code == 200


@pytest.mark.parametrize(
    "model, field, term",
    [(PeriodicFigures, "zone", ""), (MonthlyInvestment, "project", "权限测试")],
)
@pytest.mark.parametrize("role", ROLES)
def test_autocomplete_offers_only_what_the_role_may_pick(
    users, rows, zones, role, model, field, term
):
    params = {
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "field_name": field,
        "term": term,
    }
    response = client_of(users, role).get(reverse("admin:autocomplete"), params)

    if role == "anonymous":
        assert_refused(response, anonymous=True)
        return
    assert response.status_code == 200
    offered = {int(result["id"]) for result in response.json()["results"]}
    for label in (A, B):
        target = zones[label] if field == "zone" else rows[label][Project]
        if role == "province" and field == "zone":
            # 93 zones: the first page of results need not hold both; each is found by name.
            found = client_of(users, role).get(
                reverse("admin:autocomplete"), {**params, "term": zones[label].name}
            )
            offered |= {int(result["id"]) for result in found.json()["results"]}
        assert (target.pk in offered) == (label in EDITS.get(role, ())), label


def test_officer_cannot_move_a_row_to_another_zone(users, rows, zones):
    obj = rows[A][PeriodicFigures]
    client = client_of(users, "officer_a")

    response = client.post(
        admin_url(PeriodicFigures, "change", obj.pk), form_data(obj, zone=zones[B].pk)
    )

    assert response.status_code == 200
    assert "只能选择您有权填报的开发区" in response.content.decode()
    assert stored(obj).zone == zones[A]


def test_zone_page_shows_an_officer_only_their_own_zone(users, rows, zones):
    client = client_of(users, "officer_a")

    own = client.get(admin_url(Zone, "change", zones[A].pk))
    foreign = client.get(admin_url(Zone, "change", zones[B].pk))

    assert own.status_code == 200 and "权限测试基金A" in own.content.decode()
    assert_refused(foreign, anonymous=False)
    assert zones[B].name not in foreign.content.decode()


# --- the API ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer_a", "city"])
def test_api_lists_and_shows_only_the_projects_a_scoped_role_sees(users, rows, zones, role):
    client = client_of(users, role)

    listed = client.get(f"{API}/projects", {"limit": 500}).json()["items"]
    own = client.get(f"{API}/projects/{rows[A][Project].pk}")
    foreign = client.get(f"{API}/projects/{rows[B][Project].pk}")
    csv = client.get(f"{API}/projects.csv").content.decode()

    seen = set(Zone.objects.filter(pk__in=[p["zone"]["id"] for p in listed]))
    expected = {zones[A]} if role == "officer_a" else set(zones[A].city.zones.all())
    assert seen and seen <= expected
    assert own.status_code == 200
    assert foreign.status_code == 404
    assert "权限测试项目A" in csv and "权限测试项目B" not in csv


def test_api_zone_figures_of_another_zone_are_not_found(users, rows, zones):
    client = client_of(users, "officer_a")

    assert client.get(f"{API}/zones/{zones[A].pk}/figures").status_code == 200
    assert client.get(f"{API}/zones/{zones[B].pk}/figures").status_code == 404
    assert client.get(f"{API}/zones/{zones[B].pk}/figures.csv").status_code == 404


def test_api_aggregates_and_rankings_stay_readable_for_an_officer(users, zones):
    client = client_of(users, "officer_a")

    assert client.get(f"{API}/indicators/values").status_code == 200
    assert client.get(f"{API}/indicators/values", {"city": "140400"}).status_code == 200
    breakdown = client.get(f"{API}/indicators/start_rate/breakdown", {"by": "zone"})
    assert breakdown.status_code == 200 and len(breakdown.json()["items"]) > 1


# --- the dashboards --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES[:-1])
def test_zone_scorecard_is_refused_outside_the_roles_zones(users, zones, role):
    client = client_of(users, role)

    for label in (A, B):
        response = client.get(reverse("dashboards:zone", args=[zones[label].pk]))
        assert (response.status_code == 200) == (label in SEES[role]), label
        if label not in SEES[role]:
            assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES[:-1])
def test_projects_page_lists_the_projects_of_the_zones_the_role_sees(users, rows, role):
    response = client_of(users, role).get(reverse("dashboards:projects"), {"as_of": "2021-12-31"})

    assert response.status_code == 200
    html = response.content.decode()
    for label in (A, B):
        assert (f"权限测试项目{label}" in html) == (label in SEES[role]), label
