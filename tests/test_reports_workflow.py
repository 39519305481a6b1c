"""Period reports: who may submit, approve, return and reopen from which state (and that a refusal
changes nothing); every move logged; the figures of a submitted or approved period locked in the
model, the admin and the API."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from projects.models import MonthlyInvestment, Project
from reforms import reports
from reforms.models import PeriodicFigures, ReportTransition, ZoneReport, report_period
from zones.models import City, CityMembership, Zone, ZoneMembership
from zones.roles import Role

pytestmark = pytest.mark.django_db
Status = ZoneReport.Status
PERIOD = datetime.date(2025, 3, 1)  # a month the demo has no data for


@pytest.fixture
def zone():
    return Zone.objects.filter(city__adcode="140100").order_by("pk").first()


@pytest.fixture
def other_zone():
    return Zone.objects.exclude(city__adcode="140100").order_by("pk").first()


def make_user(name, group, zone=None, city=None):
    user = User.objects.create_user(name, is_staff=True)
    if group is not None:
        user.groups.add(group)
    if zone is not None:
        ZoneMembership.objects.create(user=user, zone=zone)
    if city is not None:
        CityMembership.objects.create(user=user, city=city)
    return user


@pytest.fixture
def users(role_groups, zone, other_zone):
    taiyuan = City.objects.get(adcode="140100")
    return {
        "province": make_user("prov", role_groups[Role.PROVINCE]),
        "superuser": User.objects.create_superuser("root"),
        "city": make_user("city", role_groups[Role.CITY], city=taiyuan),
        "other_city": make_user("city2", role_groups[Role.CITY], city=other_zone.city),
        "officer": make_user("officer", role_groups[Role.ZONE], zone=zone),
        "other_officer": make_user("officer2", role_groups[Role.ZONE], zone=other_zone),
        "reader": make_user("reader", role_groups[Role.READONLY]),
        "nobody": make_user("nobody", None),
    }


def report_in(zone, status):
    return ZoneReport.objects.create(zone=zone, period=PERIOD, status=status)


def do(move, zone, user, comment=""):
    if move == "submit":
        return reports.submit(zone, PERIOD, user, comment=comment)
    report = ZoneReport.objects.get(zone=zone, period=PERIOD)
    if move == "reopen":
        return reports.reopen(report, user, comment=comment)
    if move == "return":
        return reports.return_report(report, user, comment=comment)
    return reports.approve(report, user, comment=comment)


ALLOWED = [
    ("submit", Status.DRAFT, "officer", Status.SUBMITTED),
    ("submit", Status.DRAFT, "province", Status.SUBMITTED),
    ("submit", Status.DRAFT, "superuser", Status.SUBMITTED),
    ("submit", Status.RETURNED, "officer", Status.SUBMITTED),
    ("submit", None, "officer", Status.SUBMITTED),
    ("approve", Status.SUBMITTED, "city", Status.APPROVED),
    ("approve", Status.SUBMITTED, "province", Status.APPROVED),
    ("return", Status.SUBMITTED, "city", Status.RETURNED),
    ("return", Status.SUBMITTED, "province", Status.RETURNED),
    ("reopen", Status.APPROVED, "province", Status.RETURNED),
    ("reopen", Status.APPROVED, "superuser", Status.RETURNED),
]


@pytest.mark.parametrize(("move", "start", "who", "end"), ALLOWED)
def test_allowed_moves_change_the_status_and_are_logged(zone, users, move, start, who, end):
    if start is not None:
        report_in(zone, start)

    report = do(move, zone, users[who], comment="请核实标准地面积。")

    report.refresh_from_db()
    assert report.status == end
    [logged] = ReportTransition.objects.filter(report=report)
    assert (logged.from_status, logged.to_status) == (start or Status.DRAFT, end)
    assert logged.by == users[who] and logged.at is not None
    assert logged.comment == "请核实标准地面积。"
    if move == "submit":
        assert report.submitted_by == users[who] and report.submitted_at == logged.at
    if move in ("approve", "return"):
        assert report.reviewed_by == users[who] and report.reviewed_at == logged.at


FORBIDDEN_ROLES = [
    ("submit", Status.DRAFT, who)
    for who in ("city", "other_officer", "reader", "nobody", "other_city")
] + [
    ("approve", Status.SUBMITTED, who)
    for who in ("officer", "other_city", "reader", "nobody", "other_officer")
] + [
    ("return", Status.SUBMITTED, who) for who in ("officer", "other_city", "reader", "nobody")
] + [
    ("reopen", Status.APPROVED, who) for who in ("officer", "city", "reader", "nobody")
]  # fmt: skip

FORBIDDEN_STATES = [
    ("submit", Status.SUBMITTED, "officer"),
    ("submit", Status.APPROVED, "officer"),
    ("submit", Status.APPROVED, "province"),
    ("approve", Status.DRAFT, "city"),
    ("approve", Status.RETURNED, "city"),
    ("approve", Status.APPROVED, "province"),
    ("return", Status.DRAFT, "city"),
    ("return", Status.APPROVED, "city"),
    ("reopen", Status.SUBMITTED, "province"),
    ("reopen", Status.DRAFT, "province"),
    ("reopen", Status.RETURNED, "province"),
]


def assert_unchanged(zone, start):
    report = ZoneReport.objects.get(zone=zone, period=PERIOD)
    assert report.status == start
    assert not ReportTransition.objects.filter(report=report).exists()


@pytest.mark.parametrize(("move", "start", "who"), FORBIDDEN_ROLES)
def test_a_wrong_role_or_zone_is_refused_and_nothing_changes(zone, users, move, start, who):
    report_in(zone, start)

    with pytest.raises(PermissionDenied, match="无权|只有省级管理员"):
        do(move, zone, users[who], comment="意见")

    assert_unchanged(zone, start)


@pytest.mark.parametrize(("move", "start", "who"), FORBIDDEN_STATES)
def test_a_wrong_state_is_refused_and_nothing_changes(zone, users, move, start, who):
    report_in(zone, start)

    with pytest.raises(ValidationError) as refused:
        do(move, zone, users[who], comment="意见")

    assert f"当前为“{Status(start).label}”" in refused.value.messages[0]
    assert_unchanged(zone, start)


def test_a_return_needs_a_comment(zone, users):
    report_in(zone, Status.SUBMITTED)

    with pytest.raises(ValidationError, match="须填写审核意见"):
        do("return", zone, users["city"], comment="  ")

    assert_unchanged(zone, Status.SUBMITTED)


def test_the_province_may_reopen_to_draft_and_the_whole_cycle_is_logged(zone, users):
    reports.submit(zone, PERIOD, users["officer"])
    report = ZoneReport.objects.get(zone=zone, period=PERIOD)
    reports.return_report(report, users["city"], comment="增速口径有误。")
    reports.submit(zone, PERIOD, users["officer"])
    reports.approve(report, users["city"])
    reports.reopen(report, users["province"], to=Status.DRAFT, comment="补录项目。")

    moves = list(
        ReportTransition.objects.filter(report=report).values_list("from_status", "to_status")
    )
    assert moves == [
        (Status.DRAFT, Status.SUBMITTED),
        (Status.SUBMITTED, Status.RETURNED),
        (Status.RETURNED, Status.SUBMITTED),
        (Status.SUBMITTED, Status.APPROVED),
        (Status.APPROVED, Status.DRAFT),
    ]
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_report_permissions_go_to_the_role_groups(role_groups):
    def codenames(role):
        return set(role_groups[role].permissions.values_list("codename", flat=True))

    assert "submit_zonereport" in codenames(Role.ZONE)
    assert "approve_zonereport" not in codenames(Role.ZONE)
    assert "approve_zonereport" in codenames(Role.CITY)
    assert {"submit_zonereport", "reopen_zonereport"}.isdisjoint(codenames(Role.CITY))
    assert {"submit_zonereport", "approve_zonereport", "reopen_zonereport"} <= codenames(
        Role.PROVINCE
    )
    assert "add_zonereport" not in codenames(Role.ZONE)


def test_a_quarterly_report_covers_its_three_months(settings, zone):
    settings.REPORT_PERIOD = "quarter"

    assert report_period(datetime.date(2025, 5, 20)) == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 6, 30),
    )
    report = ZoneReport.objects.create(
        zone=zone, period=datetime.date(2025, 4, 1), status=Status.APPROVED
    )
    assert report.period_end == datetime.date(2025, 6, 30)
    with pytest.raises(ValidationError, match="已锁定"):
        PeriodicFigures(zone=zone, period=datetime.date(2025, 6, 1)).full_clean()
    PeriodicFigures(zone=zone, period=datetime.date(2025, 7, 1)).full_clean()


# Locking: while submitted or approved, the period's figures refuse every change


@pytest.fixture
def project(zone):
    return Project.objects.create(
        zone=zone, name="锁定测试项目", investor="示例企业", industry="materials",
        total_investment=Decimal("10000"), signed_on=datetime.date(2025, 1, 10),
        started_on=datetime.date(2025, 2, 1),
    )  # fmt: skip


@pytest.fixture
def entered(zone, project):
    """A month's figures and investment entered, before the report is submitted."""
    figures = PeriodicFigures.objects.create(zone=zone, period=PERIOD, commitment_eligible=4)
    investment = MonthlyInvestment.objects.create(project=project, month=PERIOD, amount=100)
    return figures, investment


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED])
def test_locked_figures_refuse_add_change_and_delete_in_the_model(zone, project, entered, status):
    figures, investment = entered
    report_in(zone, status)

    figures.commitment_eligible = 5
    investment.amount = 200
    for row in (figures, investment):
        with pytest.raises(ValidationError, match="该期数据已锁定"):
            row.full_clean()
        with pytest.raises(ValidationError, match="已锁定"):
            row.delete()
    with pytest.raises(ValidationError, match="已锁定"):
        PeriodicFigures.objects.filter(zone=zone).delete()
    with pytest.raises(ValidationError, match="已锁定"):
        MonthlyInvestment.objects.filter(project=project).delete()
    other_project = Project.objects.create(
        zone=zone, name="锁定测试项目二", investor="示例企业", industry="materials",
        total_investment=Decimal("100"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="已锁定"):
        MonthlyInvestment(project=other_project, month=PERIOD, amount=1).full_clean()
    # Moving a locked row to another month is a change of the locked month too.
    figures.refresh_from_db()
    figures.period = datetime.date(2025, 4, 1)
    with pytest.raises(ValidationError, match="已锁定"):
        figures.full_clean()
    assert PeriodicFigures.objects.get(pk=figures.pk).commitment_eligible == 4
    assert MonthlyInvestment.objects.get(pk=investment.pk).amount == 100


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED])
def test_figures_of_a_draft_or_returned_report_stay_editable(zone, entered, status):
    figures, investment = entered
    report_in(zone, status)

    figures.commitment_eligible = 5
    figures.full_clean()
    figures.save()
    investment.full_clean()
    investment.delete()


def test_other_zones_and_months_are_not_locked(zone, other_zone, entered):
    report_in(zone, Status.APPROVED)

    PeriodicFigures(zone=other_zone, period=PERIOD).full_clean()
    PeriodicFigures(zone=zone, period=datetime.date(2025, 4, 1)).full_clean()


def test_the_admin_refuses_to_change_or_delete_locked_figures(admin_client, zone, entered):
    figures, investment = entered
    report_in(zone, Status.APPROVED)
    change = reverse("admin:reforms_periodicfigures_change", args=[figures.pk])
    data = {
        "zone": zone.pk, "period": "2025-03-01", "commitment_eligible": "9",
        "commitment_applied": "0", "agency_eligible": "0", "agency_handled": "0",
        "standard_land_parcels": "0", "standard_land_area": "0", "value_added_growth": "",
    }  # fmt: skip

    changed = admin_client.post(change, data)
    deleted = admin_client.post(
        reverse("admin:reforms_periodicfigures_delete", args=[figures.pk]), {"post": "yes"}
    )
    bulk = admin_client.post(
        reverse("admin:projects_monthlyinvestment_changelist"),
        {"action": "delete_selected", "_selected_action": [investment.pk], "post": "yes"},
    )

    assert changed.status_code == 200
    assert "该期数据已锁定" in changed.content.decode()
    assert deleted.status_code == bulk.status_code == 403
    assert PeriodicFigures.objects.get(pk=figures.pk).commitment_eligible == 4
    assert MonthlyInvestment.objects.filter(pk=investment.pk).exists()


def test_the_api_answers_422_for_locked_figures(client, zone, project, entered):
    report_in(zone, Status.SUBMITTED)
    client.force_login(User.objects.create_superuser("api_root"))

    figures = client.put(
        f"/api/v1/zones/{zone.pk}/figures/2025-03-01",
        {"commitment_eligible": 9},
        content_type="application/json",
    )
    investment = client.put(
        f"/api/v1/projects/{project.pk}/investments/2025-03-01",
        {"amount": "300"},
        content_type="application/json",
    )

    for response in (figures, investment):
        assert response.status_code == 422, response.content
        [error] = response.json()["detail"]
        assert (error["field"], error["type"]) == ("__all__", "locked")
        assert "该期数据已锁定" in error["msg"]
    assert PeriodicFigures.objects.get(zone=zone, period=PERIOD).commitment_eligible == 4


# The admin of reports


def test_an_officer_sees_only_the_reports_of_their_zones(client, users, zone, other_zone):
    report_in(zone, Status.DRAFT)
    report_in(other_zone, Status.DRAFT)
    client.force_login(users["officer"])

    response = client.get(reverse("admin:reforms_zonereport_changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == list(ZoneReport.objects.filter(zone=zone))


def test_admin_buttons_move_a_report_and_show_the_log(client, users, zone):
    report = report_in(zone, Status.DRAFT)
    change = reverse("admin:reforms_zonereport_change", args=[report.pk])
    move = reverse("admin:reforms_zonereport_move", args=[report.pk])

    client.force_login(users["officer"])
    page = client.get(change).content.decode()
    assert 'value="submit"' in page and 'value="approve"' not in page
    client.post(move, {"move": "submit"})

    client.force_login(users["city"])
    page = client.get(change).content.decode()
    assert 'value="approve"' in page and 'value="return"' in page
    refused = client.post(move, {"move": "return", "comment": ""}, follow=True)
    assert "须填写审核意见" in refused.content.decode()
    client.post(move, {"move": "return", "comment": "请补充二月数据。"})

    report.refresh_from_db()
    assert report.status == Status.RETURNED
    assert report.reviewer_comment == "请补充二月数据。"
    page = client.get(change).content.decode()
    assert "请补充二月数据。" in page and "已退回" in page


def test_a_reviewer_of_another_city_cannot_reach_the_report(client, users, zone):
    report = report_in(zone, Status.SUBMITTED)
    client.force_login(users["other_city"])

    response = client.post(
        reverse("admin:reforms_zonereport_move", args=[report.pk]), {"move": "approve"}
    )

    assert response.status_code == 404
    assert_unchanged(zone, Status.SUBMITTED)


def test_admin_actions_approve_what_the_user_may_and_report_the_rest(client, users, zone):
    mine = report_in(zone, Status.SUBMITTED)
    draft = ZoneReport.objects.create(zone=zone, period=datetime.date(2025, 4, 1))
    client.force_login(users["city"])

    response = client.post(
        reverse("admin:reforms_zonereport_changelist"),
        {"action": "approve_selected", "_selected_action": [mine.pk, draft.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "已审核通过 1 份报表" in html and "当前为“草稿”" in html
    mine.refresh_from_db()
    draft.refresh_from_db()
    assert (mine.status, draft.status) == (Status.APPROVED, Status.DRAFT)


def approved_project():
    """A demo project with investment in a month whose report is approved."""
    month = MonthlyInvestment.objects.locked().select_related("project").order_by("pk").first()
    return month.project


def test_a_project_with_locked_months_cannot_be_deleted_by_any_path(admin_client):
    project = approved_project()
    months = project.monthly_investments.count()

    with pytest.raises(ValidationError, match="锁定"):
        project.delete()
    with pytest.raises(ValidationError, match="锁定"):
        Project.objects.filter(pk=project.pk).delete()
    delete_page = reverse("admin:projects_project_delete", args=[project.pk])
    assert admin_client.post(delete_page, {"post": "yes"}).status_code == 403
    bulk = admin_client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"},
    )
    assert bulk.status_code == 403

    assert Project.objects.filter(pk=project.pk).exists()
    assert project.monthly_investments.count() == months


def test_a_project_whose_months_are_all_open_is_deleted_with_them(zone):
    project = Project.objects.create(
        zone=zone,
        name="可删除项目",
        investor="示例投资有限公司",
        industry=Project.Industry.MATERIALS,
        total_investment=Decimal("100"),
        signed_on=datetime.date(2025, 1, 10),
    )
    MonthlyInvestment.objects.create(project=project, month=PERIOD, amount=Decimal("10"))

    project.delete()

    assert not MonthlyInvestment.objects.filter(project_id=project.pk).exists()
