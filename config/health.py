"""/health/: can this web process reach the database, the cache and the broker?

JSON for load balancers and the production stack's start-up: 200 when every check answers, 503
naming the ones that failed. Only the error's type is shown; the full error goes to the log.
"""

import logging
import time
import uuid

from django.core.cache import cache, caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

logger = logging.getLogger(__name__)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def check_cache() -> str:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise LookupError("a value written to the cache was not read back")
    cache.delete(key)
    return type(caches["default"]).__name__


def check_broker() -> str:
    if celery_app.conf.task_always_eager:
        return "none: tasks run in the web process"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=3)
        return conn.transport_cls


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_check(name, probe) -> dict:
    started = time.monotonic()
    try:
        detail = probe()
    except Exception as exc:
        logger.warning("health check %s failed", name, exc_info=True)
        result = {"ok": False, "error": type(exc).__name__}
    else:
        result = {"ok": True, "detail": str(detail)}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


@never_cache
@require_GET
def health(request):
    checks = {name: run_check(name, probe) for name, probe in CHECKS.items()}
    failed = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "fail" if failed else "ok", "failed": failed, "checks": checks}
    return JsonResponse(body, status=503 if failed else 200)
