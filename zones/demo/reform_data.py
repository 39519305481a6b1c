"""Demo reform records: zones' flags, platform companies, 管运分离 stages, funds, leadership,
market hires, 三制 milestones, cooperation parks and monthly figures.

Each builder states which published figures it is shaped to reproduce.
"""

import datetime
import math
from decimal import Decimal

from reforms.models import (
    CooperationPark,
    Education,
    IndustrialFund,
    LeadershipAppointment,
    LeadershipEstablishment,
    MarketHire,
    PeriodicFigures,
    PlatformCompany,
    ReformMilestone,
    SeparationStage,
)
from zones.models import Zone

from .published import CONCURRENT_LED_BY_CITY, MARKET_TARGET_MET_CITIES
from .random_parts import date_between, split_int, split_money

D = datetime.date
COMPANY_SUFFIXES = [
    "建设投资有限公司", "运营管理有限公司", "产业投资有限公司", "招商服务有限公司",
    "资产管理有限公司", "科创发展有限公司", "投资集团有限公司", "供应链管理有限公司",
]  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"


def by_short_name(ctx, short_name: str) -> Zone:
    return next(z for z in ctx.zones if z.short_name == short_name)


def set_zone_flags(ctx):
    """管运分离 pilots (11, chosen early 2024) and the “1+11” demonstration zones."""
    pilots = [
        "综改区", "大同经开区", "长治高新区", "高平经开区", "晋城经开区", "朔州经开区",
        "晋中经开区", "运城经开区", "忻州经开区", "临汾经开区", "吕梁经开区",
    ]  # fmt: skip
    for short_name in pilots:
        by_short_name(ctx, short_name).separation_pilot_from = D(2024, 1, 15)
    by_short_name(ctx, "综改区").is_demonstration_zone = True
    for zones in ctx.by_city.values():
        first = next(
            z
            for z in zones
            if z.is_verified and z.level == Zone.Level.PROVINCIAL and z.is_industrial
        )
        first.is_demonstration_zone = True
    Zone.objects.bulk_update(ctx.zones, ["separation_pilot_from", "is_demonstration_zone"])


def build_platform_companies(ctx):
    """131 companies in 84 zones before the action plan (2023-10-30); 164 in all 93 by 2024-08-31."""
    rng = ctx.rng
    late_zones = rng.sample([z for z in ctx.zones if z.separation_pilot_from is None], 9)
    early_zones = [z for z in ctx.zones if z not in late_zones]
    ctx.late_separation_zones = late_zones
    founded = [(z, date_between(rng, D(2016, 1, 1), D(2023, 9, 30))) for z in early_zones]
    founded += [
        (rng.choice(early_zones), date_between(rng, D(2018, 1, 1), D(2023, 10, 20)))
        for _ in range(131 - len(early_zones))
    ]
    founded += [(z, date_between(rng, D(2023, 11, 15), D(2024, 7, 31))) for z in late_zones]
    founded += [
        (rng.choice(ctx.zones), date_between(rng, D(2023, 11, 1), D(2024, 8, 25)))
        for _ in range(164 - 131 - len(late_zones))
    ]
    founded += [
        (rng.choice(ctx.zones), date_between(rng, D(2024, 9, 10), D(2024, 12, 20)))
        for _ in range(6)
    ]
    per_zone = {}
    companies = []
    for zone, day in sorted(founded, key=lambda pair: pair[1]):
        index = per_zone[zone.pk] = per_zone.get(zone.pk, -1) + 1
        state_owned = rng.random() < 0.8
        companies.append(
            PlatformCompany(
                zone=zone,
                name=f"{zone.short_name}{COMPANY_SUFFIXES[index % len(COMPANY_SUFFIXES)]}",
                founded_on=day,
                registered_capital=Decimal(rng.choice([5000, 10000, 20000, 30000, 50000])),
                ownership=(
                    PlatformCompany.Ownership.STATE_SOLE
                    if state_owned
                    else PlatformCompany.Ownership.STATE_CONTROLLED
                ),
                state_share_pct=Decimal(100) if state_owned else Decimal(rng.randint(51, 90)),
                does_construction=True,
                does_operation=rng.random() < 0.8,
                does_investment_promotion=rng.random() < 0.7,
                does_financing=rng.random() < 0.6,
            )
        )
    PlatformCompany.objects.bulk_create(companies)


def build_separation_stages(ctx):
    """84 zones practising 管运分离 by 2023-10-30; the late zones follow from November 2023."""
    rng = ctx.rng
    stage = SeparationStage.Stage
    rows = []
    for zone in ctx.zones:
        if zone in ctx.late_separation_zones:
            rows.append((zone, stage.PLANNING, date_between(rng, D(2023, 11, 5), D(2024, 2, 28))))
            if ctx.late_separation_zones.index(zone) < 5:
                rows.append(
                    (zone, stage.PRACTISING, date_between(rng, D(2024, 3, 1), D(2024, 8, 15)))
                )
            continue
        rows.append((zone, stage.PLANNING, date_between(rng, D(2020, 6, 1), D(2022, 6, 30))))
        rows.append((zone, stage.PRACTISING, date_between(rng, D(2022, 7, 1), D(2023, 10, 15))))
        if zone.separation_pilot_from:
            rows.append((zone, stage.COMPLETED, date_between(rng, D(2024, 9, 1), D(2024, 12, 20))))
    SeparationStage.objects.bulk_create(
        SeparationStage(zone=zone, stage=s, since=since) for zone, s, since in rows
    )


# (zone short name, [fund sizes in 亿元]): 17 funds in 13 zones, 227 亿元 by 2024-08-31.
FUNDS = [
    ("综改区", [40, 20]), ("高平经开区", [25, 15]), ("长治高新区", [18, 12]),
    ("晋中经开区", [20, 10]), ("大同经开区", [8]), ("晋城经开区", [10]), ("朔州经开区", [12]),
    ("运城经开区", [6]), ("吕梁经开区", [8]), ("临汾经开区", [5]), ("忻州经开区", [6]),
    ("清徐经开区", [7]), ("长治经开区", [5]),
]  # fmt: skip
FUND_KINDS = ["产业投资基金", "新兴产业引导基金", "科创投资基金"]


def build_funds(ctx):
    rng = ctx.rng
    stages = list(IndustrialFund.Stage)
    funds = []
    for short_name, sizes in FUNDS:
        zone = by_short_name(ctx, short_name)
        for index, size in enumerate(sizes):
            funds.append(
                IndustrialFund(
                    zone=zone,
                    name=f"{zone.short_name}{FUND_KINDS[index]}",
                    size=Decimal(size),
                    stage=rng.choice(stages),
                    established_on=date_between(rng, D(2019, 6, 1), D(2024, 5, 31)),
                )
            )
    # One fund set up after the published date, so the history moves on.
    funds.append(
        IndustrialFund(
            zone=by_short_name(ctx, "晋中经开区"),
            name="晋中经开区科创投资基金",
            size=Decimal(5),
            stage=IndustrialFund.Stage.EARLY,
            established_on=D(2024, 11, 12),
        )
    )
    ctx.funds = IndustrialFund.objects.bulk_create(funds)


def _posts_per_zone(ctx) -> dict[int, int]:
    """410 authorised leadership posts: 7 in national zones, 5 in 20 larger zones, 4 elsewhere."""
    posts = {z.pk: 7 if z.level == Zone.Level.NATIONAL else 4 for z in ctx.zones}
    larger = [z for z in ctx.zones if z.level == Zone.Level.PROVINCIAL and z.is_industrial]
    for zone in ctx.rng.sample(larger, 20):
        posts[zone.pk] = 5
    assert sum(posts.values()) == 410
    return posts


def _market_quota_per_city(ctx, posts) -> dict[str, int]:
    """39 market-selected managers: ≥ 10 % of posts in the five cities done, fewer elsewhere."""
    city_posts = {city: sum(posts[z.pk] for z in zones) for city, zones in ctx.by_city.items()}
    quota = {c: math.ceil(city_posts[c] / 10) for c in MARKET_TARGET_MET_CITIES}
    others = [c for c in city_posts if c not in quota]
    remaining = 39 - sum(quota.values())
    ceilings = {c: math.ceil(city_posts[c] / 10) - 1 for c in others}
    for c in others:
        quota[c] = 0
    while remaining:
        city = max(
            (c for c in others if quota[c] < ceilings[c]), key=lambda c: ceilings[c] - quota[c]
        )
        quota[city] += 1
        remaining -= 1
    return quota


class Person:
    """Attributes of a demo leadership member, before they become an appointment row."""

    def __init__(self, rng, born_range=(1962, 1982)):
        self.birth_year = rng.randint(*born_range)
        self.first_degree = rng.choice([Education.BACHELOR] * 4 + [Education.JUNIOR_COLLEGE])
        self.highest_education = Education.BACHELOR
        self.selection = LeadershipAppointment.Selection.ASSIGNED


def _mark(rng, people, count, apply):
    """Apply a trait to `count` people not yet marked with another trait."""
    free = [p for p in people if not getattr(p, "marked", False)]
    for person in rng.sample(free, count):
        apply(person)
        person.marked = True


def _young(rng, earliest, latest):
    def apply(person):
        person.birth_year = rng.randint(earliest, latest)

    return apply


def _high_school(person):
    person.first_degree = Education.HIGH_SCHOOL_OR_BELOW
    person.highest_education = Education.JUNIOR_COLLEGE


def _postgraduate(person):
    person.first_degree = Education.BACHELOR
    person.highest_education = Education.MASTER


def build_leadership(ctx):
    """Reproduces the leadership figures of 2023-12-31 (364 members) and 2024-08-31 (410).

    344 members serve through both dates, 20 leave in 2024 and 66 join in 2024; traits are placed
    so the published counts follow (e.g. under-40: 10 + 1 born 1984 + 1 leaver = 12 in 2023).
    """
    rng = ctx.rng
    posts = _posts_per_zone(ctx)
    LeadershipEstablishment.objects.bulk_create(
        LeadershipEstablishment(zone=z, effective_on=D(2022, 1, 1), authorized_posts=posts[z.pk])
        for z in ctx.zones
    )
    post_kind = LeadershipAppointment.Post
    slots = []  # (zone, post) for every authorised post
    for zone in ctx.zones:
        titles = [post_kind.PARTY_SECRETARY, post_kind.DIRECTOR, post_kind.DEPUTY_SECRETARY]
        titles += [post_kind.DEPUTY_DIRECTOR] * (posts[zone.pk] - 4) + [post_kind.OTHER_MEMBER]
        slots += [(zone, title) for title in titles]
    people = {slot_index: Person(rng) for slot_index in range(len(slots))}

    concurrent = set()
    for city, count in CONCURRENT_LED_BY_CITY.items():
        candidates = [
            z for z in ctx.by_city[city] if z.is_industrial and z.short_name != "新荣经开区"
        ]
        concurrent.update(z.pk for z in candidates[:count])
    deputies = [
        i
        for i, (_, title) in enumerate(slots)
        if title not in LeadershipAppointment.PRINCIPAL_POSTS
    ]
    market = []
    for city, quota in _market_quota_per_city(ctx, posts).items():
        in_city = [i for i in deputies if slots[i][0].city.short_name == city]
        market += rng.sample(in_city, quota)
    for i, (zone, title) in enumerate(slots):
        if title == post_kind.PARTY_SECRETARY and zone.pk in concurrent:
            people[i].selection = LeadershipAppointment.Selection.CONCURRENT
    for i in market:
        people[i].selection = LeadershipAppointment.Selection.MARKET

    market_joining = set(rng.sample(market, 13))
    not_market = [i for i in range(len(slots)) if i not in market]
    joining = sorted(market_joining | set(rng.sample(not_market, 53)))
    staying = [i for i in range(len(slots)) if i not in joining]
    assert len(joining) == 66 and len(staying) == 344

    stayers = [people[i] for i in staying]
    _mark(rng, stayers, 10, _young(rng, 1985, 1990))
    _mark(rng, stayers, 1, _young(rng, 1984, 1984))
    _mark(rng, stayers, 22, _high_school)
    _mark(rng, stayers, 3, _postgraduate)
    joiners = [people[i] for i in joining]
    _mark(rng, joiners, 7, _young(rng, 1985, 1991))
    _mark(rng, joiners, 2, _high_school)
    _mark(rng, joiners, 11, _postgraduate)

    replaced = rng.sample([i for i in joining if i not in market_joining], 20)
    leavers = {i: Person(rng, (1960, 1975)) for i in replaced}
    leaver_list = list(leavers.values())
    _mark(rng, leaver_list, 1, _young(rng, 1985, 1986))
    _mark(rng, leaver_list, 5, _high_school)
    _mark(rng, leaver_list, 1, _postgraduate)

    rows = []
    for i, (zone, title) in enumerate(slots):
        person = people[i]
        if i in joining:
            appointed = date_between(rng, D(2024, 1, 15), D(2024, 8, 25))
        elif person.selection == LeadershipAppointment.Selection.MARKET:
            appointed = date_between(rng, D(2022, 6, 1), D(2023, 11, 30))
        else:
            appointed = date_between(rng, D(2018, 3, 1), D(2023, 12, 20))
        rows.append(_appointment(rng, zone, title, person, appointed, None))
        if i in leavers:
            left = appointed - datetime.timedelta(days=rng.randint(1, 10))
            since = date_between(rng, D(2017, 3, 1), D(2022, 12, 31))
            rows.append(_appointment(rng, zone, title, leavers[i], since, left))
    LeadershipAppointment.objects.bulk_create(rows)


def _appointment(rng, zone, title, person, appointed, left):
    return LeadershipAppointment(
        zone=zone,
        post=title,
        holder_name=f"{rng.choice(SURNAMES)}某某",
        birth_year=person.birth_year,
        first_degree=person.first_degree,
        highest_education=person.highest_education,
        selection_method=person.selection,
        appointed_on=appointed,
        left_on=left,
    )


SENIOR_POSITIONS = [
    "招商总监",
    "平台公司副总经理",
    "产业发展部部长",
    "投资运营总监",
    "规划建设总工程师",
]
STAFF_POSITIONS = [
    "招商专员",
    "项目服务专员",
    "规划设计岗",
    "财务管理岗",
    "企业服务岗",
    "数据统计岗",
]


def build_market_hires(ctx):
    """199 market hires from 2023-01-01 to 2024-10-31, 40 of them senior managers; 12 more later."""
    rng = ctx.rng
    weighted = [z for z in ctx.zones for _ in range(3 if z.is_industrial else 1)]
    hires = []
    for count, senior, start, end in [
        (40, True, D(2023, 1, 1), D(2024, 10, 31)),
        (159, False, D(2023, 1, 1), D(2024, 10, 31)),
        (12, False, D(2024, 11, 1), D(2024, 12, 31)),
        (15, False, D(2022, 3, 1), D(2022, 12, 31)),
    ]:
        positions = SENIOR_POSITIONS if senior else STAFF_POSITIONS
        hires += [
            MarketHire(
                zone=rng.choice(weighted),
                position=rng.choice(positions),
                hired_on=date_between(rng, start, end),
                is_senior_manager=senior,
            )
            for _ in range(count)
        ]
    MarketHire.objects.bulk_create(hires)


def build_reform_milestones(ctx):
    """三制: post appointment 2023–24, 2023 and 2024 pay schemes, term targets in 2024 (all 11 cities
    by 2024-08-31)."""
    rng = ctx.rng
    kind = ReformMilestone.Kind
    rows = []
    late_pay = set(z.pk for z in rng.sample(ctx.zones, 5))
    for zone in ctx.zones:
        rows.append(
            (zone, kind.TERM_TARGETS, None, date_between(rng, D(2024, 1, 10), D(2024, 8, 20)))
        )
        rows.append(
            (zone, kind.POST_APPOINTMENT, None, date_between(rng, D(2023, 3, 1), D(2024, 6, 30)))
        )
        rows.append(
            (zone, kind.PERFORMANCE_PAY, 2023, date_between(rng, D(2023, 2, 1), D(2023, 9, 30)))
        )
        pay_2024 = (
            (D(2024, 10, 8), D(2024, 12, 20))
            if zone.pk in late_pay
            else (D(2024, 2, 1), D(2024, 8, 31))
        )
        rows.append((zone, kind.PERFORMANCE_PAY, 2024, date_between(rng, *pay_2024)))
    ReformMilestone.objects.bulk_create(
        ReformMilestone(zone=zone, kind=k, year=year, achieved_on=day)
        for zone, k, year, day in rows
    )


def build_cooperation_parks(ctx):
    """Three established parks (seed 004) and three in preparation since spring 2024."""
    parks = [
        (
            "综改区",
            "山西转型综合改革示范区RCEP产业园",
            "RCEP成员国",
            D(2022, 3, 1),
            D(2022, 11, 18),
        ),
        ("长治高新区", "长治高新区RCEP产业园", "RCEP成员国", D(2022, 5, 10), D(2023, 4, 20)),
        ("长治高新区", "长治高新区中德国际合作产业园", "德国", D(2021, 6, 1), D(2022, 9, 15)),
        ("大同经开区", "大同经开区国际合作产业园（筹）", "", D(2024, 4, 12), None),
        ("晋中经开区", "晋中经开区国际合作产业园（筹）", "", D(2024, 5, 8), None),
        ("晋城经开区", "晋城经开区国际合作产业园（筹）", "", D(2024, 6, 3), None),
    ]
    CooperationPark.objects.bulk_create(
        CooperationPark(
            zone=by_short_name(ctx, zone),
            name=name,
            partner=partner,
            preparing_since=since,
            established_on=established,
        )
        for zone, name, partner, since, established in parks
    )


# Q1 2024 per city: (承诺制 applied, eligible), (全代办 handled, eligible). Seed 003 publishes the
# province's 93.41 % and 89.32 %, the 100 % cities and the named cities' own rates.
Q1_2024_BY_CITY = {
    "太原": ((60, 65), (420, 420)),
    "大同": ((40, 40), (380, 380)),
    "阳泉": ((14, 16), (190, 205)),
    "长治": ((70, 80), (540, 700)),
    "晋城": ((35, 35), (280, 300)),
    "朔州": ((25, 25), (337, 350)),
    "晋中": ((61, 74), (360, 450)),
    "运城": ((50, 50), (320, 400)),
    "忻州": ((30, 30), (141, 200)),
    "临汾": ((45, 45), (430, 435)),
    "吕梁": ((38, 41), (300, 300)),
}
Q1_MONTHS = [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]
DEMO_MONTHS = [D(year, month, 1) for year in (2023, 2024) for month in range(1, 13)]
STANDARD_LAND_Q1_2024 = (45, Decimal("4844.89"))


def _split_pair(rng, done: int, eligible: int, parts: int) -> list[tuple[int, int]]:
    """Split (done, eligible) into `parts` pairs with done ≤ eligible in each."""
    eligibles = split_int(rng, eligible, parts)
    missing = split_int(rng, eligible - done, parts)
    # Move shortfalls onto rows that can hold them, so no row reports done > eligible.
    for i in range(parts):
        excess = missing[i] - eligibles[i]
        if excess > 0:
            missing[i] -= excess
            j = max(range(parts), key=lambda k: eligibles[k] - missing[k])
            missing[j] += excess
    return [(e - m, e) for e, m in zip(eligibles, missing, strict=True)]


def _growth_by_zone_month(ctx) -> dict[tuple[int, datetime.date], Decimal]:
    """Cumulative value-added growth of industrial zones: 27 negative in 2024-09, three of them
    negative since July (seed 000)."""
    rng = ctx.rng
    industrial = [z for z in ctx.zones if z.is_industrial]
    negative = rng.sample(industrial, 27)
    falling = negative[:3]
    growth = {}
    for zone in industrial:
        base = rng.uniform(-4, 12)
        for month in DEMO_MONTHS:
            value = base + rng.uniform(-3, 3)
            if month == D(2024, 9, 1):
                value = -rng.uniform(0.3, 9) if zone in negative else rng.uniform(0.2, 15)
            elif zone in falling and month in (D(2024, 7, 1), D(2024, 8, 1)):
                value = -rng.uniform(0.5, 6)
            growth[zone.pk, month] = Decimal(f"{value:.2f}")
    return growth


def build_periodic_figures(ctx):
    """Monthly figures for 2023–2024; Q1 2024 adds up to the published 三项改革 figures."""
    rng = ctx.rng
    q1 = {}
    for city, ((applied, c_eligible), (handled, a_eligible)) in Q1_2024_BY_CITY.items():
        cells = [(z.pk, m) for z in ctx.by_city[city] for m in Q1_MONTHS]
        commitments = _split_pair(rng, applied, c_eligible, len(cells))
        agency = _split_pair(rng, handled, a_eligible, len(cells))
        for cell, commitment, proxy in zip(cells, commitments, agency, strict=True):
            q1[cell] = commitment + proxy
    industrial = [z for z in ctx.zones if z.is_industrial]
    parcels, area = STANDARD_LAND_Q1_2024
    land_cells = rng.sample([(z.pk, m) for z in industrial for m in Q1_MONTHS], 30)
    land = dict(
        zip(
            land_cells,
            zip(split_int(rng, parcels, 30, 1), split_money(rng, area, 30, 0.5), strict=True),
            strict=True,
        )
    )
    growth = _growth_by_zone_month(ctx)
    rows = []
    for zone in ctx.zones:
        for month in DEMO_MONTHS:
            cell = (zone.pk, month)
            if cell in q1:
                applied, c_eligible, handled, a_eligible = q1[cell]
            else:
                c_eligible, a_eligible = rng.randint(0, 6), rng.randint(2, 20)
                applied = c_eligible - (rng.random() < 0.2)
                handled = a_eligible - rng.randint(0, 2)
            parcels, area = land.get(cell, (0, Decimal(0)))
            if month not in Q1_MONTHS and zone.is_industrial and rng.random() < 0.15:
                parcels, area = rng.randint(1, 3), Decimal(rng.randint(3000, 30000)) / 100
            rows.append(
                PeriodicFigures(
                    zone=zone,
                    period=month,
                    commitment_eligible=c_eligible,
                    commitment_applied=max(applied, 0),
                    agency_eligible=a_eligible,
                    agency_handled=max(handled, 0),
                    standard_land_parcels=parcels,
                    standard_land_area=area,
                    value_added_growth=growth.get(cell),
                )
            )
    PeriodicFigures.objects.bulk_create(rows)
