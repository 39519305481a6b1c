"""Aggregate reads over the reform records; each returns {group key: {metric: value}}.

Every function takes (as_of, scope, group) and runs a fixed number of queries; the indicator
registry turns the metrics into indicators.
"""

import datetime
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum

from zones.models import City, Zone
from zones.scopes import ZONE, aggregate

from .models import (
    POSTGRADUATE,
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
    SeparationStage,
    ZoneReport,
)

if TYPE_CHECKING:  # the registry's catalogue imports this module
    from .indicators.registry import IndicatorValue

# The 2023 reform counts market hires from the start of 2023 (“自2023年以来”).
MARKET_HIRING_SINCE = datetime.date(2023, 1, 1)


def approved(zone_ref: str = "zone", day_ref: str = "period") -> Exists:
    """True for a row of monthly figures whose zone's report for that period is approved.

    Indicators read only these: figures being entered (草稿), under review (已提交) or sent back
    (已退回) never move a published number. A correlated subquery, so no query per row."""
    return ZoneReport.covering(zone_ref, day_ref, (ZoneReport.Status.APPROVED,))


def active_on(as_of, started: str, ended: str) -> Q:
    return Q(**{f"{started}__lte": as_of}) & (
        Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gt": as_of})
    )


def platform_company_figures(as_of, scope, group=None):
    """平台公司：数量与覆盖的开发区。"""
    companies = PlatformCompany.objects.filter(
        scope.q("zone"), active_on(as_of, "founded_on", "dissolved_on")
    )
    return aggregate(
        companies,
        "zone",
        group,
        platform_companies=Count("pk"),
        zones_with_platform_company=Count("zone", distinct=True),
    )


def separation_figures(as_of, scope, group=None):
    """实行“管运分离”的开发区：最近一次阶段记录为实行或完成。"""
    latest_stage = (
        SeparationStage.objects.filter(zone=OuterRef("pk"), since__lte=as_of)
        .order_by("-since")
        .values("stage")[:1]
    )
    zones = Zone.objects.filter(scope.q("")).annotate(stage=Subquery(latest_stage))
    return aggregate(
        zones,
        "",
        group,
        zones_separated=Count("pk", filter=Q(stage__in=SeparationStage.SEPARATED)),
    )


def fund_figures(as_of, scope, group=None):
    """产业基金：数量、设立基金的开发区、总规模（亿元）。"""
    funds = IndustrialFund.objects.filter(
        scope.q("zone"), active_on(as_of, "established_on", "closed_on")
    )
    return aggregate(
        funds,
        "zone",
        group,
        funds=Count("pk"),
        zones_with_funds=Count("zone", distinct=True),
        fund_size=Sum("size"),
    )


def fund_investment_figures(as_of, scope, group=None):
    """基金投资项目：个数与投资额（万元）。"""
    investments = FundInvestment.objects.filter(scope.q("fund__zone"), invested_on__lte=as_of)
    return aggregate(
        investments,
        "fund__zone",
        group,
        fund_projects=Count("pk"),
        fund_invested=Sum("amount"),
    )


def leadership_figures(as_of, scope, group=None):
    """领导班子成员（在任）：人数、市场化选聘人数、年龄与学历结构。"""
    members = LeadershipAppointment.objects.filter(
        scope.q("zone"), active_on(as_of, "appointed_on", "left_on")
    )
    return aggregate(
        members,
        "zone",
        group,
        leaders=Count("pk"),
        market_selected_leaders=Count(
            "pk", filter=Q(selection_method=LeadershipAppointment.Selection.MARKET)
        ),
        # Age is known by birth year only: a member is under 40 in the year they turn 39 or before.
        leaders_under_40=Count("pk", filter=Q(birth_year__gt=as_of.year - 40)),
        leaders_hs_or_below=Count("pk", filter=Q(first_degree=Education.HIGH_SCHOOL_OR_BELOW)),
        leaders_postgraduate=Count("pk", filter=Q(highest_education__in=POSTGRADUATE)),
    )


def establishment_figures(as_of, scope, group=None):
    """领导班子编制职数：每个开发区取截至该日最近一次核定。"""
    latest = (
        LeadershipEstablishment.objects.filter(zone=OuterRef("zone"), effective_on__lte=as_of)
        .order_by("-effective_on")
        .values("effective_on")[:1]
    )
    current = LeadershipEstablishment.objects.filter(scope.q("zone"), effective_on=Subquery(latest))
    return aggregate(current, "zone", group, authorized_leader_posts=Sum("authorized_posts"))


def concurrent_leadership_figures(as_of, scope, group=None):
    """由党政领导兼任主要领导的工业类开发区。"""
    concurrent_principal = LeadershipAppointment.objects.filter(
        active_on(as_of, "appointed_on", "left_on"),
        zone=OuterRef("pk"),
        post__in=LeadershipAppointment.PRINCIPAL_POSTS,
        selection_method=LeadershipAppointment.Selection.CONCURRENT,
    )
    zones = Zone.objects.industrial().filter(scope.q(""), Exists(concurrent_principal))
    return aggregate(zones, "", group, concurrent_led_zones=Count("pk"))


def market_hire_figures(as_of, scope, group=None):
    """2023年以来市场化方式选聘的工作人员，其中高级管理人才。"""
    hires = MarketHire.objects.filter(
        scope.q("zone"), hired_on__gte=MARKET_HIRING_SINCE, hired_on__lte=as_of
    )
    return aggregate(
        hires,
        "zone",
        group,
        market_hires=Count("pk"),
        market_hires_senior=Count("pk", filter=Q(is_senior_manager=True)),
    )


def _milestone(kind, as_of, **extra):
    return ReformMilestone.objects.filter(
        zone=OuterRef("pk"), kind=kind, achieved_on__lte=as_of, **extra
    )


def three_systems_figures(as_of, scope, group=None):
    """三制：签订任期目标、实行全员岗位聘任、实行本年度绩效工资的开发区。"""
    kind = ReformMilestone.Kind
    zones = Zone.objects.filter(scope.q(""))
    return aggregate(
        zones,
        "",
        group,
        term_target_zones=Count("pk", filter=Q(Exists(_milestone(kind.TERM_TARGETS, as_of)))),
        post_appointment_zones=Count(
            "pk", filter=Q(Exists(_milestone(kind.POST_APPOINTMENT, as_of)))
        ),
        performance_pay_zones=Count(
            "pk",
            filter=Q(Exists(_milestone(kind.PERFORMANCE_PAY, as_of, year=as_of.year))),
        ),
    )


def term_target_city_figures(as_of, scope, group=None):
    """所有开发区均已与市政府签订任期目标的市。"""
    zone_without_targets = Zone.objects.filter(city=OuterRef("pk")).exclude(
        Exists(_milestone(ReformMilestone.Kind.TERM_TARGETS, as_of))
    )
    cities = City.objects.filter(~Exists(zone_without_targets))
    if scope.city is not None:
        cities = cities.filter(pk=scope.city.pk)
    if group is None:
        return {None: cities.aggregate(term_target_cities=Count("pk"))}
    # Only meaningful per city: the registry never asks for it per zone.
    return {pk: {"term_target_cities": 1} for pk in cities.values_list("pk", flat=True)}


def cooperation_park_figures(as_of, scope, group=None):
    """国际合作产业园：已建成与筹建中。"""
    parks = CooperationPark.objects.filter(scope.q("zone"), preparing_since__lte=as_of)
    established = Q(established_on__lte=as_of)
    return aggregate(
        parks,
        "zone",
        group,
        coop_parks=Count("pk", filter=established),
        coop_parks_preparing=Count("pk", filter=~established),
    )


def periodic_figures_year_to_date(as_of, scope, group=None):
    """三项改革月度填报数据，本年1月至截至日所在月累计。"""
    figures = PeriodicFigures.objects.filter(
        scope.q("zone"), approved(), period__year=as_of.year, period__lte=as_of
    )
    return aggregate(
        figures,
        "zone",
        group,
        commitment_eligible=Sum("commitment_eligible"),
        commitment_applied=Sum("commitment_applied"),
        agency_eligible=Sum("agency_eligible"),
        agency_handled=Sum("agency_handled"),
        standard_land_parcels=Sum("standard_land_parcels"),
        standard_land_area=Sum("standard_land_area"),
    )


def growth_figures(as_of, scope, group=None):
    """规上工业增加值累计增速：每个开发区取本年截至该日最近一个填报月。"""
    latest_period = (
        PeriodicFigures.objects.filter(
            approved(),
            zone=OuterRef("zone"),
            period__year=as_of.year,
            period__lte=as_of,
            value_added_growth__isnull=False,
        )
        .order_by("-period")
        .values("period")[:1]
    )
    latest = PeriodicFigures.objects.filter(
        scope.q("zone"), period=Subquery(latest_period), value_added_growth__isnull=False
    )
    return aggregate(
        latest,
        "zone",
        group,
        growth_reporting_zones=Count("pk"),
        negative_growth_zones=Count("pk", filter=Q(value_added_growth__lt=0)),
    )


def latest_reported_date(today: datetime.date) -> datetime.date:
    """The default as-of date of pages and API: the last day of the latest month any zone has
    approved figures for, never after today; today when nothing is approved yet."""
    latest = PeriodicFigures.objects.filter(approved(), period__lte=today).aggregate(Max("period"))[
        "period__max"
    ]
    if latest is None:
        return today
    next_month = (latest + datetime.timedelta(days=32)).replace(day=1)
    return min(next_month - datetime.timedelta(days=1), today)


# The dashboards' reads over the indicator registry: previous-period changes, trends, a zone's
# rank and the province median, rankings, and a zone's reform history. Each runs a fixed number of
# registry evaluations, so its query count never depends on the number of zones or projects.

# Indicators where a smaller value ranks first: fewer stalled projects, fewer zones in decline,
# fewer leaders whose first degree is high school or below.
LOWER_IS_BETTER = frozenset(
    {
        "signed_not_landed",
        "landed_not_invested",
        "invested_no_output",
        "negative_growth_zones",
        "leaders_hs_or_below",
        "leaders_hs_or_below_share",
    }
)


def _registry():
    """The indicator registry, imported when first needed: its catalogue imports this module."""
    from .indicators import INDICATORS

    return INDICATORS


def month_end(day: datetime.date) -> datetime.date:
    next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return next_month - datetime.timedelta(days=1)


def previous_period_end(as_of: datetime.date) -> datetime.date:
    """The end of the month before the as-of date's month: the “previous period” of a card."""
    return as_of.replace(day=1) - datetime.timedelta(days=1)


def quarter_ends(as_of: datetime.date, count: int) -> list[datetime.date]:
    """The as-of date and the ends of the `count - 1` quarters before it, oldest first."""
    days = [as_of]
    while len(days) < count:
        quarter_start = datetime.date(days[-1].year, 3 * ((days[-1].month - 1) // 3) + 1, 1)
        days.append(quarter_start - datetime.timedelta(days=1))
    return days[::-1]


def month_ends_of_year(as_of: datetime.date) -> list[datetime.date]:
    """The month ends of the as-of year before its month, then the as-of date itself."""
    ends = [month_end(datetime.date(as_of.year, month, 1)) for month in range(1, as_of.month)]
    return [*ends, as_of]


@dataclass(frozen=True)
class Headline:
    """An indicator's value, its value at the end of the previous month, and the change."""

    current: "IndicatorValue"
    previous: "IndicatorValue"

    @property
    def change(self):
        if self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value


def headline_figures(as_of, scope, codes) -> list[Headline]:
    """The named indicators for a scope, each with its change since the previous period."""
    registry = _registry()
    current = registry.evaluate(as_of, scope, codes)
    previous = registry.evaluate(previous_period_end(as_of), scope, codes)
    return [Headline(now, before) for now, before in zip(current, previous, strict=True)]


def indicator_trend(scope, codes, days) -> list[tuple[datetime.date, list["IndicatorValue"]]]:
    """The named indicators for a scope on each of the given days: read from the stored snapshots
    (one query) where a current one was taken as of the day, evaluated for the other days."""
    from .snapshots import stored_values  # it imports the registry, whose catalogue imports us

    stored = stored_values(scope, codes, days)
    registry = _registry()
    return [(day, stored.get(day) or registry.evaluate(day, scope, codes)) for day in days]


def rank_of(value, values, lower_first: bool = False) -> int | None:
    """Competition rank (1, 2, 2, 4) of a value among values; None for no value."""
    if value is None:
        return None
    better = sum(1 for other in values if (other < value if lower_first else other > value))
    return better + 1


def median_of(values, decimals: int) -> Decimal | None:
    """The median, to the indicator's decimals (one decimal for a count's half-way median)."""
    if not values:
        return None
    middle = statistics.median(Decimal(v) for v in values)
    places = decimals or (0 if middle == middle.to_integral_value() else 1)
    return middle.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ScorecardRow:
    """A zone's indicator value with the province's median over zones and the zone's rank."""

    value: "IndicatorValue"
    median: Decimal | None
    rank: int | None
    ranked: int

    @property
    def lower_is_better(self) -> bool:
        return self.value.indicator.code in LOWER_IS_BETTER


def zone_scorecard(as_of, zone) -> list[ScorecardRow]:
    """Every zone indicator for one zone, against all the province's zones."""
    by_zone = _registry().evaluate_by(as_of, ZONE)
    columns = list(zip(*by_zone.values(), strict=True))
    rows = []
    for position, value in enumerate(by_zone[zone]):
        present = [v.value for v in columns[position] if v.value is not None]
        lower_first = value.indicator.code in LOWER_IS_BETTER
        rows.append(
            ScorecardRow(
                value=value,
                median=median_of(present, value.indicator.decimals),
                rank=rank_of(value.value, present, lower_first),
                ranked=len(present),
            )
        )
    return rows


@dataclass(frozen=True)
class RankedZone:
    zone: Zone
    value: "IndicatorValue"
    rank: int | None


def zone_ranking(as_of, code, scope=None, level=None, kind=None) -> list[RankedZone]:
    """Zones of a scope (optionally of one level and kind) ordered by an indicator, best first;
    zones without a value last."""
    by_zone = _registry().evaluate_by(as_of, ZONE, scope, [code])
    chosen = [
        (zone, values[0])
        for zone, values in by_zone.items()
        if (not level or zone.level == level) and (not kind or zone.kind == kind)
    ]
    present = [value.value for _, value in chosen if value.value is not None]
    lower_first = code in LOWER_IS_BETTER
    ranked = [RankedZone(z, v, rank_of(v.value, present, lower_first)) for z, v in chosen]
    return sorted(
        ranked, key=lambda r: (r.rank is None, r.rank or 0, r.zone.city.adcode, r.zone.name)
    )


@dataclass(frozen=True)
class Milestone:
    """A dated step of a zone's reform. `event` is a code the charts name in either language."""

    day: datetime.date
    group: str
    event: str
    name: str = ""


def zone_milestones(zone, as_of) -> list[Milestone]:
    """The zone's reform history up to the date: platform companies, funds, 管运分离 stages,
    三制 milestones, cooperation parks and its pilot designation (five queries)."""
    events = []
    if zone.separation_pilot_from and zone.separation_pilot_from <= as_of:
        events.append(Milestone(zone.separation_pilot_from, "separation", "pilot"))
    for company in PlatformCompany.objects.filter(zone=zone, founded_on__lte=as_of):
        events.append(Milestone(company.founded_on, "platform", "founded", company.name))
        if company.dissolved_on and company.dissolved_on <= as_of:
            events.append(Milestone(company.dissolved_on, "platform", "dissolved", company.name))
    for fund in IndustrialFund.objects.filter(zone=zone, established_on__lte=as_of):
        events.append(Milestone(fund.established_on, "fund", "established", fund.name))
        if fund.closed_on and fund.closed_on <= as_of:
            events.append(Milestone(fund.closed_on, "fund", "closed", fund.name))
    for stage in SeparationStage.objects.filter(zone=zone, since__lte=as_of):
        events.append(Milestone(stage.since, "separation", f"stage:{stage.stage}"))
    for milestone in ReformMilestone.objects.filter(zone=zone, achieved_on__lte=as_of):
        year = str(milestone.year or "")
        events.append(
            Milestone(milestone.achieved_on, "three_systems", f"milestone:{milestone.kind}", year)
        )
    for park in CooperationPark.objects.filter(zone=zone, preparing_since__lte=as_of):
        events.append(Milestone(park.preparing_since, "international", "preparing", park.name))
        if park.established_on and park.established_on <= as_of:
            events.append(Milestone(park.established_on, "international", "built", park.name))
    return sorted(events, key=lambda e: (e.day, e.group, e.event))


def zone_platform_companies(zone, as_of):
    """The zone's platform companies in existence on the date."""
    return PlatformCompany.objects.filter(zone=zone).filter(
        active_on(as_of, "founded_on", "dissolved_on")
    )


def zone_funds(zone, as_of):
    """The zone's industrial funds on the date, each with its investments so far (万元)."""
    invested = Q(investments__invested_on__lte=as_of)
    return (
        IndustrialFund.objects.filter(zone=zone)
        .filter(active_on(as_of, "established_on", "closed_on"))
        .annotate(
            invested=Sum("investments__amount", filter=invested),
            invested_projects=Count("investments", filter=invested),
        )
    )


@dataclass(frozen=True)
class ComparisonTable:
    """Indicators for each zone or city of a scope, read across (by member) or down (by indicator)."""

    indicators: list
    by_member: list

    @property
    def by_indicator(self) -> list:
        return [
            (indicator, [values[position] for _, values in self.by_member])
            for position, indicator in enumerate(self.indicators)
        ]


def comparison_table(as_of, group, scope, codes=None) -> ComparisonTable:
    """The named (or every) indicator for each zone or city of the scope, side by side."""
    registry = _registry()
    by_member = registry.evaluate_by(as_of, group, scope, codes)
    return ComparisonTable(registry.select(group, codes), list(by_member.items()))
