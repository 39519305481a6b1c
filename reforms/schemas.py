"""API shapes of the indicator registry and of a zone's periodic figures."""

import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from config.api_errors import input_error
from config.api_fields import Id, ReportDate, Text, choices, field
from projects.models import Project
from projects.queries import STAGES
from zones.models import Zone
from zones.scopes import Scope, resolve_scope

from .indicators import INDICATORS, Category, Status
from .periods import default_as_of

IndicatorCategory = choices("IndicatorCategory", Category)
TargetStatus = choices("TargetStatus", Status)
ZoneLevel = choices("ZoneLevel", Zone.Level)
ZoneKind = choices("ZoneKind", Zone.Kind)
ProjectIndustry = choices("ProjectIndustry", Project.Industry)
# Every indicator code, so that the schema lists them and a wrong code is a 422.
IndicatorCode = StrEnum("IndicatorCode", {ind.code: ind.code for ind in INDICATORS})


class TargetOut(Schema):
    comparator: Literal[">=", "<="] = field("比较方式", "Comparator: >= or <=")
    threshold: float = field("目标值", "Threshold")
    deadline: datetime.date = field("完成期限", "Deadline")
    scope: str = field(
        "考核范围", "Who must meet it, as the reform says: 全省 (the province), 各市 (each city)"
    )


class IndicatorOut(Schema):
    code: IndicatorCode = field("指标代码", "Stable indicator code")
    name: str = field("指标名称", "Chinese name")
    name_en: str = field("英文名称", "English name")
    unit: str = field("单位", "Unit, Chinese")
    unit_en: str = field("英文单位", "Unit, English")
    category: IndicatorCategory = field("类别代码", "Category code")
    category_label: str = field("类别", "Category, in the request's language")
    definition: str = field("口径（定义）", "Definition, Chinese")
    definition_en: str = field("英文口径", "Definition, English")
    decimals: int = field("小数位数", "Decimals the value is rounded to")
    scopes: list[str] = field("适用范围", "Scopes it is defined for: province, city, zone")
    target: TargetOut | None = field("目标", "The reform's target, if one is set")

    @staticmethod
    def resolve_category_label(indicator) -> str:
        return str(Category(indicator.category).label)


class IndicatorValueOut(Schema):
    code: IndicatorCode = field("指标代码", "Stable indicator code")
    name: str = field("指标名称", "Name, in the request's language")
    value: int | float | None = field("数值", "Value; null when undefined (e.g. a share of zero)")
    unit: str = field("单位", "Unit, in the request's language")
    as_of: datetime.date = field("截至日期", "The date the value is as of")
    scope: str = field("范围", "province, city:<adcode> or zone:<id>")
    scope_name: str = field("范围名称", "Name of the province, city or zone")
    target: TargetOut | None = field("目标", "The reform's target, if one is set")
    status: TargetStatus | None = field(
        "目标状态代码", "met, on_track, at_risk or missed; null: no target"
    )
    status_label: str | None = field("目标状态", "Target status, in the request's language")

    @staticmethod
    def resolve_value(row):
        value = row["value"]
        return float(value) if isinstance(value, Decimal) else value

    @staticmethod
    def resolve_status_label(row):
        return str(Status(row["status"]).label) if row["status"] else None


class AsOfQuery(Schema):
    as_of: ReportDate | None = field(
        "截至日期", "As-of date, YYYY-MM-DD; default: the end of the latest reported month", None
    )

    def as_of_date(self) -> datetime.date:
        return self.as_of or default_as_of()


class ScopeQuery(AsOfQuery):
    city: Annotated[Text, Field(max_length=20)] | None = field(
        "市",
        "City: adcode (140100) or name (太原市 / 太原); with neither city nor zone: the province",
        None,
    )
    zone: Id | None = field("开发区编号", "Zone id", None)

    def scope(self) -> Scope:
        """The province, the city or the zone asked for: 404 for an unknown one, 422 for a zone
        outside the named city."""
        try:
            return resolve_scope(city=self.city, zone=self.zone)
        except ValueError:
            raise input_error("query", "zone", _("该开发区不在所选的市内。")) from None


class ValuesQuery(ScopeQuery):
    category: IndicatorCategory | None = field("类别", "Only indicators of this category", None)


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class SeriesQuery(ScopeQuery):
    start: ReportDate | None = field(
        "起始日期", "First day of the series; default: 11 periods before the end", None
    )
    period: Period = field("周期", "Evaluate at each month, quarter or year end", Period.MONTH)


class BreakdownQuery(AsOfQuery):
    by: Literal["zone", "city"] = field("分组", "One value per zone or per city", "city")
    city: Annotated[Text, Field(max_length=20)] | None = field(
        "市", "Only the zones of this city (adcode or name)", None
    )


class BreakdownOut(Schema):
    id: str = field("编号", "Zone id or city adcode")
    name: str = field("名称", "Zone or city name")
    value: IndicatorValueOut = field("指标值", "The indicator's value for it")


class PeriodicFiguresIn(Schema):
    """A zone's figures for one month; every count is for that month alone."""

    commitment_eligible: int = field("承诺制适用项目数", "Projects eligible for approval by commitment", 0, ge=0, le=2**31 - 1)  # fmt: skip
    commitment_applied: int = field("实行承诺制项目数", "Projects approved by commitment", 0, ge=0, le=2**31 - 1)  # fmt: skip
    agency_eligible: int = field("全代办适用项目数", "Projects eligible for full-proxy handling", 0, ge=0, le=2**31 - 1)  # fmt: skip
    agency_handled: int = field("全代办办理项目数", "Projects handled by full proxy", 0, ge=0, le=2**31 - 1)  # fmt: skip
    standard_land_parcels: int = field("出让标准地宗数", "Standard-land parcels sold", 0, ge=0, le=2**31 - 1)  # fmt: skip
    standard_land_area: Decimal = field("出让标准地面积（亩）", "Standard land sold, mu", Decimal(0), max_digits=10, decimal_places=2)  # fmt: skip
    value_added_growth: Decimal | None = field("规上工业增加值累计增速（%）", "Cumulative year-on-year growth of above-scale industrial value added, %; null for non-industrial zones", None, max_digits=6, decimal_places=2)  # fmt: skip


class PeriodicFiguresOut(Schema):
    zone: int = field("开发区编号", "Zone id")
    period: datetime.date = field("统计月份", "First day of the month")
    commitment_eligible: int = field(
        "承诺制适用项目数", "Projects eligible for approval by commitment"
    )
    commitment_applied: int = field("实行承诺制项目数", "Projects approved by commitment")
    agency_eligible: int = field("全代办适用项目数", "Projects eligible for full-proxy handling")
    agency_handled: int = field("全代办办理项目数", "Projects handled by full proxy")
    standard_land_parcels: int = field("出让标准地宗数", "Standard-land parcels sold")
    standard_land_area: float = field("出让标准地面积（亩）", "Standard land sold, mu")
    value_added_growth: float | None = field(
        "规上工业增加值累计增速（%）", "Cumulative growth of above-scale industrial value added, %"
    )

    @staticmethod
    def resolve_zone(figures) -> int:
        return figures.zone_id


class FiguresQuery(Schema):
    start: ReportDate | None = field("起始月份", "Only months from this date on", None)
    end: ReportDate | None = field("截止月份", "Only months up to this date", None)


class ChartOut(Schema):
    name: str = field("图表名称", "Chart name, for /charts/{name}")
    scopes: list[str] = field("适用范围", "Scopes it is drawn for: province, city, zone")
    filters: list[str] = field("可用筛选", "Filters it takes besides as_of, city and zone")
    caption: str = field("图表说明", "How its numbers are computed, in the request's language")


class ChartQuery(ScopeQuery):
    indicator: IndicatorCode | None = field("指标", "Indicator drawn (zone_map, ranking, …)", None)
    level: ZoneLevel | None = field("级别", "Only zones of this level (ranking)", None)
    kind: ZoneKind | None = field("类型", "Only zones of this kind (ranking)", None)
    round_id: Id | None = field(
        "三个一批活动编号", "Only projects of this round (pipeline, …)", None
    )
    stage: Literal[STAGES] | None = field("阶段", "Only projects at this stage (pipeline, …)", None)
    industry: ProjectIndustry | None = field("所属产业", "Only projects of this industry", None)
    key: bool | None = field("省级重点项目", "Only provincial key projects (true) or others", None)

    def filters(self) -> dict:
        names = ("indicator", "level", "kind", "round_id", "stage", "industry", "key")
        given = {name: getattr(self, name) for name in names}
        return {name: str(value) if isinstance(value, StrEnum) else value
                for name, value in given.items() if value is not None}  # fmt: skip


class ChartFigureOut(Schema):
    name: str = field("图表名称", "Chart name")
    as_of: datetime.date = field("截至日期", "The date the figures are as of")
    scope: str = field("范围", "province, city:<adcode> or zone:<id>")
    scope_name: str = field("范围名称", "Name of the province, city or zone")
    caption: str = field("图表说明", "How its numbers are computed, in the request's language")
    figure: dict = field(
        "Plotly 图形", "Plotly figure JSON (data, layout), as the dashboard draws it"
    )
