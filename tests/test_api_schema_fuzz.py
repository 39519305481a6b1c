"""Schemathesis fuzzes every operation of the OpenAPI schema in-process, as a superuser's
read-write token, against the demo database: no 5xx, and every response matches the schema.

Each operation runs in one test transaction, rolled back at its end, so generated writes never
reach the other tests. Examples are few and derandomised, to keep the suite fast and repeatable.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
]


@pytest.fixture
def wsgi_requests_in_test_transaction():
    """Django closes "old" connections when a WSGI request starts and ends, which would end the
    test transaction; Django's test client switches that off the same way."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def writer_key(django_user_model, settings):
    from zones.models import ApiToken

    settings.API_TOKEN_RATE = ""  # thousands of requests from one token: no throttling here
    user = django_user_model.objects.create(username="fuzzer", is_superuser=True, is_staff=True)
    token = ApiToken(user=user, can_write=True, name="schemathesis")
    key = token.generate_key()
    token.save()
    return key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_schema(
    case, writer_key, wsgi_requests_in_test_transaction
):
    response = case.call(headers={"Authorization": f"Bearer {writer_key}"})
    case.validate_response(response, checks=CHECKS)
