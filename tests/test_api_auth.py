"""Who may call the API: personal tokens (issued by command or admin, stored hashed, expiring,
revocable), browser sessions with CSRF on writes, anonymous readers only when the dashboards are
public and only for aggregates; token clients are throttled. The schema and docs are served
from our own static files."""

import datetime
import io
import json

import pytest
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import User
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from zones.admin import ApiTokenAdmin
from zones.models import ApiToken, Zone, ZoneMembership
from zones.roles import Role

pytestmark = pytest.mark.django_db

API = "/api/v1"
AGGREGATE_READS = [
    "/zones",
    "/zones.csv",
    "/zones/1",
    "/cities",
    "/cities/140100",
    "/indicators",
    "/indicators/values",
    "/indicators/funds/series",
    "/indicators/funds/breakdown",
    "/projects/rates",
    "/charts",
    "/charts/pipeline",
    "/rounds",
]
MEMBER_READS = ["/projects", "/projects.csv", "/projects/1", "/zones/1/figures"]


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def issue(user, **fields):
    token = ApiToken(user=user, **fields)
    key = token.generate_key()
    token.save()
    return key


@pytest.fixture
def analyst(role_groups):
    """A read-only user: sees every zone's records, changes none."""
    user = User.objects.create(username="analyst")
    user.groups.add(role_groups[Role.READONLY])
    return user


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()


def test_command_prints_a_token_once_and_stores_only_its_digest(analyst):
    out = io.StringIO()

    call_command("create_api_token", "analyst", "--write", "--expires-in-days", "30", stdout=out)

    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=analyst)
    assert key.startswith("zrm_") and len(key) > 40
    assert token.can_write
    assert token.key_digest == ApiToken.digest(key) != key
    assert key not in str(token.__dict__.values())
    assert token.expires_at - timezone.now() > datetime.timedelta(days=29)


def test_command_issues_read_only_tokens_by_default(analyst):
    call_command("create_api_token", "analyst", stdout=io.StringIO())

    assert not ApiToken.objects.get(user=analyst).can_write


def test_command_refuses_an_unknown_user():
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", stdout=io.StringIO())


def _admin_request(rf, user, data=None):
    request = rf.post("/", data or {})
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_admin_issues_a_token_and_shows_it_once(rf, analyst):
    admin_user = User.objects.create(username="boss", is_superuser=True, is_staff=True)
    model_admin = ApiTokenAdmin(ApiToken, AdminSite())
    request = _admin_request(rf, admin_user)
    token = ApiToken(user=analyst, name="报表系统", can_write=False)

    model_admin.save_model(request, token, form=None, change=False)

    [message] = list(request._messages)
    key = str(message.message).split("<code>")[1].split("</code>")[0]
    assert ApiToken.objects.get(key_digest=ApiToken.digest(key)).user == analyst


def test_admin_of_a_non_superuser_issues_and_lists_only_their_own_tokens(rf, analyst):
    other = User.objects.create(username="other")
    issue(other)
    model_admin = ApiTokenAdmin(ApiToken, AdminSite())
    request = _admin_request(rf, analyst)
    token = ApiToken(user=other, name="试图替别人发令牌")

    model_admin.save_model(request, token, form=None, change=False)

    assert token.user == analyst
    assert set(model_admin.get_queryset(request).values_list("user__username", flat=True)) == {
        "analyst"
    }


def test_admin_revokes_selected_tokens(rf, analyst, client):
    key = issue(analyst)
    model_admin = ApiTokenAdmin(ApiToken, AdminSite())
    request = _admin_request(
        rf, User.objects.create(username="boss", is_superuser=True, is_staff=True)
    )

    model_admin.revoke(request, ApiToken.objects.filter(user=analyst))

    assert client.get(f"{API}/zones", **bearer(key)).status_code == 401


def test_token_reads(client, analyst):
    key = issue(analyst)

    response = client.get(f"{API}/zones?limit=1", **bearer(key))

    assert response.status_code == 200
    assert response.json()["count"] == Zone.objects.count()


@pytest.mark.parametrize(
    "state",
    [
        {"expires_at": timezone.now() - datetime.timedelta(minutes=1)},
        {"revoked_at": timezone.now()},
    ],
    ids=["expired", "revoked"],
)
def test_expired_or_revoked_token_is_refused(client, analyst, state):
    key = issue(analyst, **state)

    response = client.get(f"{API}/zones", **bearer(key))

    assert response.status_code == 401
    assert "令牌" in response.json()["detail"]


def test_unknown_token_and_inactive_user_are_refused(client, analyst):
    key = issue(analyst)
    analyst.is_active = False
    analyst.save()

    assert client.get(f"{API}/zones", **bearer(key)).status_code == 401
    assert client.get(f"{API}/zones", **bearer("zrm_made-up")).status_code == 401


@pytest.mark.parametrize("path", AGGREGATE_READS + MEMBER_READS)
def test_anonymous_is_refused_everything_when_dashboards_are_private(client, settings, path):
    settings.DASHBOARDS_PUBLIC = False

    assert client.get(API + path).status_code == 401


@pytest.mark.parametrize("path", AGGREGATE_READS)
def test_anonymous_reads_aggregates_when_dashboards_are_public(client, settings, path):
    settings.DASHBOARDS_PUBLIC = True

    assert client.get(API + path).status_code == 200


@pytest.mark.parametrize("path", MEMBER_READS)
def test_anonymous_never_reads_projects_or_zone_records(client, settings, path):
    settings.DASHBOARDS_PUBLIC = True

    assert client.get(API + path).status_code == 401


def test_session_user_reads_without_csrf_and_writes_only_with_it(analyst, role_groups):
    zone = Zone.objects.get(pk=1)
    ZoneMembership.objects.create(user=analyst, zone=zone)
    analyst.groups.add(role_groups[Role.ZONE])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(analyst)
    url = f"{API}/zones/1/figures/2030-01-01"
    body = json.dumps({"commitment_eligible": 2, "commitment_applied": 1})

    assert browser.get(f"{API}/projects?limit=1").status_code == 200
    refused = browser.put(url, body, content_type="application/json")
    browser.get("/admin/login/")  # sets the CSRF cookie, as any page of the site does
    token = browser.cookies["csrftoken"].value
    accepted = browser.put(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 201


def test_token_clients_are_throttled_with_retry_after(client, analyst, settings):
    settings.API_TOKEN_RATE = "3/min"
    key = issue(analyst)

    statuses = [client.get(f"{API}/cities", **bearer(key)).status_code for _ in range(4)]
    response = client.get(f"{API}/cities", **bearer(key))

    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"]


def test_throttling_counts_each_token_apart_and_never_sessions(client, analyst, settings):
    settings.API_TOKEN_RATE = "1/min"
    first, second = issue(analyst), issue(analyst)
    client.get(f"{API}/cities", **bearer(first))
    browser = Client()
    browser.force_login(analyst)

    assert client.get(f"{API}/cities", **bearer(second)).status_code == 200
    assert client.get(f"{API}/cities", **bearer(first)).status_code == 429
    assert [browser.get(f"{API}/cities").status_code for _ in range(3)] == [200] * 3


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get(f"{API}/openapi.json")
    docs = client.get(f"{API}/docs")

    assert schema.status_code == docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    assert '"validatorUrl": null' in html
    assert set(schema.json()["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
