"""API of 三个一批 projects: lists and details, 三率 for any scope, and the writes a zone's systems
make (projects, milestone dates, monthly investment)."""

from typing import Annotated

from django.db.models import DateField, Value
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from config.api_auth import AGGREGATES, MEMBERS, ensure_can_edit, visible_to
from config.api_errors import error_responses, input_error
from config.api_fields import ID, ReportDate, path
from config.api_lists import list_endpoint
from reforms.indicators import INDICATORS
from reforms.periods import default_as_of
from reforms.schemas import AsOfQuery, IndicatorValueOut, ScopeQuery
from zones.models import Zone

from . import services
from .models import CampaignRound, Project
from .queries import completed_by, stage_on
from .schemas import (
    InvestmentIn,
    Milestone,
    MilestoneIn,
    MonthlyInvestmentOut,
    ProjectDetailOut,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
    ProjectQuery,
    RoundOut,
)

router = Router(tags=["项目 · Projects"])
THREE_RATES = ("start_rate", "investment_completion_rate", "capacity_rate")
WRITE_ERRORS = error_responses(401, 403, 404, 422, 429)
ProjectId = Annotated[int, path("项目编号", "Project id", **ID)]


def projects_as_of(as_of):
    """Projects with their zone and city, stage and completed investment on the date."""
    return Project.objects.select_related("zone__city").annotate(
        as_of=Value(as_of, output_field=DateField()),
        stage=stage_on(as_of),
        completed=completed_by(as_of),
    )


def project_detail(pk: int, as_of=None, request=None):
    """A project with what its detail shows; given the request, only one the caller may see."""
    project = projects_as_of(as_of or default_as_of()).prefetch_related(
        "monthly_investments", "annual_plans", "round_entries__round"
    )
    if request is not None:
        project = visible_to(request, Project, project)
    return get_object_or_404(project, pk=pk)


def _editable_zone(request, pk: int) -> Zone:
    zone = Zone.objects.filter(pk=pk).first()
    if zone is None:
        raise input_error("body", "zone", _("该开发区不存在。"))
    ensure_can_edit(request, zone)
    return zone


@list_endpoint(router, "/rounds", RoundOut, auth=AGGREGATES, summary="三个一批活动 · Rounds")
def list_rounds(request):
    return CampaignRound.objects.order_by("held_on", "pk")


@list_endpoint(
    router,
    "/projects",
    ProjectOut,
    auth=MEMBERS,
    summary="项目列表 · Projects",
    description="按开发区、市、活动批次、阶段、产业、重点项目、三未类别、日期区间筛选；可排序、分页。"
    " Filter by zone, city, round and batch, stage, industry, key project, 三未 kind, date ranges;"
    " ordering; pagination. Money in 万元 (10⁴ yuan).",
)
def list_projects(request, query: Query[ProjectQuery]):
    as_of = query.as_of or default_as_of()
    projects = visible_to(request, Project, projects_as_of(as_of).filter(query.condition(as_of)))
    if query.stage is not None:
        projects = projects.filter(stage=query.stage_value())
    return projects.order_by(*query.order_by())


@list_endpoint(
    router,
    "/projects/rates",
    IndicatorValueOut,
    auth=AGGREGATES,
    summary="三率 · The three rates for a scope",
    description="开工复工率、投资完成率、项目达产率（同指标 start_rate、investment_completion_rate、"
    "capacity_rate）。 Start/resume, investment completion and production-reaching rates.",
)
def list_three_rates(request, query: Query[ScopeQuery]):
    values = INDICATORS.evaluate(query.as_of_date(), query.scope(), codes=THREE_RATES)
    return [value.as_dict() for value in values]


@router.get(
    "/projects/{id}",
    response={200: ProjectDetailOut, **error_responses(401, 404, 422, 429)},
    auth=MEMBERS,
    summary="项目详情 · A project with milestones and monthly investment",
)
def get_project(request, query: Query[AsOfQuery], id: ProjectId):
    return project_detail(id, query.as_of_date(), request)


@router.post(
    "/projects",
    response={201: ProjectDetailOut, **WRITE_ERRORS},
    auth=MEMBERS,
    summary="新增项目 · Create a project",
)
def create_project(request, payload: ProjectIn):
    fields = payload.dict()
    zone = _editable_zone(request, fields.pop("zone"))
    project = services.project_create(zone=zone, **fields)
    return Status(201, project_detail(project.pk))


@router.patch(
    "/projects/{id}",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    auth=MEMBERS,
    summary="修改项目 · Update a project",
)
def update_project(request, payload: ProjectPatch, id: ProjectId):
    project = get_object_or_404(Project.objects.select_related("zone"), pk=id)
    ensure_can_edit(request, project.zone)
    changes = payload.dict(exclude_unset=True)
    if "zone" in changes:
        changes["zone"] = _editable_zone(request, changes["zone"])
    services.project_update(project=project, **changes)
    return project_detail(project.pk)


@router.put(
    "/projects/{id}/milestones/{milestone}",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    auth=MEMBERS,
    summary="记录里程碑日期 · Record a milestone date",
)
def put_milestone(
    request,
    payload: MilestoneIn,
    id: ProjectId,
    milestone: Annotated[Milestone, path("里程碑", "Milestone: signed, landed, started, …")],
):
    project = get_object_or_404(Project.objects.select_related("zone"), pk=id)
    ensure_can_edit(request, project.zone)
    services.project_record_milestone(project=project, milestone=milestone.value, day=payload.date)
    return project_detail(project.pk)


@router.put(
    "/projects/{id}/investments/{month}",
    response={200: MonthlyInvestmentOut, 201: MonthlyInvestmentOut, **WRITE_ERRORS},
    auth=MEMBERS,
    summary="填报月度完成投资 · Record a month's completed investment",
    description="month 为该月第一天（如 2024-03-01）；已有则替换。累计不能超过计划总投资。"
    " month is the first day of the month; an existing month is replaced; the total may not"
    " exceed the planned investment.",
)
def put_investment(
    request,
    payload: InvestmentIn,
    id: ProjectId,
    month: Annotated[ReportDate, path("月份", "First day of the month, e.g. 2024-03-01")],
):
    project = get_object_or_404(Project.objects.select_related("zone"), pk=id)
    ensure_can_edit(request, project.zone)
    record, created = services.project_record_investment(
        project=project, month=month, amount=payload.amount
    )
    return Status(201 if created else 200, record)
