"""End to end against the production stack that `bash .ci/stack test` starts: gunicorn, a Celery
worker and beat, PostgreSQL and Redis. A change enters through the API; the worker recomputes
the stored snapshot; the API and the dashboard show the new number.

Deselected from the main suite (marker e2e); `bash .ci/stack test` runs them with ZRM_STACK_URL
set, and with a read-write token and an administrator's login.
"""

import datetime
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

URL = os.environ.get("ZRM_STACK_URL", "")
ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2024-12-31"
CODE = "signed_not_landed"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not URL and os.environ.get("CI") != "true",
        reason="needs the production stack: bash .ci/stack test",
    ),
]


class Client:
    """A browser-like client: keeps cookies, sends the API token when asked."""

    def __init__(self):
        cookies = urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        self.opener = urllib.request.build_opener(cookies)
        self.cookies = cookies.cookiejar

    def request(self, method, path, *, data=None, token=False, form=False):
        headers = {"Accept-Language": "zh-hans"}
        body = None
        if token:
            headers["Authorization"] = f"Bearer {os.environ['ZRM_STACK_TOKEN']}"
        if data is not None and form:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = URL + path
        elif data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(URL + path, body, headers, method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers

    def cookie(self, name):
        return next(c.value for c in self.cookies if c.name == name)

    def log_in(self):
        self.request("GET", "/admin/login/")
        status, body, _ = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            form=True,
            data={
                "username": os.environ["ZRM_STACK_ADMIN"],
                "password": os.environ["ZRM_STACK_PASSWORD"],
                "csrfmiddlewaretoken": self.cookie("csrftoken"),
            },
        )
        assert status == 200 and "sessionid" in {c.name for c in self.cookies}, body[:500]


@pytest.fixture(scope="module")
def client():
    return Client()


@pytest.fixture(scope="module")
def zone_id(client):
    status, body, _ = client.request("GET", "/api/v1/zones?limit=1", token=True)
    assert status == 200, body
    return json.loads(body)["items"][0]["id"]


def api_value(client, zone_id, code=CODE):
    status, body, _ = client.request(
        "GET", f"/api/v1/indicators/values?zone={zone_id}&as_of={AS_OF}&limit=200", token=True
    )
    assert status == 200, body
    return next(row["value"] for row in json.loads(body)["items"] if row["code"] == code)


def snapshot_value(zone_id, code=CODE):
    """The stored December value, read with the management command on the stack's database."""
    result = subprocess.run(
        [sys.executable, "manage.py", "snapshot_series", code, "--zone", str(zone_id)]
        + ["--from", "2024-12", "--to", "2024-12", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)[0]["value"]


def page_value(client, zone_id, code=CODE):
    status, body, _ = client.request("GET", f"/zones/{zone_id}/?as_of={AS_OF}")
    assert status == 200, body[:500]
    row = re.search(rf'data-indicator="{code}">\s*<td>[^<]*</td>\s*<td class="num">([^<]*)<', body)
    assert row, "the zone page has no row for " + code
    return int(re.match(r"\s*(\d+)", row.group(1)).group(1))


def wait_for(read, expected, timeout=90):
    deadline = time.monotonic() + timeout
    while (value := read()) != expected:
        assert time.monotonic() < deadline, f"still {value}, expected {expected}"
        time.sleep(1)


def test_health_reports_the_database_the_cache_and_the_broker(client):
    status, body, _ = client.request("GET", "/health/")

    assert status == 200, body
    checks = json.loads(body)["checks"]
    assert checks["database"]["detail"] == "postgresql"
    assert checks["cache"]["detail"] == "RedisCache"
    assert "redis" in checks["broker"]["detail"].lower()


def test_static_files_are_served_hashed_and_cacheable(client, zone_id):
    client.log_in()
    _, page, _ = client.request("GET", f"/zones/{zone_id}/?as_of={AS_OF}")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "no hashed stylesheet link on the page"

    status, _, headers = client.request("GET", stylesheet.group(1))

    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]


def test_a_change_through_the_api_is_recomputed_by_the_worker_and_shown_everywhere(client, zone_id):
    client.log_in()
    before = api_value(client, zone_id)
    assert snapshot_value(zone_id) == before == page_value(client, zone_id)

    status, body, _ = client.request(
        "POST",
        "/api/v1/projects",
        token=True,
        data={
            "zone": zone_id,
            "name": f"端到端测试项目-{uuid.uuid4().hex[:8]}",
            "investor": "端到端测试投资有限公司",
            "industry": "materials",
            "total_investment": "12000.00",
            "signed_on": datetime.date(2024, 12, 10).isoformat(),
        },
    )
    assert status == 201, body

    wait_for(lambda: snapshot_value(zone_id), before + 1)
    assert api_value(client, zone_id) == before + 1
    assert page_value(client, zone_id) == before + 1


def test_figures_approved_through_the_api_are_recomputed_and_shown_a_draft_is_not(client):
    client.log_in()
    code = "standard_land_parcels"
    status, body, _ = client.request("GET", "/api/v1/reports?period=2024-12", token=True)
    assert status == 200, body
    open_zone = next(
        row["zone"]
        for row in json.loads(body)["zones"]
        if row["status"] in ("none", "draft", "returned")
    )
    before = api_value(client, open_zone, code)
    wait_for(lambda: snapshot_value(open_zone, code), before)

    status, body, _ = client.request(
        "PUT",
        f"/api/v1/zones/{open_zone}/figures/2024-12-01",
        token=True,
        data={"standard_land_parcels": 5, "standard_land_area": "150"},
    )
    assert status in (200, 201), body
    assert api_value(client, open_zone, code) == before  # a draft never changes a published number

    for move, comment in (("submit", ""), ("approve", "端到端测试通过")):
        status, body, _ = client.request(
            "POST",
            f"/api/v1/reports/{open_zone}/2024-12/{move}",
            token=True,
            data={"comment": comment},
        )
        assert status == 200, body

    wait_for(lambda: snapshot_value(open_zone, code), before + 5)
    assert api_value(client, open_zone, code) == before + 5
    assert page_value(client, open_zone, code) == before + 5
