"""/health/ answers 200 when the database, the cache and the broker answer, and 503 naming the
ones that failed otherwise."""

import pytest
from celery import Celery

from config import health


@pytest.fixture
def unreachable_broker(monkeypatch):
    """A broker on a loopback port where nothing listens."""
    app = Celery("health-test", broker="redis://127.0.0.1:9/0", set_as_current=False)
    app.conf.broker_connection_timeout = 1
    monkeypatch.setattr(health, "celery_app", app)


def test_health_is_ok_when_everything_answers(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "cache", "broker"}
    # The embedded default has no broker: tasks run in the web process, which is not a failure.
    assert body["checks"]["broker"]["detail"].startswith("none")
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_names_an_unreachable_broker(client, db, unreachable_broker):
    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["broker"]
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_health_names_a_failing_cache_and_hides_its_message(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("secret-host:6379 refused")

    monkeypatch.setattr(health.cache, "set", broken)

    body = client.get("/health/").json()

    assert body["failed"] == ["cache"]
    assert body["checks"]["cache"] == {
        "ok": False,
        "error": "ConnectionError",
        "ms": body["checks"]["cache"]["ms"],
    }


def test_health_refuses_to_change_anything(client, db):
    assert client.post("/health/").status_code == 405
