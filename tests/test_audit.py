"""The audit trail (issue 5): an admin edit or delete by a zone officer leaves a django-simple-
history version that names the officer, the admin's history page shows the old and the new value,
an earlier version can be restored from the history form, and an officer never reads another
zone's history."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from test_permission_matrix import admin_url, form_data

from projects.models import Project
from reforms.models import PeriodicFigures
from zones.models import City, Zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def zones(db):
    taiyuan = City.objects.get(adcode="140100")
    return (
        Zone.objects.filter(city=taiyuan).order_by("pk").first(),
        Zone.objects.exclude(city=taiyuan).order_by("pk").first(),
    )


def officer_of(zone, username) -> User:
    call_command(
        "create_user", username, "--role", "zone", "--zone", str(zone.pk), stdout=io.StringIO()
    )
    return User.objects.get(username=username)


@pytest.fixture
def officer(zones):
    return officer_of(zones[0], "officer_a")


@pytest.fixture
def browser(officer):
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def figures(zones):
    # 2021: before any demo report, so no report lock applies.
    return PeriodicFigures.objects.create(
        zone=zones[0], period=datetime.date(2021, 3, 1), commitment_eligible=41
    )


@pytest.fixture
def project(zones):
    return Project.objects.create(
        zone=zones[0],
        name="审计测试项目",
        investor="旧投资方有限公司",
        industry=Project.Industry.MATERIALS,
        total_investment=Decimal("10000"),
        signed_on=datetime.date(2021, 1, 5),
    )


# (the record fixture, the field changed, old value, new value)
EDITS = [
    ("figures", "commitment_eligible", "41", "737"),
    ("project", "investor", "旧投资方有限公司", "新投资方有限公司"),
]


@pytest.mark.parametrize("record, field, old, new", EDITS, ids=[e[0] for e in EDITS])
def test_an_officers_edit_is_recorded_with_the_officer_and_both_values(
    request, browser, officer, record, field, old, new
):
    obj = request.getfixturevalue(record)
    model = type(obj)

    response = browser.post(admin_url(model, "change", obj.pk), form_data(obj, **{field: new}))

    assert response.status_code == 302
    latest = obj.history.latest()
    assert latest.history_type == "~" and latest.history_user == officer
    assert str(getattr(latest, field)) == new
    page = browser.get(admin_url(model, "history", obj.pk)).content.decode()
    assert old in page and new in page and officer.username in page


@pytest.mark.parametrize("record", ["figures", "project"])
def test_an_officers_delete_is_recorded_with_the_officer(request, browser, officer, record):
    obj = request.getfixturevalue(record)
    model, pk = type(obj), obj.pk

    response = browser.post(admin_url(model, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not model.objects.filter(pk=pk).exists()
    deleted = model.history.filter(id=pk).latest()
    assert deleted.history_type == "-" and deleted.history_user == officer
    # The officer may still read the deleted row's history (their zone's), with the deletion.
    assert browser.get(admin_url(model, "history", pk)).status_code == 200


@pytest.mark.parametrize("record, field, old, new", EDITS, ids=[e[0] for e in EDITS])
def test_an_earlier_version_is_restored_from_the_history_form(
    request, browser, officer, record, field, old, new
):
    obj = request.getfixturevalue(record)
    model = type(obj)
    first = obj.history.earliest()
    browser.post(admin_url(model, "change", obj.pk), form_data(obj, **{field: new}))
    url = admin_url(model, "simple_history", obj.pk, first.history_id)

    form = browser.get(url)
    response = browser.post(url, form_data(first.instance))

    assert form.status_code == 200 and old in form.content.decode()
    assert response.status_code == 302
    assert str(getattr(model.objects.get(pk=obj.pk), field)) == old
    latest = obj.history.latest()
    assert latest.history_user == officer and str(getattr(latest, field)) == old
    assert obj.history.count() == 3


def test_a_read_only_user_cannot_restore_a_version(zones, figures, browser):
    """simple-history's form saves without asking for the change permission; the scoped admin
    does ask."""
    browser.post(
        admin_url(PeriodicFigures, "change", figures.pk),
        form_data(figures, commitment_eligible="737"),
    )
    call_command("create_user", "reader", "--role", "readonly", stdout=io.StringIO())
    reader = Client()
    reader.force_login(User.objects.get(username="reader"))
    first = figures.history.earliest()
    url = admin_url(PeriodicFigures, "simple_history", figures.pk, first.history_id)

    response = reader.post(url, form_data(first.instance))

    assert response.status_code == 403
    assert PeriodicFigures.objects.get(pk=figures.pk).commitment_eligible == 737


@pytest.mark.parametrize("record, field, old, new", EDITS, ids=[e[0] for e in EDITS])
def test_an_officer_cannot_read_another_zones_history(
    request, browser, zones, record, field, old, new
):
    obj = request.getfixturevalue(record)
    model = type(obj)
    browser.post(admin_url(model, "change", obj.pk), form_data(obj, **{field: new}))
    other = Client()
    other.force_login(officer_of(zones[1], "officer_b"))
    version = obj.history.earliest()

    pages = [
        other.get(admin_url(model, "history", obj.pk)),
        other.get(admin_url(model, "simple_history", obj.pk, version.history_id)),
    ]

    for page in pages:
        assert page.status_code in (302, 403, 404)
        assert new not in page.content.decode() and old not in page.content.decode()


def test_a_read_only_user_cannot_restore_a_city_either():
    """Models outside the zone scoping (cities, rounds, memberships, tokens) use the same guard."""
    city = City.objects.get(adcode="140100")
    city.save()  # fixtures load without history: this is the version to restore
    first = city.history.latest()
    City.objects.filter(pk=city.pk).update(name="改名市")
    call_command("create_user", "reader", "--role", "readonly", stdout=io.StringIO())
    reader = Client()
    reader.force_login(User.objects.get(username="reader"))
    url = admin_url(City, "simple_history", city.pk, first.history_id)

    response = reader.post(url, form_data(first.instance))

    assert response.status_code == 403
    assert City.objects.get(pk=city.pk).name == "改名市"
