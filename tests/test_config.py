"""Settings from the environment, the Celery app, and the languages of the UI."""

import os

import pytest
from django.conf import settings

from config.celery import app


@pytest.mark.skipif(bool(os.environ.get("CELERY_BROKER_URL")), reason="a broker is configured")
def test_without_a_broker_celery_runs_tasks_eagerly():
    assert app.conf.task_always_eager is True
    assert settings.CELERY_TASK_ALWAYS_EAGER is True


def test_celery_takes_its_configuration_from_django_settings():
    assert app.conf.timezone == "Asia/Shanghai"
    assert app.main == "zone_reform_monitor"


def test_ui_defaults_to_simplified_chinese_in_shanghai_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


@pytest.mark.django_db
def test_pages_are_chinese_by_default_and_english_under_en(client):
    chinese = client.get("/admin/login/", headers={"accept-language": "en-US,en"})
    english = client.get("/en/admin/login/")

    assert "登录" in chinese.content.decode()
    assert "Log in" in english.content.decode()
