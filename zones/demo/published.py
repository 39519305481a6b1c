"""The reform's published figures (DOMAIN.md, from the provincial bulletins in shared/seeds/).

The demo dataset must reproduce each of them through the indicator registry; tests check it.
`city` is a city's short name for a figure published per city, None for the province.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PublishedFigure:
    code: str
    value: int | Decimal
    as_of: datetime.date
    source: str
    city: str | None = None


D = datetime.date
AUG_2024 = D(2024, 8, 31)
Q1_2024 = D(2024, 3, 31)

PUBLISHED = [
    PublishedFigure("zones", 93, AUG_2024, "seeds 002, 004"),
    PublishedFigure("zones_with_platform_company", 93, AUG_2024, "seeds 000, 004"),
    PublishedFigure("platform_companies", 164, AUG_2024, "seed 004"),
    PublishedFigure("platform_companies", 131, D(2023, 10, 30), "seed 004"),
    PublishedFigure("zones_separated", 84, D(2023, 10, 30), "seed 004"),
    PublishedFigure("separation_pilot_zones", 11, AUG_2024, "seeds 000, 003, 004"),
    PublishedFigure("funds", 17, AUG_2024, "seeds 000, 004"),
    PublishedFigure("zones_with_funds", 13, AUG_2024, "seeds 000, 004"),
    PublishedFigure("fund_size", Decimal("227"), AUG_2024, "seeds 000, 004"),
    PublishedFigure("fund_projects", 36, AUG_2024, "seeds 000, 004"),
    PublishedFigure("fund_invested", Decimal("9.5"), AUG_2024, "seeds 000, 004"),
    PublishedFigure("market_selected_leaders", 39, AUG_2024, "seed 004"),
    PublishedFigure("market_selected_leader_share", Decimal("9.5"), AUG_2024, "seed 004"),
    PublishedFigure("market_hires", 199, D(2024, 10, 31), "seed 000"),
    PublishedFigure("market_hires_senior", 40, D(2024, 10, 31), "seed 000"),
    PublishedFigure("concurrent_led_zones", 24, AUG_2024, "seed 004"),
    PublishedFigure("leaders_under_40", 12, D(2023, 12, 31), "seed 004"),
    PublishedFigure("leaders_under_40_share", Decimal("3.3"), D(2023, 12, 31), "seed 004"),
    PublishedFigure("leaders_under_40", 17, AUG_2024, "seed 004"),
    PublishedFigure("leaders_under_40_share", Decimal("4.1"), AUG_2024, "seed 004"),
    PublishedFigure("leaders_hs_or_below", 27, D(2023, 12, 31), "seed 004"),
    PublishedFigure("leaders_hs_or_below_share", Decimal("7.4"), D(2023, 12, 31), "seed 004"),
    PublishedFigure("leaders_hs_or_below", 24, AUG_2024, "seed 004"),
    PublishedFigure("leaders_hs_or_below_share", Decimal("5.9"), AUG_2024, "seed 004"),
    PublishedFigure("leaders_postgraduate", 4, D(2023, 12, 31), "seed 004"),
    PublishedFigure("leaders_postgraduate_share", Decimal("1.1"), D(2023, 12, 31), "seed 004"),
    PublishedFigure("leaders_postgraduate", 14, AUG_2024, "seed 004"),
    PublishedFigure("leaders_postgraduate_share", Decimal("3.4"), AUG_2024, "seed 004"),
    PublishedFigure("term_target_cities", 11, AUG_2024, "seed 004"),
    PublishedFigure("coop_parks", 3, AUG_2024, "seed 004"),
    PublishedFigure("coop_parks_preparing", 3, AUG_2024, "seed 004"),
    PublishedFigure("round_signed", 392, D(2024, 6, 30), "seed 002"),
    PublishedFigure("round_started", 393, D(2024, 6, 30), "seed 002"),
    PublishedFigure("round_producing", 330, D(2024, 6, 30), "seed 002"),
    PublishedFigure("signed_cumulative", 1258, Q1_2024, "seed 003"),
    PublishedFigure("signed_investment_cumulative", Decimal("4572.27"), Q1_2024, "seed 003"),
    PublishedFigure("strategic_emerging_share", Decimal("97.19"), Q1_2024, "seed 003"),
    PublishedFigure("commitment_rate", Decimal("93.41"), Q1_2024, "seed 003"),
    PublishedFigure("standard_land_parcels", 45, Q1_2024, "seeds 002, 003"),
    PublishedFigure("standard_land_area", Decimal("4844.89"), Q1_2024, "seeds 002, 003"),
    PublishedFigure("full_agency_rate", Decimal("89.32"), Q1_2024, "seed 003"),
    PublishedFigure("negative_growth_zones", 27, D(2024, 9, 30), "seed 000"),
]

# Figures published per city (seed 004 for leadership; seed 003 for 承诺制 and 全代办).
CONCURRENT_LED_BY_CITY = {
    "大同": 5, "运城": 4, "忻州": 3, "吕梁": 3, "太原": 2, "阳泉": 2, "长治": 2, "晋城": 2,
    "临汾": 1, "朔州": 0, "晋中": 0,
}  # fmt: skip
# Cities whose market-selected share reached the 10 % target by 2024-08-31.
MARKET_TARGET_MET_CITIES = ("大同", "朔州", "晋中", "吕梁", "运城")
PUBLISHED += [
    PublishedFigure("concurrent_led_zones", n, AUG_2024, "seed 004", city)
    for city, n in CONCURRENT_LED_BY_CITY.items()
]
PUBLISHED += [
    PublishedFigure("commitment_rate", Decimal(100), Q1_2024, "seed 003", city)
    for city in ("大同", "朔州", "忻州", "晋城", "临汾", "运城")
]
PUBLISHED += [
    PublishedFigure("full_agency_rate", Decimal(100), Q1_2024, "seed 003", city)
    for city in ("太原", "大同", "吕梁")
]
PUBLISHED += [
    PublishedFigure("full_agency_rate", Decimal("98.85"), Q1_2024, "seed 003", "临汾"),
    PublishedFigure("full_agency_rate", Decimal("96.29"), Q1_2024, "seed 003", "朔州"),
]
