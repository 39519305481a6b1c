"""The write endpoints: what they save, and what they refuse — with a 422 naming the field and a
message in the request's language, by the same model validation as the admin, saving nothing."""

import datetime
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from projects.models import MonthlyInvestment, Project
from reforms.models import PeriodicFigures
from zones.models import ApiToken, Zone

pytestmark = pytest.mark.django_db

API = "/api/v1"
NEW_PROJECT = {
    "zone": 1,
    "name": "接口新建项目",
    "investor": "山西示例新材料有限公司",
    "industry": "materials",
    "is_provincial_key": True,
    "total_investment": "12000.50",
    "signed_on": "2024-03-28",
}


@pytest.fixture
def writer():
    """A read-write token of a superuser: these tests are about validation, not permissions."""
    user = User.objects.create(username="writer", is_superuser=True, is_staff=True)
    token = ApiToken(user=user, can_write=True)
    key = token.generate_key()
    token.save()
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def project():
    return Project.objects.filter(zone_id=1, monthly_investments__isnull=True).first()


def send(client, method, path, body, language="zh-hans"):
    payload = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(
        API + path, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )


def errors(response):
    assert response.status_code == 422, response.content
    first = {}
    for error in response.json()["detail"]:
        first.setdefault(error["field"], error["msg"])
    return first


def admin_errors(instance):
    """What full_clean (the admin's validation) says about a record."""
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    return {field: messages[0] for field, messages in refused.value.message_dict.items()}


# Projects


def test_create_project(writer):
    response = send(writer, "post", "/projects", NEW_PROJECT)

    assert response.status_code == 201
    created = response.json()
    project = Project.objects.get(pk=created["id"])
    assert (project.zone_id, project.name, project.total_investment) == (
        1,
        "接口新建项目",
        Decimal("12000.50"),
    )
    assert created["stage"] == "signed" and created["milestones"][0]["date"] == "2024-03-28"


def test_update_project_changes_only_what_is_sent(writer, project):
    response = send(writer, "patch", f"/projects/{project.pk}", {"investor": "新的投资方"})

    assert response.status_code == 200
    saved = Project.objects.get(pk=project.pk)
    assert saved.investor == "新的投资方"
    assert (saved.name, saved.total_investment) == (project.name, project.total_investment)


def test_record_and_clear_a_milestone(writer, project):
    set_ = send(writer, "put", f"/projects/{project.pk}/milestones/above_scale", {"date": "2099-01-01"})  # fmt: skip
    cleared = send(writer, "put", f"/projects/{project.pk}/milestones/above_scale", {"date": None})

    assert set_.status_code == cleared.status_code == 200
    assert set_.json()["above_scale_on"] == "2099-01-01"
    assert Project.objects.get(pk=project.pk).above_scale_on is None


def test_record_then_replace_a_months_investment(writer, project):
    # A month whose report is not submitted: the demo's months are approved, hence locked.
    path = f"/projects/{project.pk}/investments/2025-05-01"

    created = send(writer, "put", path, {"amount": "10.5"})
    replaced = send(writer, "put", path, {"amount": "20"})

    assert (created.status_code, replaced.status_code) == (201, 200)
    assert replaced.json() == {"month": "2025-05-01", "amount": 20.0}
    assert MonthlyInvestment.objects.get(project=project, month="2025-05-01").amount == 20


def test_record_then_replace_a_zones_monthly_figures(writer):
    path = "/zones/1/figures/2099-01-01"
    body = {"commitment_eligible": 4, "commitment_applied": 3, "value_added_growth": "-1.25"}

    created = send(writer, "put", path, body)
    replaced = send(writer, "put", path, {**body, "commitment_applied": 4})

    assert (created.status_code, replaced.status_code) == (201, 200)
    figures = PeriodicFigures.objects.get(zone_id=1, period="2099-01-01")
    assert (figures.commitment_applied, figures.value_added_growth) == (4, Decimal("-1.25"))


# Refusals: the admin's rules, in the request's language, nothing saved


def test_milestones_out_of_order_are_refused_as_the_admin_refuses_them(writer, project):
    body = {"signed_on": "2024-05-01", "started_on": "2024-04-01"}

    refused = errors(send(writer, "patch", f"/projects/{project.pk}", body))

    candidate = Project.objects.get(pk=project.pk)
    candidate.signed_on, candidate.started_on = datetime.date(2024, 5, 1), datetime.date(2024, 4, 1)
    with translation.override("zh-hans"):
        assert refused == admin_errors(candidate)
    assert refused["started_on"].startswith("开工日期不能早于签约日期")
    assert Project.objects.get(pk=project.pk).started_on == project.started_on


def test_refusal_messages_follow_accept_language(writer, project):
    body = {"signed_on": "2024-05-01", "started_on": "2024-04-01"}

    english = errors(send(writer, "patch", f"/projects/{project.pk}", body, language="en"))

    assert english["started_on"].startswith("The Started date cannot be earlier than the Signed")


def test_investment_for_a_day_other_than_the_first_is_refused(writer, project):
    chinese = errors(send(writer, "put", f"/projects/{project.pk}/investments/2024-05-02", {"amount": "1"}))  # fmt: skip
    english = errors(
        send(writer, "put", f"/projects/{project.pk}/investments/2024-05-02", {"amount": "1"}, "en")
    )

    assert chinese == {"month": "月份须为该月第一天。"}
    assert english == {"month": "The month must be given as its first day."}
    assert not MonthlyInvestment.objects.filter(project=project).exists()


def test_figures_that_contradict_each_other_are_refused(writer):
    body = {"commitment_eligible": 2, "commitment_applied": 3}

    chinese = errors(send(writer, "put", "/zones/1/figures/2099-02-01", body))
    english = errors(send(writer, "put", "/zones/1/figures/2099-02-01", body, "en"))

    assert chinese == {"commitment_applied": "实行承诺制项目数不能大于适用项目数。"}
    assert english == {
        "commitment_applied": "Projects approved by commitment cannot exceed the eligible projects."
    }
    assert not PeriodicFigures.objects.filter(zone_id=1, period="2099-02-01").exists()


def test_a_duplicate_project_name_in_the_zone_is_refused(writer):
    existing = Project.objects.filter(zone_id=1).first()

    refused = errors(send(writer, "post", "/projects", {**NEW_PROJECT, "name": existing.name}))
    english = errors(
        send(writer, "post", "/projects", {**NEW_PROJECT, "name": existing.name}, "en")
    )

    assert refused["__all__"] == "包含 开发区 和 项目名称 的 项目 已经存在。"
    assert english["__all__"] == "Project with this Zone and Project name already exists."
    assert Project.objects.filter(zone_id=1, name=existing.name).count() == 1


def test_a_refused_update_saves_none_of_its_fields(writer, project):
    body = {"investor": "不应保存", "total_investment": "-5"}

    refused = errors(send(writer, "patch", f"/projects/{project.pk}", body))

    assert refused == {"total_investment": "不能为负数。"}
    assert Project.objects.get(pk=project.pk).investor == project.investor


@pytest.mark.parametrize(
    "body, field, chinese, english",
    [
        (
            {**NEW_PROJECT, "total_investment": "很多"},
            "total_investment",
            "须为数字。",
            "Must be a number.",
        ),  # fmt: skip
        (
            {**NEW_PROJECT, "signed_on": "2024-13-01"},
            "signed_on",
            "须为 YYYY-MM-DD 格式的日期。",
            "Must be a date in the form YYYY-MM-DD.",
        ),  # fmt: skip
        ({**NEW_PROJECT, "industry": "steel"}, "industry", "须为以下之一：", "Must be one of: "),
        (
            {k: v for k, v in NEW_PROJECT.items() if k != "name"},
            "name",
            "此项为必填项。",
            "This field is required.",
        ),  # fmt: skip
        (
            {**NEW_PROJECT, "name": ""},
            "name",
            "至少须有 1 个字符。",
            "Must have at least 1 characters.",
        ),  # fmt: skip
        (
            {**NEW_PROJECT, "name": "空\x00字符"},
            "name",
            "不能包含空字符（NUL）。",
            "Must not contain NUL characters.",
        ),  # fmt: skip
        ({**NEW_PROJECT, "zone": 999999}, "zone", "该开发区不存在。", "No such zone."),
        ({**NEW_PROJECT, "signed_on": "1999-12-31"}, "signed_on", "日期须在", "The date must lie"),
    ],
    ids=["number", "date", "choice", "missing", "blank", "nul", "zone", "range"],
)
def test_malformed_input_names_the_field_in_the_requests_language(writer, body, field, chinese, english):  # fmt: skip
    in_chinese = errors(send(writer, "post", "/projects", body))
    in_english = errors(send(writer, "post", "/projects", body, "en"))

    assert in_chinese[field].startswith(chinese)
    assert in_english[field].startswith(english)
    assert not Project.objects.filter(name="接口新建项目").exists()


def test_a_body_that_is_not_json_is_422(writer):
    response = send(writer, "post", "/projects", "{not json")

    assert errors(response) == {"__all__": "请求体不是有效的 JSON。"}


def test_null_is_refused_for_fields_that_cannot_be_empty(writer, project):
    refused = errors(send(writer, "patch", f"/projects/{project.pk}", {"is_provincial_key": None}))

    assert set(refused) == {"is_provincial_key"}


def test_writes_to_unknown_records_are_404(writer):
    assert send(writer, "patch", "/projects/999999", {"investor": "x"}).status_code == 404
    assert send(writer, "put", "/zones/999999/figures/2024-01-01", {}).status_code == 404


# English messages are compiled


def test_compiled_english_messages_match_their_source():
    """The .mo file is committed; it must be compiled from the current .po."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed")
    messages = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
    compiled = subprocess.run(
        [msgfmt, "--check-format", "-o", "-", str(messages / "django.po")],
        capture_output=True,
        check=True,
    ).stdout

    assert compiled == (messages / "django.mo").read_bytes()


def test_zone_labels_are_translated():
    with translation.override("en"):
        assert Zone.Level.NATIONAL.label == "National"
