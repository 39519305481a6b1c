"""Production settings come from the environment alone: `check --deploy` is clean with them, and a
bad value stops the process with the variable's name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import JOB_SCHEDULE

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7#kq-production-like-secret-for-tests-only-9f3a2c81d4e6b5a7c9d0e1f2",
    "ALLOWED_HOSTS": "monitor.example.cn",
    "DATABASE_URL": "postgres://zrm@db.example.cn:5432/zrm",
    "CELERY_BROKER_URL": "redis://redis.example.cn:6379/0",
    "CACHE_URL": "redis://redis.example.cn:6379/1",
    "EMAIL_URL": "smtp+tls://monitor%40example.cn:secret@smtp.example.cn:587",
}


def manage(*args, **env):
    """Runs manage.py in a fresh process with only the given settings variables."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**keep, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_serves_compressed_hashed_static_files_and_mails_by_smtp():
    code = (
        "from django.conf import settings as s;"
        "print(s.STORAGES['staticfiles']['BACKEND']);print(s.EMAIL_BACKEND, s.EMAIL_HOST,"
        " s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER);print(s.CACHES['default']['BACKEND'])"
    )
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django.core.mail.backends.smtp.EmailBackend smtp.example.cn 587 True monitor@example.cn",
        "django.core.cache.backends.redis.RedisCache",
    ]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("HTTPS", "maybe", "HTTPS must be true or false"),
        ("REPORT_DEADLINE_DAY", "31", "REPORT_DEADLINE_DAY must be at least 1 and at most 28"),
        ("ALERT_SIGNED_NOT_LANDED_DAYS", "ninety", "must be a whole number"),
        ("REPORT_REMINDER_DAYS_BEFORE", "3,-1", "must not list negative numbers"),
    ],
)
def test_a_bad_setting_stops_the_process_naming_the_variable(variable, value, message):
    result = manage("check", **{variable: value})

    assert result.returncode != 0
    assert message in result.stderr


def test_a_broker_without_a_shared_cache_is_refused_in_production():
    env = {k: v for k, v in PRODUCTION.items() if k != "CACHE_URL"}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "set CACHE_URL" in result.stderr


def test_without_debug_a_secret_key_is_required():
    result = manage("check", DEBUG="false")

    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_install_schedule_adds_the_jobs_once_and_keeps_the_administrators_edits(capsys):
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    call_command("install_schedule")
    task = PeriodicTask.objects.get(name="report-reminders")
    task.crontab.hour, task.enabled = "8", False
    task.crontab.save()
    task.save()

    call_command("install_schedule")

    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= set(JOB_SCHEDULE)
    task.refresh_from_db()
    assert (task.crontab.hour, task.enabled) == ("8", False)
    call_command("install_schedule", "--reset")
    task.refresh_from_db()
    assert (task.crontab.hour, task.enabled) == ("9", True)
