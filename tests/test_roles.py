"""The four roles: their groups exist after migrate, `create_user` makes users of each, and each
role sees and changes the zones it should."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from reforms.models import PeriodicFigures
from zones.models import City, Zone
from zones.permissions import editable_rows, editable_zones, reviewable_zones, visible_zones
from zones.roles import GROUP_NAMES, Role, role_of


def create_user(*args, password=None):
    stdin = io.StringIO(f"{password}\n") if password else None
    out = io.StringIO()
    if stdin:
        import sys

        real, sys.stdin = sys.stdin, stdin
        try:
            call_command("create_user", *args, "--password-stdin", stdout=out)
        finally:
            sys.stdin = real
    else:
        call_command("create_user", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def taiyuan(db):
    return City.objects.get(adcode="140100")


@pytest.fixture
def two_zones(taiyuan):
    own = Zone.objects.filter(city=taiyuan).order_by("pk").first()
    other = Zone.objects.exclude(city=taiyuan).order_by("pk").first()
    return own, other


def test_every_role_group_exists_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values())


def test_zone_officer_group_enters_zone_data_but_not_what_the_product_writes(db):
    group = Group.objects.get(name=GROUP_NAMES[Role.ZONE])
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert {"add_periodicfigures", "change_project", "add_monthlyinvestment"} <= codenames
    assert "view_zone" in codenames and "change_zone" not in codenames
    assert "add_reportreminder" not in codenames and "view_reportreminder" in codenames
    assert "add_campaignround" not in codenames


def test_readonly_and_city_groups_only_view(db):
    for role in (Role.READONLY, Role.CITY):
        group = Group.objects.get(name=GROUP_NAMES[role])
        actions = {c.split("_")[0] for c in group.permissions.values_list("codename", flat=True)}
        assert actions <= {"view", "approve", "return", "review"}, (role, actions)


def test_each_role_sees_and_changes_the_right_zones(django_user_model, two_zones, taiyuan):
    own, other = two_zones
    create_user("prov", "--role", "province")
    create_user("city", "--role", "city", "--city", taiyuan.adcode)
    create_user("officer", "--role", "zone", "--zone", str(own.pk))
    create_user("reader", "--role", "readonly")
    users = {
        u.username: u
        for u in django_user_model.objects.filter(
            username__in=["prov", "city", "officer", "reader"]
        )
    }
    all_zones = Zone.objects.count()

    assert {name: role_of(u) for name, u in users.items()} == {
        "prov": Role.PROVINCE,
        "city": Role.CITY,
        "officer": Role.ZONE,
        "reader": Role.READONLY,
    }
    assert visible_zones(users["prov"]).count() == all_zones
    assert visible_zones(users["reader"]).count() == all_zones
    assert set(visible_zones(users["city"])) == set(Zone.objects.filter(city=taiyuan))
    assert list(visible_zones(users["officer"])) == [own]
    assert editable_zones(users["reader"]).count() == 0
    assert editable_zones(users["city"]).count() == 0
    assert list(editable_zones(users["officer"])) == [own]
    assert reviewable_zones(users["officer"]).count() == 0
    assert set(reviewable_zones(users["city"])) == set(Zone.objects.filter(city=taiyuan))
    assert other not in visible_zones(users["city"])
    officer_rows = editable_rows(PeriodicFigures, users["officer"])
    assert officer_rows.exists() and not officer_rows.exclude(zone=own).exists()


def test_create_user_sets_a_checked_password_and_refuses_bad_input(django_user_model, two_zones):
    own, _ = two_zones
    out = create_user(
        "officer2", "--role", "zone", "--zone", str(own.pk), password="S3cure-passw0rd!"
    )

    assert "开发区填报员" in out
    user = django_user_model.objects.get(username="officer2")
    assert user.is_staff and user.check_password("S3cure-passw0rd!")
    with pytest.raises(CommandError, match="须用 --zone"):
        create_user("officer3", "--role", "zone")
    with pytest.raises(CommandError, match="没有编号为 999999"):
        create_user("officer3", "--role", "zone", "--zone", "999999")
    with pytest.raises(CommandError, match="已存在"):
        create_user("officer2", "--role", "readonly")
    with pytest.raises(CommandError):
        create_user("weak", "--role", "readonly", password="123")
    assert not django_user_model.objects.filter(username__in=["officer3", "weak"]).exists()
