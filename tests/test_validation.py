"""Validation rules of the model layer: what `full_clean()` refuses, and what the database refuses.

Each refusal test builds one bad record, runs `full_clean()` then `save()` (the order a form or the
API follows), expects a ValidationError on the named field with the Chinese message, and checks
that no row was written. The database tests skip `clean()` and expect an IntegrityError.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import AnnualPlan, CampaignRound, MonthlyInvestment, Project
from reforms.models import (
    CooperationPark,
    Education,
    FundInvestment,
    IndustrialFund,
    LeadershipAppointment,
    LeadershipEstablishment,
    PeriodicFigures,
    PlatformCompany,
    ReformMilestone,
)
from zones.models import City, Zone

pytestmark = pytest.mark.django_db

D = Decimal
day = datetime.date


@pytest.fixture
def city():
    return City.objects.get(adcode="140100")


@pytest.fixture
def zone(city):
    return Zone.objects.create(
        name="校验测试开发区",
        short_name="校验区",
        city=city,
        level=Zone.Level.PROVINCIAL,
        kind=Zone.Kind.COMPREHENSIVE_REFORM,
    )


@pytest.fixture
def project(zone):
    return Project.objects.create(
        zone=zone,
        name="示范区新材料项目",
        investor="山西示例投资有限公司",
        industry=Project.Industry.MATERIALS,
        total_investment=D("1000.00"),
    )


@pytest.fixture
def fund(zone):
    return IndustrialFund.objects.create(
        zone=zone,
        name="示范区产业投资基金",
        size=D("10.00"),
        stage=IndustrialFund.Stage.GROWTH,
        established_on=day(2023, 6, 1),
    )


# Valid field values for a new record of each model; `get` fetches a fixture by name.
VALID = {
    Project: lambda get: {
        "zone": get("zone"),
        "name": "示范区新能源项目",
        "investor": "山西示例能源有限公司",
        "industry": Project.Industry.NEW_ENERGY,
        "total_investment": D("5000.00"),
    },
    AnnualPlan: lambda get: {
        "project": get("project"),
        "year": 2024,
        "planned_investment": D("300.00"),
        "listed_on": day(2024, 1, 10),
    },
    MonthlyInvestment: lambda get: {
        "project": get("project"),
        "month": day(2024, 3, 1),
        "amount": D("100.00"),
    },
    CampaignRound: lambda get: {"year": 2024, "number": 9, "held_on": day(2024, 3, 28)},
    PlatformCompany: lambda get: {
        "zone": get("zone"),
        "name": "示范区建设投资有限公司",
        "founded_on": day(2020, 5, 1),
        "registered_capital": D("50000.00"),
        "ownership": PlatformCompany.Ownership.STATE_SOLE,
        "state_share_pct": D("100.00"),
    },
    IndustrialFund: lambda get: {
        "zone": get("zone"),
        "name": "示范区天使基金",
        "size": D("2.00"),
        "stage": IndustrialFund.Stage.EARLY,
        "established_on": day(2023, 1, 1),
    },
    FundInvestment: lambda get: {
        "fund": get("fund"),
        "project_name": "示例新材料公司A轮",
        "amount": D("800.00"),
        "invested_on": day(2023, 9, 1),
    },
    LeadershipEstablishment: lambda get: {
        "zone": get("zone"),
        "effective_on": day(2023, 1, 1),
        "authorized_posts": 7,
    },
    LeadershipAppointment: lambda get: {
        "zone": get("zone"),
        "post": LeadershipAppointment.Post.DIRECTOR,
        "holder_name": "张三",
        "birth_year": 1975,
        "first_degree": Education.BACHELOR,
        "highest_education": Education.MASTER,
        "selection_method": LeadershipAppointment.Selection.MARKET,
        "appointed_on": day(2021, 3, 1),
    },
    ReformMilestone: lambda get: {
        "zone": get("zone"),
        "kind": ReformMilestone.Kind.PERFORMANCE_PAY,
        "year": 2024,
        "achieved_on": day(2024, 2, 1),
    },
    CooperationPark: lambda get: {
        "zone": get("zone"),
        "name": "中德（太原）合作产业园",
        "preparing_since": day(2022, 4, 1),
    },
    PeriodicFigures: lambda get: {
        "zone": get("zone"),
        "period": day(2024, 3, 1),
        "commitment_eligible": 10,
        "commitment_applied": 8,
        "agency_eligible": 6,
        "agency_handled": 6,
        "standard_land_parcels": 2,
        "standard_land_area": D("120.50"),
    },
}


@pytest.fixture
def build(request):
    """build(Model, **overrides): an unsaved record of Model, valid except for the overrides."""

    def _build(model, **overrides):
        return model(**{**VALID[model](request.getfixturevalue), **overrides})

    return _build


def assert_refused(obj, field, text):
    """full_clean() refuses obj with `text` in a message on `field`, and no row is written."""
    model = type(obj)
    before = model._default_manager.count()
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
        obj.save()  # only reached if full_clean() wrongly accepts the record
    errors = excinfo.value.message_dict
    assert field in errors, errors
    assert any(text in message for message in errors[field]), errors
    assert model._default_manager.count() == before


def assert_accepted(obj):
    model = type(obj)
    before = model._default_manager.count()
    obj.full_clean()
    obj.save()
    assert model._default_manager.count() == before + 1


def assert_database_refuses(model, **fields):
    before = model._default_manager.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        model._default_manager.create(**fields)
    assert model._default_manager.count() == before


@pytest.mark.parametrize("model", list(VALID), ids=lambda m: m.__name__)
def test_a_valid_record_of_each_model_is_accepted(build, model):
    assert_accepted(build(model))


def test_project_with_all_six_milestones_in_order_is_accepted(build):
    assert_accepted(
        build(
            Project,
            signed_on=day(2023, 3, 1),
            landed_on=day(2023, 4, 15),
            started_on=day(2023, 6, 1),
            producing_on=day(2024, 5, 20),
            at_capacity_on=day(2025, 1, 10),
            above_scale_on=day(2025, 6, 30),
        )
    )


def test_project_with_all_six_milestones_on_the_same_day_is_accepted(build):
    same = day(2024, 3, 28)
    assert_accepted(
        build(
            Project,
            signed_on=same,
            landed_on=same,
            started_on=same,
            producing_on=same,
            at_capacity_on=same,
            above_scale_on=same,
        )
    )


def test_project_with_gaps_in_its_milestones_is_accepted_when_the_present_ones_are_in_order(
    build,
):
    assert_accepted(build(Project, landed_on=day(2023, 4, 1), producing_on=day(2024, 1, 1)))


def test_periodic_figures_with_applied_equal_to_eligible_are_accepted(build):
    assert_accepted(
        build(
            PeriodicFigures,
            commitment_eligible=5,
            commitment_applied=5,
            agency_eligible=3,
            agency_handled=3,
        )
    )


def test_periodic_figures_with_all_counts_zero_are_accepted(build):
    assert_accepted(
        build(
            PeriodicFigures,
            commitment_eligible=0,
            commitment_applied=0,
            agency_eligible=0,
            agency_handled=0,
            standard_land_parcels=0,
            standard_land_area=D("0"),
        )
    )


@pytest.mark.parametrize("pct", [D("0"), D("51.00"), D("100")], ids=str)
def test_platform_company_state_share_within_0_to_100_is_accepted(build, pct):
    assert_accepted(build(PlatformCompany, state_share_pct=pct))


@pytest.mark.parametrize(
    ("model", "start_field", "end_field"),
    [
        pytest.param(PlatformCompany, "founded_on", "dissolved_on", id="dissolved_on"),
        pytest.param(IndustrialFund, "established_on", "closed_on", id="closed_on"),
        pytest.param(LeadershipAppointment, "appointed_on", "left_on", id="left_on"),
        pytest.param(CooperationPark, "preparing_since", "established_on", id="established_on"),
    ],
)
def test_an_end_date_on_the_start_date_is_accepted(build, model, start_field, end_field):
    record = build(model)
    setattr(record, end_field, getattr(record, start_field))
    assert_accepted(record)


def test_monthly_investments_adding_up_exactly_to_the_total_are_accepted(build, project):
    MonthlyInvestment.objects.create(project=project, month=day(2024, 1, 1), amount=D("600.00"))
    assert_accepted(build(MonthlyInvestment, month=day(2024, 2, 1), amount=D("400.00")))


def test_editing_a_month_does_not_count_its_old_amount_twice(project):
    month = MonthlyInvestment.objects.create(
        project=project, month=day(2024, 1, 1), amount=D("900.00")
    )
    month.amount = D("1000.00")
    month.full_clean()
    month.save()
    month.refresh_from_db()
    assert month.amount == D("1000.00")


def test_project_total_lowered_to_exactly_the_completed_investment_is_accepted(project):
    MonthlyInvestment.objects.create(project=project, month=day(2024, 1, 1), amount=D("800.00"))
    project.total_investment = D("800.00")
    project.full_clean()
    project.save()
    project.refresh_from_db()
    assert project.total_investment == D("800.00")


@pytest.mark.parametrize(
    ("first", "highest"),
    [
        (Education.BACHELOR, Education.BACHELOR),
        (Education.JUNIOR_COLLEGE, Education.DOCTOR),
        (Education.HIGH_SCHOOL_OR_BELOW, Education.BACHELOR),
    ],
    ids=["same", "doctor_over_junior_college", "bachelor_over_high_school"],
)
def test_highest_education_at_or_above_first_degree_is_accepted(build, first, highest):
    assert_accepted(build(LeadershipAppointment, first_degree=first, highest_education=highest))


@pytest.mark.parametrize(
    "kind",
    [ReformMilestone.Kind.TERM_TARGETS, ReformMilestone.Kind.POST_APPOINTMENT],
    ids=str,
)
def test_a_non_yearly_reform_milestone_without_a_year_is_accepted(build, kind):
    assert_accepted(build(ReformMilestone, kind=kind, year=None))


def test_annual_plan_listed_in_the_year_before_the_plan_is_accepted(build):
    assert_accepted(build(AnnualPlan, year=2024, listed_on=day(2023, 12, 15)))


@pytest.mark.parametrize("resumed", [day(2024, 1, 1), day(2024, 12, 31)], ids=str)
def test_annual_plan_resumed_on_the_first_or_last_day_of_the_year_is_accepted(build, resumed):
    assert_accepted(build(AnnualPlan, year=2024, resumed_on=resumed))


@pytest.mark.parametrize("held", [day(2024, 1, 1), day(2024, 12, 31)], ids=str)
def test_campaign_round_held_on_the_first_or_last_day_of_its_year_is_accepted(build, held):
    assert_accepted(build(CampaignRound, year=2024, held_on=held))


def test_fund_investment_on_the_day_the_fund_was_established_is_accepted(build, fund):
    assert_accepted(build(FundInvestment, invested_on=fund.established_on))


@pytest.mark.parametrize(
    ("dates", "field", "text"),
    [
        pytest.param(
            {"signed_on": day(2024, 5, 1), "landed_on": day(2024, 4, 30)},
            "landed_on",
            "落地/备案日期不能早于签约日期（2024-05-01）",
            id="landing_before_signing",
        ),
        pytest.param(
            {"landed_on": day(2024, 5, 1), "started_on": day(2024, 4, 30)},
            "started_on",
            "开工日期不能早于落地/备案日期（2024-05-01）",
            id="start_before_landing",
        ),
        pytest.param(
            {"started_on": day(2024, 5, 1), "producing_on": day(2024, 4, 30)},
            "producing_on",
            "投产日期不能早于开工日期（2024-05-01）",
            id="production_before_start",
        ),
        pytest.param(
            {"producing_on": day(2024, 5, 1), "at_capacity_on": day(2024, 4, 30)},
            "at_capacity_on",
            "达产日期不能早于投产日期（2024-05-01）",
            id="capacity_before_production",
        ),
        pytest.param(
            {"at_capacity_on": day(2024, 5, 1), "above_scale_on": day(2024, 4, 30)},
            "above_scale_on",
            "升规日期不能早于达产日期（2024-05-01）",
            id="above_scale_before_capacity",
        ),
        pytest.param(
            {"signed_on": day(2024, 5, 1), "producing_on": day(2024, 1, 1)},
            "producing_on",
            "投产日期不能早于签约日期（2024-05-01）",
            id="production_before_signing_with_dates_between_missing",
        ),
        pytest.param(
            {
                "signed_on": day(2023, 1, 1),
                "landed_on": day(2023, 2, 1),
                "started_on": day(2023, 3, 1),
                "producing_on": day(2024, 1, 1),
                "at_capacity_on": day(2024, 6, 1),
                "above_scale_on": day(2024, 5, 31),
            },
            "above_scale_on",
            "升规日期不能早于达产日期（2024-06-01）",
            id="last_of_six_out_of_order",
        ),
    ],
)
def test_project_milestone_before_an_earlier_milestone_is_refused(build, dates, field, text):
    assert_refused(build(Project, **dates), field, text)


def test_project_start_before_signing_is_refused(build):
    assert_refused(
        build(Project, signed_on=day(2024, 6, 1), started_on=day(2024, 3, 1)),
        "started_on",
        "开工日期不能早于签约日期",
    )


@pytest.mark.parametrize(
    ("model", "field"),
    [
        pytest.param(Project, "total_investment", id="project_total_investment"),
        pytest.param(AnnualPlan, "planned_investment", id="plan_planned_investment"),
        pytest.param(MonthlyInvestment, "amount", id="monthly_investment_amount"),
        pytest.param(PlatformCompany, "registered_capital", id="platform_registered_capital"),
        pytest.param(IndustrialFund, "size", id="fund_size"),
        pytest.param(FundInvestment, "amount", id="fund_investment_amount"),
        pytest.param(PeriodicFigures, "standard_land_area", id="standard_land_area"),
    ],
)
def test_a_negative_amount_is_refused(build, model, field):
    assert_refused(build(model, **{field: D("-0.01")}), field, "不能为负数")


@pytest.mark.parametrize(
    ("model", "field"),
    [
        pytest.param(PeriodicFigures, "commitment_eligible", id="commitment_eligible"),
        pytest.param(PeriodicFigures, "commitment_applied", id="commitment_applied"),
        pytest.param(PeriodicFigures, "agency_eligible", id="agency_eligible"),
        pytest.param(PeriodicFigures, "agency_handled", id="agency_handled"),
        pytest.param(PeriodicFigures, "standard_land_parcels", id="standard_land_parcels"),
        pytest.param(LeadershipEstablishment, "authorized_posts", id="authorized_posts"),
    ],
)
def test_a_negative_count_is_refused(build, model, field):
    # Positive integer fields carry Django's own validator; its zh-hans message is used.
    assert_refused(build(model, **{field: -1}), field, "确保该值大于或等于0")


@pytest.mark.parametrize(
    ("eligible_field", "handled_field", "text"),
    [
        pytest.param(
            "commitment_eligible",
            "commitment_applied",
            "实行承诺制项目数不能大于适用项目数",
            id="commitment",
        ),
        pytest.param(
            "agency_eligible",
            "agency_handled",
            "全代办办理项目数不能大于适用项目数",
            id="agency",
        ),
    ],
)
def test_periodic_figures_handling_more_projects_than_eligible_are_refused(
    build, eligible_field, handled_field, text
):
    assert_refused(
        build(PeriodicFigures, **{eligible_field: 4, handled_field: 5}), handled_field, text
    )


def test_periodic_figures_with_a_missing_count_are_refused_rather_than_crashing(build):
    assert_refused(build(PeriodicFigures, commitment_applied=None), "commitment_applied", "null")


def test_monthly_investment_taking_the_sum_above_the_project_total_is_refused(build, project):
    MonthlyInvestment.objects.create(project=project, month=day(2024, 1, 1), amount=D("600.00"))
    assert_refused(
        build(MonthlyInvestment, month=day(2024, 2, 1), amount=D("400.01")),
        "amount",
        "不能超过计划总投资（1000.00万元）",
    )


def test_a_single_month_above_the_project_total_is_refused(build):
    assert_refused(
        build(MonthlyInvestment, amount=D("1000.01")),
        "amount",
        "累计完成投资（1000.01万元）不能超过计划总投资",
    )


def test_project_total_below_the_completed_investment_is_refused(project):
    MonthlyInvestment.objects.create(project=project, month=day(2024, 1, 1), amount=D("500.00"))
    MonthlyInvestment.objects.create(project=project, month=day(2024, 2, 1), amount=D("300.00"))
    project.total_investment = D("799.99")
    assert_refused(project, "total_investment", "计划总投资不能小于已完成投资（800")
    project.refresh_from_db()
    assert project.total_investment == D("1000.00")


@pytest.mark.parametrize(
    ("pct", "text"),
    [
        pytest.param(D("-0.01"), "百分比不能小于0", id="below_0"),
        pytest.param(D("100.01"), "百分比不能大于100", id="above_100"),
    ],
)
def test_platform_company_state_share_outside_0_to_100_is_refused(build, pct, text):
    assert_refused(build(PlatformCompany, state_share_pct=pct), "state_share_pct", text)


@pytest.mark.parametrize(
    ("model", "start_field", "end_field", "text"),
    [
        pytest.param(
            PlatformCompany,
            "founded_on",
            "dissolved_on",
            "注销日期不能早于成立日期",
            id="company_dissolved_before_founded",
        ),
        pytest.param(
            IndustrialFund,
            "established_on",
            "closed_on",
            "清算日期不能早于设立日期",
            id="fund_closed_before_established",
        ),
        pytest.param(
            LeadershipAppointment,
            "appointed_on",
            "left_on",
            "离任日期不能早于任职日期",
            id="leader_left_before_appointed",
        ),
        pytest.param(
            CooperationPark,
            "preparing_since",
            "established_on",
            "建成日期不能早于启动筹建日期",
            id="park_established_before_preparing",
        ),
    ],
)
def test_an_end_date_before_the_start_date_is_refused(build, model, start_field, end_field, text):
    record = build(model)
    setattr(record, end_field, getattr(record, start_field) - datetime.timedelta(days=1))
    assert_refused(record, end_field, text)


@pytest.mark.parametrize(
    ("model", "field", "text"),
    [
        pytest.param(PeriodicFigures, "period", "统计月份须为该月第一天", id="figures_period"),
        pytest.param(MonthlyInvestment, "month", "月份须为该月第一天", id="investment_month"),
    ],
)
def test_a_month_not_on_its_first_day_is_refused(build, model, field, text):
    assert_refused(build(model, **{field: day(2024, 3, 15)}), field, text)


@pytest.mark.parametrize(
    ("first", "highest"),
    [
        (Education.BACHELOR, Education.JUNIOR_COLLEGE),
        (Education.DOCTOR, Education.MASTER),
        (Education.JUNIOR_COLLEGE, Education.HIGH_SCHOOL_OR_BELOW),
    ],
    ids=["junior_college_below_bachelor", "master_below_doctor", "high_school_below_college"],
)
def test_highest_education_below_first_degree_is_refused(build, first, highest):
    assert_refused(
        build(LeadershipAppointment, first_degree=first, highest_education=highest),
        "highest_education",
        "最高学历不能低于第一学历",
    )


def test_performance_pay_milestone_without_a_year_is_refused(build):
    assert_refused(
        build(ReformMilestone, kind=ReformMilestone.Kind.PERFORMANCE_PAY, year=None),
        "year",
        "绩效工资方案须填写年度",
    )


@pytest.mark.parametrize(
    "kind",
    [ReformMilestone.Kind.TERM_TARGETS, ReformMilestone.Kind.POST_APPOINTMENT],
    ids=str,
)
def test_a_non_yearly_reform_milestone_with_a_year_is_refused(build, kind):
    assert_refused(
        build(ReformMilestone, kind=kind, year=2024), "year", "只有绩效工资方案按年度填写"
    )


def test_annual_plan_listed_after_the_plan_year_is_refused(build):
    assert_refused(
        build(AnnualPlan, year=2024, listed_on=day(2025, 1, 1)),
        "listed_on",
        "列入计划日期不能晚于计划年度",
    )


@pytest.mark.parametrize(
    "resumed",
    [day(2023, 12, 31), day(2025, 1, 1)],
    ids=["year_before", "year_after"],
)
def test_annual_plan_resumed_outside_the_plan_year_is_refused(build, resumed):
    assert_refused(
        build(AnnualPlan, year=2024, resumed_on=resumed),
        "resumed_on",
        "复工日期须在计划年度内",
    )


@pytest.mark.parametrize(
    "held",
    [day(2023, 12, 31), day(2025, 1, 1)],
    ids=["year_before", "year_after"],
)
def test_campaign_round_held_outside_its_year_is_refused(build, held):
    assert_refused(build(CampaignRound, year=2024, held_on=held), "held_on", "举办日期须在该年度内")


def test_fund_investment_before_the_fund_was_established_is_refused(build, fund):
    assert_refused(
        build(FundInvestment, invested_on=fund.established_on - datetime.timedelta(days=1)),
        "invested_on",
        "投资日期不能早于基金设立日期",
    )


@pytest.mark.parametrize(
    ("model", "field"),
    [
        pytest.param(Project, "total_investment", id="project_investment_non_negative"),
        pytest.param(AnnualPlan, "planned_investment", id="plan_investment_non_negative"),
        pytest.param(MonthlyInvestment, "amount", id="investment_non_negative"),
        pytest.param(PlatformCompany, "registered_capital", id="platform_capital_non_negative"),
        pytest.param(IndustrialFund, "size", id="fund_size_non_negative"),
        pytest.param(FundInvestment, "amount", id="fund_investment_non_negative"),
        pytest.param(PeriodicFigures, "standard_land_area", id="standard_land_area_non_negative"),
    ],
)
def test_the_database_refuses_a_negative_amount(request, model, field):
    fields = {**VALID[model](request.getfixturevalue), field: D("-0.01")}
    assert_database_refuses(model, **fields)


@pytest.mark.parametrize(
    "counts",
    [
        # A negative eligible count comes with an equally negative handled count, so that
        # handled ≤ eligible still holds and only the non-negative check can refuse the row.
        pytest.param({"commitment_eligible": -1, "commitment_applied": -1}, id="commitment"),
        pytest.param({"commitment_applied": -1}, id="commitment_applied"),
        pytest.param({"agency_eligible": -1, "agency_handled": -1}, id="agency"),
        pytest.param({"agency_handled": -1}, id="agency_handled"),
        pytest.param({"standard_land_parcels": -1}, id="standard_land_parcels"),
    ],
)
def test_the_database_refuses_a_negative_count(request, counts):
    fields = {**VALID[PeriodicFigures](request.getfixturevalue), **counts}
    assert_database_refuses(PeriodicFigures, **fields)


def test_the_database_refuses_a_negative_number_of_leadership_posts(request):
    fields = {**VALID[LeadershipEstablishment](request.getfixturevalue), "authorized_posts": -1}
    assert_database_refuses(LeadershipEstablishment, **fields)


@pytest.mark.parametrize(
    ("eligible_field", "handled_field"),
    [
        pytest.param("commitment_eligible", "commitment_applied", id="commitment"),
        pytest.param("agency_eligible", "agency_handled", id="agency"),
    ],
)
def test_the_database_refuses_more_handled_than_eligible(request, eligible_field, handled_field):
    fields = {**VALID[PeriodicFigures](request.getfixturevalue), eligible_field: 4}
    fields[handled_field] = 5
    assert_database_refuses(PeriodicFigures, **fields)


def test_the_database_accepts_handled_equal_to_eligible(request):
    fields = VALID[PeriodicFigures](request.getfixturevalue)
    fields.update(commitment_eligible=4, commitment_applied=4, agency_eligible=2, agency_handled=2)
    created = PeriodicFigures.objects.create(**fields)
    assert PeriodicFigures.objects.filter(pk=created.pk, commitment_applied=4).exists()


def test_the_database_refuses_leaving_before_appointment(request):
    fields = VALID[LeadershipAppointment](request.getfixturevalue)
    fields["left_on"] = fields["appointed_on"] - datetime.timedelta(days=1)
    assert_database_refuses(LeadershipAppointment, **fields)


def test_the_database_accepts_leaving_on_the_day_of_appointment(request):
    fields = VALID[LeadershipAppointment](request.getfixturevalue)
    fields["left_on"] = fields["appointed_on"]
    created = LeadershipAppointment.objects.create(**fields)
    assert LeadershipAppointment.objects.filter(pk=created.pk, left_on=fields["left_on"]).exists()


@pytest.mark.parametrize("pct", [D("-0.01"), D("100.01")], ids=["below_0", "above_100"])
def test_the_database_refuses_a_state_share_outside_0_to_100(request, pct):
    fields = {**VALID[PlatformCompany](request.getfixturevalue), "state_share_pct": pct}
    assert_database_refuses(PlatformCompany, **fields)
