"""The admin: every model can be listed, added and corrected; a zone's page shows its figures.

The test database holds the demo dataset (tests/conftest.py), so these tests make their own city
and zone, under names no demo row uses, and count rows of that zone only.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from projects.models import (
    AnnualPlan,
    CampaignRound,
    MonthlyInvestment,
    Project,
    RoundEntry,
    StalledProjectAlert,
)
from reforms.indicators import INDICATORS
from reforms.models import (
    CooperationPark,
    Education,
    FundInvestment,
    IndustrialFund,
    LeadershipAppointment,
    LeadershipEstablishment,
    MarketHire,
    PeriodicFigures,
    PlatformCompany,
    ReformMilestone,
    ReportReminder,
    SeparationStage,
    SnapshotPeriod,
    ZoneReport,
)
from zones.models import (
    ApiToken,
    City,
    CityMembership,
    DemoDataset,
    ImportJob,
    Zone,
    ZoneMembership,
)
from zones.scopes import ZONE

# Our own models and the users and groups; the job-schedule apps' admin pages are theirs to test.
OUR_APPS = {"auth", "zones", "reforms", "projects"}
REGISTERED = [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]
HISTORY_MODELS = [m for m in REGISTERED if isinstance(admin.site._registry[m], SimpleHistoryAdmin)]
# Rows that only the product writes (demo marker, job outputs): the admin shows them, adds none.
WRITTEN_BY_THE_PRODUCT = {
    DemoDataset,
    ImportJob,
    ReportReminder,
    SnapshotPeriod,
    StalledProjectAlert,
}
DEMO_NOTE = "（演示数据，非真实统计）"
# The zone page's queries: session, user, zone, city choices, demo marker, project count, the
# history link's content type (cached after the first page), one per inline (9) and one per
# indicator source. None of them grows with the zone's records.
ZONE_PAGE_QUERIES = 16 + len({source for ind in INDICATORS.select(ZONE) for source in ind.sources})


def model_id(model):
    return model._meta.label_lower


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management_form(*prefixes):
    """An inline formset's management data with no rows, for POSTs to a page with inlines."""
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


@pytest.fixture
def city(db):
    return City.objects.create(
        adcode="149901",
        name="测试市",
        short_name="测试",
        latitude=Decimal("37.870590"),
        longitude=Decimal("112.548879"),
    )


@pytest.fixture
def zone(city):
    return Zone.objects.create(
        name="测试转型综合改革示范区",
        short_name="测试综改区",
        city=city,
        level=Zone.Level.NATIONAL,
        kind=Zone.Kind.COMPREHENSIVE_REFORM,
        is_verified=True,
    )


def add_platform_company(zone, name):
    return PlatformCompany.objects.create(
        zone=zone,
        name=name,
        founded_on=datetime.date(2019, 1, 1),
        registered_capital=Decimal("100000"),
        ownership=PlatformCompany.Ownership.STATE_SOLE,
        state_share_pct=Decimal("100"),
    )


def add_market_hire(zone, position):
    return MarketHire.objects.create(
        zone=zone, position=position, hired_on=datetime.date(2023, 8, 1)
    )


@pytest.fixture
def project(zone):
    return Project.objects.create(
        zone=zone,
        name="半导体材料项目",
        investor="示例材料有限公司",
        industry=Project.Industry.MATERIALS,
        total_investment=Decimal("50000"),
        signed_on=datetime.date(2024, 3, 15),
        started_on=datetime.date(2024, 6, 1),
    )


@pytest.fixture
def one_row_of_each_model(zone, project, admin_user):
    """A row of every registered model, for the zone and its project."""
    fund = IndustrialFund.objects.create(
        zone=zone,
        name="综改区产业基金",
        size=Decimal("10"),
        stage=IndustrialFund.Stage.GROWTH,
        established_on=datetime.date(2020, 6, 1),
    )
    campaign_round = CampaignRound.objects.create(
        year=2024, number=99, held_on=datetime.date(2024, 12, 30)
    )
    rows = [
        admin_user,
        Group.objects.create(name="测试用户组"),
        zone.city,
        zone,
        project,
        fund,
        campaign_round,
        DemoDataset.objects.create(version="test"),
        ZoneMembership.objects.create(user=admin_user, zone=zone),
        CityMembership.objects.create(user=admin_user, city=zone.city),
        add_platform_company(zone, "综改区投资集团"),
        add_market_hire(zone, "招商经理"),
        FundInvestment.objects.create(
            fund=fund,
            project=project,
            project_name=project.name,
            amount=Decimal("1000"),
            invested_on=datetime.date(2024, 7, 1),
        ),
        LeadershipEstablishment.objects.create(
            zone=zone, effective_on=datetime.date(2023, 1, 1), authorized_posts=7
        ),
        LeadershipAppointment.objects.create(
            zone=zone,
            post=LeadershipAppointment.Post.DIRECTOR,
            holder_name="张三",
            birth_year=1980,
            first_degree=Education.BACHELOR,
            highest_education=Education.MASTER,
            selection_method=LeadershipAppointment.Selection.MARKET,
            appointed_on=datetime.date(2023, 5, 1),
        ),
        ReformMilestone.objects.create(
            zone=zone,
            kind=ReformMilestone.Kind.TERM_TARGETS,
            achieved_on=datetime.date(2024, 1, 10),
        ),
        SeparationStage.objects.create(
            zone=zone,
            stage=SeparationStage.Stage.PRACTISING,
            since=datetime.date(2024, 1, 1),
        ),
        CooperationPark.objects.create(
            zone=zone,
            name="中德合作产业园",
            partner="德国",
            preparing_since=datetime.date(2023, 1, 1),
        ),
        PeriodicFigures.objects.create(
            zone=zone,
            period=datetime.date(2024, 3, 1),
            commitment_eligible=10,
            commitment_applied=8,
        ),
        RoundEntry.objects.create(
            round=campaign_round, project=project, batch=RoundEntry.Batch.SIGNED
        ),
        AnnualPlan.objects.create(
            project=project,
            year=2024,
            planned_investment=Decimal("20000"),
            start_due=True,
            listed_on=datetime.date(2024, 1, 15),
        ),
        MonthlyInvestment.objects.create(
            project=project, month=datetime.date(2024, 6, 1), amount=Decimal("5000")
        ),
        ApiToken.objects.create(user=admin_user, key_prefix="zrm_test", key_digest="0" * 64),
        ImportJob.objects.create(
            user=admin_user, kind=ImportJob.Kind.PROJECTS, file="imports/t.xlsx", file_name="t.xlsx"
        ),
        ZoneReport.objects.create(zone=zone, period=datetime.date(2024, 3, 1)),
        ReportReminder.objects.create(
            zone=zone,
            period=datetime.date(2024, 3, 1),
            deadline=datetime.date(2024, 4, 10),
            days_from_deadline=-3,
            recipients="officer@example.cn",
        ),
        SnapshotPeriod.objects.create(
            period=datetime.date(2099, 1, 1), as_of=datetime.date(2099, 1, 31)
        ),
        StalledProjectAlert.objects.create(
            zone=zone,
            project=project,
            kind=StalledProjectAlert.Kind.LANDED_NOT_INVESTED,
            stuck_since=datetime.date(2024, 3, 15),
            opened_on=datetime.date(2024, 9, 15),
            checked_on=datetime.date(2024, 9, 15),
        ),
    ]
    return {type(row): row for row in rows}


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_every_changelist_answers(admin_client, one_row_of_each_model, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize(
    "model", [m for m in REGISTERED if m not in WRITTEN_BY_THE_PRODUCT], ids=model_id
)
def test_every_add_form_answers(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", sorted(WRITTEN_BY_THE_PRODUCT, key=model_id), ids=model_id)
def test_rows_the_product_writes_cannot_be_added_in_admin(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 403


def test_demo_dataset_is_read_only_in_admin(admin_client, one_row_of_each_model):
    dataset = one_row_of_each_model[DemoDataset]

    assert admin_client.get(admin_url(DemoDataset, "add")).status_code == 403
    response = admin_client.post(admin_url(DemoDataset, "change", dataset.pk), {"version": "x"})

    assert response.status_code == 403
    dataset.refresh_from_db()
    assert dataset.version == "test"


@pytest.mark.parametrize("model", REGISTERED, ids=model_id)
def test_every_change_form_answers_for_an_existing_row(admin_client, one_row_of_each_model, model):
    row = one_row_of_each_model[model]

    assert admin_client.get(admin_url(model, "change", row.pk)).status_code == 200


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=model_id)
def test_every_audited_row_shows_its_history(admin_client, one_row_of_each_model, model):
    row = one_row_of_each_model[model]

    assert admin_client.get(admin_url(model, "history", row.pk)).status_code == 200


def test_zone_can_be_restored_from_its_history(admin_client, zone):
    old_name = zone.name
    zone.name = "改名后的开发区"
    zone.save()
    first_version = zone.history.earliest()

    response = admin_client.get(
        admin_url(Zone, "simple_history", zone.pk, first_version.history_id)
    )

    assert response.status_code == 200
    assert old_name in response.content.decode()


def test_every_model_with_history_uses_the_history_admin():
    audited = {m for m in REGISTERED if hasattr(m, "history")}

    assert audited == set(HISTORY_MODELS)


def test_zone_page_shows_its_figures_as_of_today(admin_client, one_row_of_each_model, zone):
    today = timezone.localdate()

    html = admin_client.get(admin_url(Zone, "change", zone.pk)).content.decode()

    assert f"截至 {today.year}年{today.month}月{today.day}日" in html
    assert "平台公司数量" in html
    assert 'title="截至当日存续（已成立、未注销）的平台公司、运营公司家数。"' in html
    assert "<td>1 家</td>" in html
    assert "已达标" in html


def test_zone_page_links_to_its_projects_only(admin_client, zone, project, city):
    other = Zone.objects.create(
        name="太原经济技术开发区",
        short_name="太原经开区",
        city=city,
        level="national",
        kind="economic",
    )
    Project.objects.create(
        zone=other, name="别区项目", investor="某公司", industry="food", total_investment=1
    )
    link = f"{admin_url(Project, 'changelist')}?zone__id__exact={zone.pk}"

    assert link in admin_client.get(admin_url(Zone, "change", zone.pk)).content.decode()
    html = admin_client.get(link).content.decode()

    assert project.name in html
    assert "别区项目" not in html


def test_zone_page_queries_do_not_grow_with_its_records(
    admin_client, one_row_of_each_model, zone, django_assert_max_num_queries
):
    url = admin_url(Zone, "change", zone.pk)
    with django_assert_max_num_queries(ZONE_PAGE_QUERIES):
        admin_client.get(url)

    for number in range(20):
        add_platform_company(zone, f"平台公司{number}")
        add_market_hire(zone, f"岗位{number}")

    with django_assert_max_num_queries(ZONE_PAGE_QUERIES):
        assert admin_client.get(url).status_code == 200


def test_project_list_shows_the_stage_reached(admin_client, project):
    url = f"{admin_url(Project, 'changelist')}?zone__id__exact={project.zone_id}"

    html = admin_client.get(url).content.decode()

    assert '<td class="field-stage">开工</td>' in html


def test_figures_with_more_applied_than_eligible_are_refused(admin_client, zone):
    data = {
        "zone": zone.pk,
        "period": "2024-03-01",
        "commitment_eligible": "3",
        "commitment_applied": "5",
        "agency_eligible": "0",
        "agency_handled": "0",
        "standard_land_parcels": "0",
        "standard_land_area": "0",
        "value_added_growth": "",
    }

    response = admin_client.post(admin_url(PeriodicFigures, "add"), data)

    assert response.status_code == 200
    assert "实行承诺制项目数不能大于适用项目数。" in response.content.decode()
    assert not PeriodicFigures.objects.filter(zone=zone).exists()


def project_form(zone, **dates):
    return {
        "zone": zone.pk,
        "name": "新材料产业园项目",
        "investor": "示例投资有限公司",
        "industry": Project.Industry.MATERIALS,
        "total_investment": "10000",
        **dates,
        **management_form("round_entries", "annual_plans", "monthly_investments"),
    }


def test_project_started_before_signed_is_refused(admin_client, zone):
    data = project_form(zone, signed_on="2024-05-01", started_on="2024-03-01")

    response = admin_client.post(admin_url(Project, "add"), data)

    assert response.status_code == 200
    assert "开工日期不能早于签约日期（2024-05-01）。" in response.content.decode()
    assert not Project.objects.filter(zone=zone).exists()


def test_project_with_dates_in_order_is_saved(admin_client, zone):
    data = project_form(zone, signed_on="2024-05-01", started_on="2024-06-01")

    response = admin_client.post(admin_url(Project, "add"), data)

    assert response.status_code == 302
    assert Project.objects.get(zone=zone).started_on == datetime.date(2024, 6, 1)


def test_header_says_demo_data_only_when_the_demo_is_loaded(admin_client, db):
    DemoDataset.objects.all().delete()
    assert DEMO_NOTE not in admin_client.get(reverse("admin:index")).content.decode()

    DemoDataset.objects.create(version="test")

    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "开发区“三化三制”改革监测平台" in html
    assert DEMO_NOTE in html


def test_new_months_on_a_project_page_are_checked_together_against_the_total(admin_client, zone):
    project = Project.objects.create(
        zone=zone,
        name="合计校验项目",
        investor="示例投资有限公司",
        industry=Project.Industry.MATERIALS,
        total_investment=Decimal("100"),
        signed_on=datetime.date(2025, 1, 10),
    )
    data = project_form(zone, signed_on="2025-01-10")
    data |= {
        "name": project.name,
        "total_investment": "100",
        "monthly_investments-TOTAL_FORMS": "2",
        "monthly_investments-0-month": "2025-03-01",
        "monthly_investments-0-amount": "60",
        "monthly_investments-1-month": "2025-04-01",
        "monthly_investments-1-amount": "60",
    }

    response = admin_client.post(admin_url(Project, "change", project.pk), data)

    assert response.status_code == 200
    assert "累计完成投资（120" in response.content.decode()
    assert not MonthlyInvestment.objects.filter(project=project).exists()
    data["monthly_investments-1-amount"] = "40"
    assert admin_client.post(admin_url(Project, "change", project.pk), data).status_code == 302
    assert MonthlyInvestment.objects.filter(project=project).count() == 2
