"""API shapes of 三个一批 projects: filters and writes in, records out. Money in 万元."""

import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from pydantic import Field

from config.api_fields import Id, ReportDate, Text, choices, field
from zones.schemas import CityRef, ZoneRef

from .models import MILESTONES, Project, RoundEntry
from .queries import STAGES, stalled_conditions

MILESTONE_LABELS = dict(MILESTONES)
ProjectIndustry = choices("ProjectIndustry", Project.Industry)
RoundBatch = choices("RoundBatch", RoundEntry.Batch)
NEGOTIATING = "negotiating"
Stage = StrEnum("Stage", {code: code for code in (NEGOTIATING, *STAGES)})
Milestone = StrEnum("Milestone", {code: code for code in STAGES})
StalledKind = Literal["signed_not_landed", "landed_not_invested", "invested_no_output"]
ORDERINGS = ("id", "name", "signed_on", "started_on", "total_investment", "completed_investment")
Ordering = StrEnum("Ordering", {key: key for name in ORDERINGS for key in (name, f"-{name}")})
ShortText = Annotated[Text, Field(min_length=1, max_length=120)]


def stage_label(stage: str) -> str:
    return str(MILESTONE_LABELS[f"{stage}_on"]) if stage in STAGES else str(_("洽谈"))


class RoundOut(Schema):
    id: int = field("编号", "Round id, for the projects filter")
    year: int = field("年度", "Year")
    number: int = field("批次", "Number of the round in its year")
    held_on: datetime.date = field("举办日期", "Date held")


class MilestoneOut(Schema):
    code: Milestone = field("节点代码", "Milestone code")
    label: str = field("节点", "Milestone, in the request's language")
    date: datetime.date | None = field("日期", "Date reached; null: not yet")


class MonthlyInvestmentOut(Schema):
    month: datetime.date = field("月份", "First day of the month")
    amount: float = field("完成投资（万元）", "Investment completed in the month, 10⁴ yuan")


class AnnualPlanOut(Schema):
    year: int = field("年度", "Plan year")
    planned_investment: float = field("年度计划投资（万元）", "Investment planned for the year")
    start_due: bool = field("计划年内开工/复工", "Due to start or resume in the year (三率)")
    listed_on: datetime.date = field("列入计划日期", "Date the project entered the plan")
    resumed_on: datetime.date | None = field("本年复工日期", "Date resumed in the plan year")


class RoundEntryOut(Schema):
    round: RoundOut = field("三个一批活动", "Campaign round")
    batch: RoundBatch = field("批次类别代码", "Batch: signed, started or producing")
    batch_label: str = field("批次类别", "Batch, in the request's language")

    @staticmethod
    def resolve_batch_label(entry) -> str:
        return entry.get_batch_display()


class ProjectOut(Schema):
    id: int = field("编号", "Project id")
    name: str = field("项目名称", "Project name")
    investor: str = field("投资方", "Investor")
    zone: ZoneRef = field("开发区", "Zone")
    city: CityRef = field("所在市", "City")
    industry: ProjectIndustry = field("所属产业代码", "Industry code")
    industry_label: str = field("所属产业", "Industry, in the request's language")
    is_strategic_emerging: bool = field("战略性新兴产业", "Strategic emerging industry")
    is_provincial_key: bool = field("省级重点项目", "Provincial key project")
    total_investment: float = field("计划总投资（万元）", "Planned total investment, 10⁴ yuan")
    signed_on: datetime.date | None = field("签约日期", "Signed")
    landed_on: datetime.date | None = field("落地/备案日期", "Landed / filed")
    started_on: datetime.date | None = field("开工日期", "Construction started")
    producing_on: datetime.date | None = field("投产日期", "In production")
    at_capacity_on: datetime.date | None = field("达产日期", "At design capacity")
    above_scale_on: datetime.date | None = field("升规日期", "Became an above-scale enterprise")
    as_of: datetime.date = field("截至日期", "The date stage and completed investment are as of")
    stage: Stage = field("阶段代码", "Last milestone reached by the as-of date")
    stage_label: str = field("阶段", "Stage, in the request's language")
    completed_investment: float = field(
        "累计完成投资（万元）", "Investment completed up to the as-of month, 10⁴ yuan"
    )

    @staticmethod
    def resolve_city(project):
        return project.zone.city

    @staticmethod
    def resolve_industry_label(project) -> str:
        return project.get_industry_display()

    @staticmethod
    def resolve_stage(project) -> str:
        return project.stage or NEGOTIATING

    @staticmethod
    def resolve_stage_label(project) -> str:
        return stage_label(project.stage)

    @staticmethod
    def resolve_completed_investment(project) -> float:
        return float(project.completed)


class ProjectDetailOut(ProjectOut):
    milestones: list[MilestoneOut] = field("里程碑", "Every milestone of the life cycle, in order")
    monthly_investments: list[MonthlyInvestmentOut] = field("月度完成投资", "Investment by month")
    annual_plans: list[AnnualPlanOut] = field("年度投资计划", "The yearly plans (三率 cohorts)")
    rounds: list[RoundEntryOut] = field("三个一批", "Campaign rounds the project was presented in")

    @staticmethod
    def resolve_milestones(project) -> list[dict]:
        return [
            {"code": name.removesuffix("_on"), "label": str(label), "date": getattr(project, name)}
            for name, label in MILESTONES
        ]

    @staticmethod
    def resolve_monthly_investments(project):
        return list(project.monthly_investments.all())

    @staticmethod
    def resolve_annual_plans(project):
        return list(project.annual_plans.all())

    @staticmethod
    def resolve_rounds(project):
        return list(project.round_entries.all())


class ProjectQuery(Schema):
    as_of: ReportDate | None = field(
        "截至日期",
        "As-of date of stage, 三未 and completed investment; default: latest month",
        None,
    )
    zone: Id | None = field("开发区编号", "Zone id", None)
    city: Annotated[Text, Field(max_length=20)] | None = field(
        "所在市", "City: adcode (140100) or name (太原市 / 太原)", None
    )
    round: Id | None = field("三个一批活动编号", "Only projects presented in this round (/rounds)", None)  # fmt: skip
    batch: RoundBatch | None = field("批次类别", "Only projects in a batch of this kind", None)
    stage: Stage | None = field("阶段", "Only projects at this stage on the as-of date", None)
    industry: ProjectIndustry | None = field("所属产业", "Industry", None)
    key: bool | None = field("省级重点项目", "Only provincial key projects (true) or others", None)
    emerging: bool | None = field(
        "战略性新兴产业", "Only strategic emerging (true) or others", None
    )
    stalled: StalledKind | None = field("三未类别", "Only 三未 projects of this kind on the as-of date", None)  # fmt: skip
    signed_from: ReportDate | None = field("签约日期起", "Signed on or after", None)
    signed_to: ReportDate | None = field("签约日期止", "Signed on or before", None)
    started_from: ReportDate | None = field("开工日期起", "Started on or after", None)
    started_to: ReportDate | None = field("开工日期止", "Started on or before", None)
    producing_from: ReportDate | None = field("投产日期起", "In production on or after", None)
    producing_to: ReportDate | None = field("投产日期止", "In production on or before", None)
    q: Annotated[Text, Field(max_length=60)] | None = field(
        "搜索", "Search in project name and investor", None
    )
    ordering: Ordering = field("排序", "Sort key; a leading minus sorts descending", Ordering("id"))

    def condition(self, as_of: datetime.date) -> Q:
        """Every filter but the stage (an annotation) as one condition."""
        q = Q()
        simple = {
            "zone_id": self.zone,
            "industry": self.industry,
            "is_provincial_key": self.key,
            "is_strategic_emerging": self.emerging,
            "signed_on__gte": self.signed_from,
            "signed_on__lte": self.signed_to,
            "started_on__gte": self.started_from,
            "started_on__lte": self.started_to,
            "producing_on__gte": self.producing_from,
            "producing_on__lte": self.producing_to,
        }
        for lookup, value in simple.items():
            if value is not None:
                q &= Q(**{lookup: value})
        if self.city:
            city = self.city
            q &= (
                Q(zone__city__adcode=city)
                | Q(zone__city__name=city)
                | Q(zone__city__short_name=city)
            )
        if self.round or self.batch:
            entries = {"round_id": self.round, "batch": self.batch}
            q &= Q(
                Exists(
                    RoundEntry.objects.filter(
                        project=OuterRef("pk"), **{k: v for k, v in entries.items() if v}
                    )
                )
            )
        if self.stalled:
            q &= stalled_conditions(as_of)[self.stalled]
        if self.q:
            q &= Q(name__icontains=self.q) | Q(investor__icontains=self.q)
        return q

    def stage_value(self) -> str | None:
        if self.stage is None:
            return None
        return "" if self.stage == NEGOTIATING else self.stage.value

    def order_by(self) -> tuple[str, str]:
        key = self.ordering.value.replace("completed_investment", "completed")
        return key, "pk"


class ProjectIn(Schema):
    zone: Id = field("开发区编号", "Zone id; the caller must be allowed to edit it", examples=[1])
    name: ShortText = field(
        "项目名称", "Project name, unique within the zone", examples=["年产10万吨新材料项目"]
    )
    investor: ShortText = field("投资方", "Investor", examples=["山西示例新材料有限公司"])
    industry: ProjectIndustry = field("所属产业", "Industry code", examples=["materials"])
    is_strategic_emerging: bool = field("战略性新兴产业", "Strategic emerging industry", False)
    is_provincial_key: bool = field("省级重点项目", "Provincial key project", False)
    total_investment: Decimal = field(
        "计划总投资（万元）", "Planned total investment, 10⁴ yuan", examples=["50000.00"]
    )
    signed_on: ReportDate | None = field("签约日期", "Signed", None, examples=["2024-03-28"])
    landed_on: ReportDate | None = field("落地/备案日期", "Landed / filed", None)
    started_on: ReportDate | None = field("开工日期", "Construction started", None)
    producing_on: ReportDate | None = field("投产日期", "In production", None)
    at_capacity_on: ReportDate | None = field("达产日期", "At design capacity", None)
    above_scale_on: ReportDate | None = field("升规日期", "Became above-scale", None)


class ProjectPatch(Schema):
    """Only the fields sent are changed; only dates may be set to null."""

    zone: Id = field("开发区编号", "Move to this zone; both zones must be editable", None)
    name: ShortText = field("项目名称", "Project name", None)
    investor: ShortText = field("投资方", "Investor", None)
    industry: ProjectIndustry = field("所属产业", "Industry code", None)
    is_strategic_emerging: bool = field("战略性新兴产业", "Strategic emerging", None)
    is_provincial_key: bool = field("省级重点项目", "Provincial key project", None)
    total_investment: Decimal = field("计划总投资（万元）", "Planned total, 10⁴ yuan", None)
    signed_on: ReportDate | None = field("签约日期", "Signed", None)
    landed_on: ReportDate | None = field("落地/备案日期", "Landed / filed", None)
    started_on: ReportDate | None = field("开工日期", "Construction started", None)
    producing_on: ReportDate | None = field("投产日期", "In production", None)
    at_capacity_on: ReportDate | None = field("达产日期", "At design capacity", None)
    above_scale_on: ReportDate | None = field("升规日期", "Became above-scale", None)


class MilestoneIn(Schema):
    date: ReportDate | None = field("日期", "Date the milestone was reached; null clears it")


class InvestmentIn(Schema):
    amount: Decimal = field(
        "完成投资（万元）", "Investment completed in the month, 10⁴ yuan", examples=["1200.00"]
    )
