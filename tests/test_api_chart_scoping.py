"""A chart that lists projects (the zone's investment progress) is for members who may see that
zone, never for anonymous readers of the public aggregates."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from zones.models import Zone, ZoneMembership
from zones.roles import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/charts/investment_progress?zone={}&as_of=2024-12-31"


@pytest.fixture
def zones():
    return list(Zone.objects.order_by("pk")[:2])


def officer_client(zone, group):
    user = User.objects.create_user(f"officer-{zone.pk}")
    user.groups.add(group)
    ZoneMembership.objects.create(user=user, zone=zone)
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_readers_of_public_aggregates_do_not_get_project_rows(settings, zones):
    settings.DASHBOARDS_PUBLIC = True
    client = Client()

    assert client.get("/api/v1/charts/city_comparison?as_of=2024-12-31").status_code == 200
    assert client.get(URL.format(zones[0].pk)).status_code == 401


def test_an_officer_sees_the_project_chart_of_their_zone_only(role_groups, zones):
    client = officer_client(zones[0], role_groups[Role.ZONE])

    own = client.get(URL.format(zones[0].pk))
    assert own.status_code == 200
    assert own.json()["figure"]["data"]
    assert client.get(URL.format(zones[1].pk)).status_code == 404
