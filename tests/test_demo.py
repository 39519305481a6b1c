"""load_demo: idempotent, marked as demo, refuses to overwrite real data, valid by the model rules."""

import random

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from projects.models import MonthlyInvestment, Project
from zones.models import DemoDataset, Zone

pytestmark = pytest.mark.django_db
DATA_APPS = ("zones", "reforms", "projects")


def _row_counts():
    return {
        model.__name__: model.objects.count()
        for app in DATA_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }


def test_loading_the_demo_again_changes_nothing():
    before = _row_counts()

    call_command("load_demo", verbosity=0)

    assert _row_counts() == before


def test_forced_reload_rebuilds_the_same_data():
    before = _row_counts()
    total = sum(MonthlyInvestment.objects.values_list("amount", flat=True))

    call_command("load_demo", "--force", verbosity=0)

    assert _row_counts() == before
    assert sum(MonthlyInvestment.objects.values_list("amount", flat=True)) == total


def test_demo_is_marked_as_demo_data():
    assert DemoDataset.objects.count() == 1


def test_the_demo_holds_93_zones_60_of_them_verified():
    assert Zone.objects.count() == 93
    assert Zone.objects.filter(is_verified=True).count() == 60
    assert all("名称待核实" in str(z) for z in Zone.objects.filter(is_verified=False))


def test_load_demo_refuses_a_database_with_real_data():
    DemoDataset.objects.all().delete()

    with pytest.raises(CommandError, match="非演示数据"):
        call_command("load_demo", verbosity=0)
    assert Project.objects.exists()


def test_demo_rows_pass_the_model_validation():
    rng = random.Random(7)
    for app in ("reforms", "projects"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical"):
                continue
            rows = list(model.objects.all())
            for row in rng.sample(rows, min(40, len(rows))):
                row.full_clean()
