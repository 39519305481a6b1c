"""Demo 三个一批 projects: campaign rounds from 2023, each project's milestones, yearly plans,
monthly investment and the industrial funds' investments.

The rounds are simulated in date order: a 'sign' batch creates projects, a 'start' batch takes
landed projects that have not started, a 'production' batch takes projects under construction
for half a year. Batch sizes and the signed projects' investment reproduce seeds 002 and 003.
"""

import datetime
from decimal import Decimal

from projects.models import AnnualPlan, CampaignRound, MonthlyInvestment, Project, RoundEntry
from reforms.models import FundInvestment

from .random_parts import date_between, split_money

D = datetime.date
DAY = datetime.timedelta(days=1)
HORIZON = D(2024, 12, 31)

# (year, number, held on, signed, started, producing)
ROUNDS = [
    (2023, 1, D(2023, 3, 28), 280, 150, 110),
    (2023, 2, D(2023, 6, 20), 270, 170, 120),
    (2023, 3, D(2023, 9, 26), 260, 180, 130),
    (2023, 4, D(2023, 12, 19), 250, 160, 120),
    (2024, 1, D(2024, 3, 26), 198, 190, 160),
    (2024, 2, D(2024, 6, 25), 194, 203, 170),
    (2024, 3, D(2024, 9, 24), 180, 185, 150),
    (2024, 4, D(2024, 12, 17), 170, 150, 140),
]
# Seed 003: 1258 projects signed from 2023 to 2024-03-31, 4572.27 亿元, 97.19 % strategic emerging.
SIGNED_BY_Q1_2024 = 1258
SIGNED_INVESTMENT = Decimal("45722700.00")  # 万元
NON_EMERGING_INVESTMENT = Decimal("1284800.00")  # 万元, so that 97.19 % is strategic emerging
NON_EMERGING_PROJECTS = 40
PRE_CAMPAIGN_PROJECTS = 900
EMERGING = [
    Project.Industry.DIGITAL, Project.Industry.EQUIPMENT, Project.Industry.MATERIALS,
    Project.Industry.NEW_ENERGY, Project.Industry.ENERGY_SAVING, Project.Industry.BIOMEDICINE,
    Project.Industry.NEW_ENERGY_VEHICLES,
]  # fmt: skip
NOT_EMERGING = [
    Project.Industry.COAL_CHEMICAL, Project.Industry.FOOD, Project.Industry.SERVICES,
    Project.Industry.TRADITIONAL,
]  # fmt: skip


class ProjectStory:
    """A project being simulated: its zone, money and milestone dates."""

    def __init__(self, number, zone, signed_on, investment, emerging):
        self.number = number
        self.zone = zone
        self.signed_on = signed_on
        self.total_investment = investment
        self.emerging = emerging
        self.landed_on = self.started_on = self.producing_on = None
        self.at_capacity_on = self.above_scale_on = None
        self.entries = []  # (round index, batch)


def _land(rng, story):
    if rng.random() < 0.88:
        landed = story.signed_on + rng.randint(15, 120) * DAY
        story.landed_on = landed if landed <= HORIZON else None


def _signed_amounts(rng):
    """Investment (万元) of the 1258 projects signed by Q1 2024, and which are strategic emerging."""
    emerging = [True] * (SIGNED_BY_Q1_2024 - NON_EMERGING_PROJECTS) + [
        False
    ] * NON_EMERGING_PROJECTS
    rng.shuffle(emerging)
    emerging_amounts = iter(
        split_money(rng, SIGNED_INVESTMENT - NON_EMERGING_INVESTMENT, emerging.count(True))
    )
    other_amounts = iter(split_money(rng, NON_EMERGING_INVESTMENT, NON_EMERGING_PROJECTS))
    return [(next(emerging_amounts) if e else next(other_amounts), e) for e in emerging]


def simulate(ctx) -> tuple[list[ProjectStory], list[CampaignRound]]:
    rng = ctx.rng
    weighted = [
        z
        for z in ctx.zones
        for _ in range((10 if z.is_industrial else 2) * (3 if z.level == "national" else 1))
    ]
    stories = []

    def new_story(signed_on, amount, emerging):
        story = ProjectStory(len(stories) + 1, rng.choice(weighted), signed_on, amount, emerging)
        stories.append(story)
        return story

    for _ in range(PRE_CAMPAIGN_PROJECTS):
        story = new_story(
            date_between(rng, D(2021, 1, 1), D(2022, 10, 31)),
            Decimal(rng.randint(3000, 150000)),
            rng.random() < 0.9,
        )
        story.landed_on = story.signed_on + rng.randint(15, 90) * DAY
        if rng.random() < 0.45:
            story.started_on = story.landed_on + rng.randint(10, 120) * DAY

    signed_amounts = iter(_signed_amounts(rng))
    rounds = []
    for index, (year, number, held_on, signed, started, producing) in enumerate(ROUNDS):
        rounds.append(CampaignRound(year=year, number=number, held_on=held_on))
        for _ in range(signed):
            signed_on = held_on - rng.randint(3, 50) * DAY
            amount, emerging = next(signed_amounts, (None, None))
            if amount is None:
                amount, emerging = Decimal(rng.randint(3000, 150000)), rng.random() < 0.95
            story = new_story(signed_on, amount, emerging)
            _land(rng, story)
            story.entries.append((index, RoundEntry.Batch.SIGNED))
        ready = [
            s
            for s in stories
            if s.landed_on and s.landed_on <= held_on - 10 * DAY and not s.started_on
        ]
        assert len(ready) >= started, f"round {year}-{number}: {len(ready)} ready to start"
        for story in sorted(ready, key=lambda s: s.landed_on)[:started]:
            story.started_on = date_between(
                rng, max(story.landed_on, held_on - 45 * DAY), held_on - DAY
            )
            story.entries.append((index, RoundEntry.Batch.STARTED))
        building = [
            s
            for s in stories
            if s.started_on and s.started_on <= held_on - 150 * DAY and not s.producing_on
        ]
        assert len(building) >= producing, f"round {year}-{number}: {len(building)} building"
        for story in rng.sample(building, producing):
            story.producing_on = date_between(rng, held_on - 40 * DAY, held_on - DAY)
            story.entries.append((index, RoundEntry.Batch.PRODUCING))

    for story in stories:
        if story.producing_on and rng.random() < 0.6:
            reached = story.producing_on + rng.randint(90, 400) * DAY
            story.at_capacity_on = reached if reached <= HORIZON else None
        if story.at_capacity_on and rng.random() < 0.5:
            reached = story.at_capacity_on + rng.randint(60, 300) * DAY
            story.above_scale_on = reached if reached <= HORIZON else None
    return stories, rounds


def _months(start: datetime.date, end: datetime.date):
    month = start.replace(day=1)
    while month <= end:
        yield month
        month = (month + 32 * DAY).replace(day=1)


def _monthly_investment(rng, story) -> list[tuple[datetime.date, Decimal]]:
    """Investment from the month construction starts until production (or the demo's horizon),
    never more than 95 % of the total."""
    if not story.started_on:
        return []
    end = min(story.producing_on or HORIZON, HORIZON)
    cap = story.total_investment * Decimal("0.95")
    done = Decimal(0)
    rows = []
    for month in _months(story.started_on, end):
        amount = (story.total_investment * Decimal(rng.uniform(0.02, 0.07))).quantize(
            Decimal("0.01")
        )
        if done + amount > cap:
            break
        done += amount
        rows.append((month, amount))
    return rows


def _plans(rng, story, project) -> list[AnnualPlan]:
    """A project enters a year's plan while it is landed and not yet in production that year."""
    plans = []
    for year in (2023, 2024):
        year_start, year_end = D(year, 1, 1), D(year, 12, 31)
        if not story.landed_on or story.landed_on > year_end:
            continue
        if story.producing_on and story.producing_on < year_start:
            continue
        continuing = bool(story.started_on and story.started_on < year_start)
        listed_on = max(D(year, 1, 15), story.landed_on)
        resumed_on = (
            date_between(rng, D(year, 2, 20), D(year, 4, 30))
            if continuing and rng.random() < 0.9
            else None
        )
        plans.append(
            AnnualPlan(
                project=project,
                year=year,
                planned_investment=(
                    story.total_investment * Decimal(rng.uniform(0.2, 0.45))
                ).quantize(Decimal("0.01")),
                start_due=True,
                listed_on=listed_on,
                resumed_on=resumed_on,
            )
        )
    return plans


def build_projects(ctx):
    rng = ctx.rng
    stories, rounds = simulate(ctx)
    rounds = CampaignRound.objects.bulk_create(rounds)
    projects = Project.objects.bulk_create(
        Project(
            zone=story.zone,
            name=f"{story.zone.short_name}{(EMERGING if story.emerging else NOT_EMERGING)[story.number % 4].label}项目（示例{story.number:04d}）",
            investor=f"示例企业{story.number:04d}有限公司",
            industry=rng.choice(EMERGING if story.emerging else NOT_EMERGING),
            is_strategic_emerging=story.emerging,
            is_provincial_key=story.total_investment >= 100000 and rng.random() < 0.5,
            total_investment=story.total_investment,
            signed_on=story.signed_on,
            landed_on=story.landed_on,
            started_on=story.started_on,
            producing_on=story.producing_on,
            at_capacity_on=story.at_capacity_on,
            above_scale_on=story.above_scale_on,
        )
        for story in stories
    )
    RoundEntry.objects.bulk_create(
        RoundEntry(round=rounds[index], project=project, batch=batch)
        for story, project in zip(stories, projects, strict=True)
        for index, batch in story.entries
    )
    AnnualPlan.objects.bulk_create(
        plan
        for story, project in zip(stories, projects, strict=True)
        for plan in _plans(rng, story, project)
    )
    MonthlyInvestment.objects.bulk_create(
        (
            MonthlyInvestment(project=project, month=month, amount=amount)
            for story, project in zip(stories, projects, strict=True)
            for month, amount in _monthly_investment(rng, story)
        ),
        batch_size=2000,
    )
    ctx.projects = projects


# Seeds 000/004: the funds ran 36 projects with 9.5 亿元 by 2024-08-31.
FUND_PROJECTS = 36
FUND_INVESTED = Decimal("95000.00")  # 万元
FUND_PUBLISHED_ON = D(2024, 8, 31)


def build_fund_investments(ctx):
    rng = ctx.rng
    funds = [f for f in ctx.funds if f.established_on <= D(2024, 3, 31)]
    by_zone = {}
    for project in ctx.projects:
        if project.started_on and project.started_on <= FUND_PUBLISHED_ON:
            by_zone.setdefault(project.zone_id, []).append(project)
    rows = []
    amounts = split_money(rng, FUND_INVESTED, FUND_PROJECTS, 0.6)
    amounts += [Decimal(rng.randint(500, 5000)) for _ in range(4)]
    for n, amount in enumerate(amounts):
        fund = funds[n % len(funds)]
        late = n >= FUND_PROJECTS
        window = (
            (D(2024, 9, 10), D(2024, 12, 20)) if late else (fund.established_on, FUND_PUBLISHED_ON)
        )
        candidates = by_zone.get(fund.zone_id, [])
        project = candidates.pop(rng.randrange(len(candidates))) if candidates else None
        rows.append(
            FundInvestment(
                fund=fund,
                project=project,
                project_name=project.name
                if project
                else f"{fund.zone.short_name}基金投资项目（示例{n + 1:02d}）",
                amount=amount,
                invested_on=date_between(rng, *window),
            )
        )
    FundInvestment.objects.bulk_create(rows)
