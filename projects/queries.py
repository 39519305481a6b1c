"""Aggregate reads over 三个一批 projects; each returns {group key: {metric: value}}.

三率 are cohort rates: the denominators are the year's plan (AnnualPlan rows listed on or before
the as-of date), so editing a project outside that cohort never moves a published rate.

Monthly investment counts only in months whose zone report is approved (`approved_only`, on by
default): a draft month never moves a published number. The daily 三未 alerts pass False, as
they follow what the zone has entered.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from reforms.queries import approved
from zones.scopes import aggregate

from .models import AnnualPlan, MonthlyInvestment, Project, RoundEntry


def investments(approved_only: bool = True):
    """Monthly investment rows; by default only those of approved months (see above)."""
    rows = MonthlyInvestment.objects.all()
    return rows.filter(approved("project__zone", "month")) if approved_only else rows


def _invested_by(as_of, project_ref="pk", approved_only=True):
    return investments(approved_only).filter(
        project=OuterRef(project_ref), month__lte=as_of, amount__gt=0
    )


def stalled_conditions(as_of, approved_only: bool = True) -> dict[str, Q]:
    """三未 as of a date: signed-not-landed, landed-not-invested, invested-no-output."""
    reached = {
        field: Q(**{f"{field}__lte": as_of})
        for field in ("signed_on", "landed_on", "started_on", "producing_on")
    }
    invested = Q(Exists(_invested_by(as_of, approved_only=approved_only)))
    return {
        "signed_not_landed": reached["signed_on"] & ~reached["landed_on"] & ~reached["started_on"],
        "landed_not_invested": reached["landed_on"] & ~invested,
        "invested_no_output": invested & ~reached["producing_on"],
    }


def stalled_project_figures(as_of, scope, group=None):
    """三未项目个数。"""
    conditions = stalled_conditions(as_of)
    projects = Project.objects.filter(scope.q("zone"))
    return aggregate(
        projects,
        "zone",
        group,
        **{code: Count("pk", filter=condition) for code, condition in conditions.items()},
    )


def round_figures(as_of, scope, group=None):
    """截至日所在年度、已举办的三个一批活动：各批项目个数与计划总投资（万元）。"""
    entries = RoundEntry.objects.filter(
        scope.q("project__zone"), round__year=as_of.year, round__held_on__lte=as_of
    )
    metrics = {}
    for batch in RoundEntry.Batch:
        in_batch = Q(batch=batch)
        metrics[f"round_{batch}"] = Count("pk", filter=in_batch)
        metrics[f"round_{batch}_investment"] = Sum("project__total_investment", filter=in_batch)
    return aggregate(entries, "project__zone", group, **metrics)


def signed_cumulative_figures(as_of, scope, group=None):
    """活动开展以来（2023年起）签约一批的项目、其计划总投资（万元）与战新产业投资（万元）。"""
    signed_in_a_round = RoundEntry.objects.filter(
        project=OuterRef("pk"), batch=RoundEntry.Batch.SIGNED, round__held_on__lte=as_of
    )
    projects = Project.objects.filter(scope.q("zone"), Exists(signed_in_a_round))
    return aggregate(
        projects,
        "zone",
        group,
        signed_cumulative=Count("pk"),
        signed_investment_cumulative=Sum("total_investment"),
        signed_emerging_investment=Sum("total_investment", filter=Q(is_strategic_emerging=True)),
    )


def cohort(as_of, scope):
    """The year's plan as known on the as-of date: the fixed denominator of 三率."""
    return AnnualPlan.objects.filter(
        scope.q("project__zone"), year=as_of.year, listed_on__lte=as_of
    )


def plan_cohort_figures(as_of, scope, group=None):
    """年度计划项目：计划开工复工数、已开工复工数、已投产数、已达产数、年度计划投资（万元）。"""
    year_start = datetime.date(as_of.year, 1, 1)
    started_or_resumed = Q(project__started_on__range=(year_start, as_of)) | Q(
        resumed_on__lte=as_of
    )
    return aggregate(
        cohort(as_of, scope),
        "project__zone",
        group,
        due_to_start=Count("pk", filter=Q(start_due=True)),
        started_or_resumed=Count("pk", filter=Q(start_due=True) & started_or_resumed),
        in_production=Count("pk", filter=Q(project__producing_on__lte=as_of)),
        at_capacity=Count("pk", filter=Q(project__at_capacity_on__lte=as_of)),
        planned_for_year=Sum("planned_investment"),
    )


def completed_investment_figures(as_of, scope, group=None):
    """年度计划项目本年1月至截至日所在月完成投资（万元）。"""
    completed = investments().filter(
        scope.q("project__zone"),
        month__year=as_of.year,
        month__lte=as_of,
        project__annual_plans__year=as_of.year,
        project__annual_plans__listed_on__lte=as_of,
    )
    return aggregate(completed, "project__zone", group, completed_investment=Sum("amount"))


# The dashboards' project reads: the pipeline by stage, project lists with their investment
# progress, how long each 三未 project has been stuck, and the 三个一批 rounds. Each is one query
# (or one per 三未 kind) whatever the number of projects.

# A project's stage on a date is the latest milestone it has reached by then, in this order.
STAGES = ("signed", "landed", "started", "producing", "at_capacity", "above_scale")
# 三未 projects are grouped by how long they have been stuck: up to 90 days, 180, 365, longer.
STUCK_DAYS = (90, 180, 365)


def stage_on(as_of) -> Case:
    """The stage a project has reached by the date ("" before it is signed)."""
    whens = [When(**{f"{stage}_on__lte": as_of}, then=Value(stage)) for stage in reversed(STAGES)]
    return Case(*whens, default=Value(""), output_field=CharField())


def completed_by(as_of) -> Coalesce:
    """Investment a project completed up to the date's month (万元)."""
    total = (
        investments()
        .filter(project=OuterRef("pk"), month__lte=as_of)
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total), Value(Decimal(0)), output_field=DecimalField())


def filter_projects(
    projects, as_of, *, round_id=None, stage=None, industry=None, key=None, zones=None
):
    """Projects narrowed by the dashboards' filters, annotated with their stage on the date.
    `zones` (a queryset of zones, or None for all) keeps the projects a user may see listed."""
    projects = projects.annotate(stage=stage_on(as_of))
    if zones is not None:
        projects = projects.filter(zone__in=zones)
    if round_id:
        in_round = RoundEntry.objects.filter(project=OuterRef("pk"), round_id=round_id)
        projects = projects.filter(Exists(in_round))
    if stage:
        projects = projects.filter(stage=stage)
    if industry:
        projects = projects.filter(industry=industry)
    if key is not None:
        projects = projects.filter(is_provincial_key=key)
    return projects


def signed_projects(as_of, scope, **filters):
    """Projects of the scope signed by the date, with their stage, completed investment (万元)
    and its share of the planned total (`progress`, %), largest first."""
    projects = Project.objects.filter(scope.q("zone"), signed_on__lte=as_of)
    share = ExpressionWrapper(
        F("completed") * Value(Decimal(100)) / F("total_investment"),
        output_field=DecimalField(max_digits=7, decimal_places=2),
    )
    return (
        filter_projects(projects, as_of, **filters)
        .annotate(completed=completed_by(as_of))
        .annotate(progress=Case(When(total_investment__gt=0, then=share), default=None))
        .select_related("zone__city")
        .order_by("-total_investment", "pk")
    )


def pipeline_figures(as_of, scope, **filters) -> list[dict]:
    """Projects and their planned investment (万元) per stage on the date, in life-cycle order."""
    projects = filter_projects(
        Project.objects.filter(scope.q("zone"), signed_on__lte=as_of), as_of, **filters
    )
    rows = {
        row["stage"]: row
        for row in projects.values("stage")
        .annotate(projects=Count("pk"), investment=Sum("total_investment"))
        .order_by()
    }
    return [
        {
            "stage": stage,
            "projects": rows.get(stage, {}).get("projects", 0),
            "investment": rows.get(stage, {}).get("investment") or Decimal(0),
        }
        for stage in STAGES
    ]


def _stuck_since(as_of, approved_only: bool = True) -> dict:
    """The date each kind of 三未 project became stuck: signed, landed, first investment."""
    first_investment = (
        investments(approved_only)
        .filter(project=OuterRef("pk"), month__lte=as_of, amount__gt=0)
        .order_by("month")
        .values("month")[:1]
    )
    return {
        "signed_not_landed": F("signed_on"),
        "landed_not_invested": F("landed_on"),
        "invested_no_output": Subquery(first_investment),
    }


@dataclass(frozen=True)
class StalledProject:
    project: Project
    kind: str
    since: datetime.date
    days: int


def stalled_projects(as_of, scope, limit=20, **filters) -> dict[str, list[StalledProject]]:
    """For each 三未 kind, the projects stuck longest on the date (at most `limit`)."""
    since = _stuck_since(as_of)
    result = {}
    for kind, condition in stalled_conditions(as_of).items():
        projects = (
            filter_projects(Project.objects.filter(scope.q("zone")), as_of, **filters)
            .filter(condition)
            .annotate(since=since[kind])
            .select_related("zone__city")
            .order_by("since", "pk")[:limit]
        )
        result[kind] = [StalledProject(p, kind, p.since, (as_of - p.since).days) for p in projects]
    return result


def stalled_age_figures(as_of, scope, **filters) -> dict[str, dict[str, int]]:
    """For each 三未 kind, how many projects have been stuck up to 90, 180, 365 days or longer,
    and in all (`total`)."""
    since = _stuck_since(as_of)
    bounds = [as_of - datetime.timedelta(days=d) for d in STUCK_DAYS]
    buckets = {f"up_to_{STUCK_DAYS[0]}": Q(since__gte=bounds[0])}
    for shorter, longer, days in zip(bounds, bounds[1:], STUCK_DAYS[1:], strict=False):
        buckets[f"up_to_{days}"] = Q(since__lt=shorter, since__gte=longer)
    buckets["longer"] = Q(since__lt=bounds[-1])
    result = {}
    for kind, condition in stalled_conditions(as_of).items():
        projects = filter_projects(Project.objects.filter(scope.q("zone")), as_of, **filters)
        result[kind] = (
            projects.filter(condition)
            .annotate(since=since[kind])
            .aggregate(
                total=Count("pk"), **{name: Count("pk", filter=q) for name, q in buckets.items()}
            )
        )
    return result


def round_batch_figures(as_of, scope) -> list[dict]:
    """三个一批 rounds held by the date: projects and planned investment (万元) of each batch."""
    return list(
        RoundEntry.objects.filter(scope.q("project__zone"), round__held_on__lte=as_of)
        .values("round__year", "round__number", "round__held_on", "batch")
        .annotate(projects=Count("pk"), investment=Sum("project__total_investment"))
        .order_by("round__held_on", "batch")
    )
