"""The Celery application: configured from Django settings (CELERY_* names), tasks autodiscovered."""

import os
import smtplib

from celery import Celery
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("zone_reform_monitor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Failures that a later attempt may not meet: the database, the broker or the cache dropped the
# connection, the mail server was unreachable. Every task retries them with exponential backoff
# (1, 2, 4 … s with jitter, at most 10 min apart, 6 attempts in all); any other error fails the
# task at once. A task writes inside one transaction, so a failed attempt leaves nothing behind.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    BrokerError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
)
RETRY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}
