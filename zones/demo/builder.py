"""Builds the demo dataset from scratch in one transaction."""

import random
from dataclasses import dataclass, field

from django.core.management import call_command
from django.db import transaction

from projects.models import AnnualPlan, CampaignRound, MonthlyInvestment, Project, RoundEntry
from reforms.models import (
    CooperationPark,
    FundInvestment,
    IndustrialFund,
    LeadershipAppointment,
    LeadershipEstablishment,
    MarketHire,
    PeriodicFigures,
    PlatformCompany,
    ReformMilestone,
    ReportTransition,
    SeparationStage,
    ZoneReport,
)
from zones.models import DemoDataset, Zone

from . import project_data, reform_data, report_data

VERSION = "2024.1"
SEED = 2024
# Children before parents, so PROTECT foreign keys never block the reset; reports first, as
# they lock the figures of their periods.
DEMO_MODELS = [
    ReportTransition, ZoneReport,
    FundInvestment, MonthlyInvestment, AnnualPlan, RoundEntry, CampaignRound, Project,
    IndustrialFund, PlatformCompany, SeparationStage, LeadershipAppointment,
    LeadershipEstablishment, MarketHire, ReformMilestone, CooperationPark, PeriodicFigures,
]  # fmt: skip


@dataclass
class DemoContext:
    rng: random.Random
    zones: list[Zone]
    by_city: dict[str, list[Zone]] = field(default_factory=dict)

    def __post_init__(self):
        for zone in self.zones:
            self.by_city.setdefault(zone.city.short_name, []).append(zone)


def holds_other_data() -> bool:
    """True when reform or project rows exist that the demo did not write."""
    return not DemoDataset.objects.exists() and any(m.objects.exists() for m in DEMO_MODELS)


@transaction.atomic
def build_demo(stdout=None):
    call_command("loaddata", "cities", "zones", verbosity=0)
    for model in DEMO_MODELS:
        model.objects.all().delete()
    DemoDataset.objects.all().delete()
    ctx = DemoContext(random.Random(SEED), list(Zone.objects.select_related("city").order_by("pk")))
    steps = [
        reform_data.set_zone_flags,
        reform_data.build_platform_companies,
        reform_data.build_separation_stages,
        reform_data.build_funds,
        reform_data.build_leadership,
        reform_data.build_market_hires,
        reform_data.build_reform_milestones,
        reform_data.build_cooperation_parks,
        reform_data.build_periodic_figures,
        project_data.build_projects,
        project_data.build_fund_investments,
        report_data.build_reports,
    ]
    for step in steps:
        step(ctx)
        if stdout:
            stdout.write(f"  {step.__name__}")
    DemoDataset.objects.create(version=VERSION)
