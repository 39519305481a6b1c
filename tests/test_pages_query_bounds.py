"""Each page takes as many queries with ten times the demo's projects (and ten more zones) as on
the demo itself (tests/test_pages.py pins that number): no query per zone or per project.

The copies are made once for this module, inside a transaction rolled back at its end; each test
runs in a savepoint within it.
"""

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from test_pages import PAGE_QUERIES, page_urls

from projects.models import Project
from zones.models import City, Zone
from zones.roles import Role

pytestmark = pytest.mark.django_db
COPIES = 9
EXTRA_ZONES = 10


def copy_projects(copies: int) -> int:
    """Adds `copies` copies of every project (same zone, dates and money, new names)."""
    originals = list(Project.objects.all())
    fields = [f.attname for f in Project._meta.concrete_fields if f.attname != "id"]
    Project.objects.bulk_create(
        (
            Project(**{**{f: getattr(p, f) for f in fields}, "name": f"{p.name}（副本{n}）"})
            for n in range(1, copies + 1)
            for p in originals
        ),
        batch_size=2000,
    )
    return len(originals)


def add_zones(count: int):
    city = City.objects.get(adcode="140100")
    Zone.objects.bulk_create(
        Zone(
            name=f"测试开发区{n}",
            short_name=f"测试区{n}",
            city=city,
            level=Zone.Level.PROVINCIAL,
            kind=Zone.Kind.OTHER,
            latitude=city.latitude,
            longitude=city.longitude,
        )
        for n in range(count)
    )


@pytest.fixture(scope="module")
def ten_times_the_projects(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_projects = copy_projects(COPIES)
        add_zones(EXTRA_ZONES)
        yield demo_projects
        transaction.set_rollback(True)


@pytest.mark.parametrize("page", PAGE_QUERIES)
def test_page_takes_the_same_queries_with_ten_times_the_projects(
    page, ten_times_the_projects, client, role_groups, django_assert_num_queries
):
    assert Project.objects.count() == (COPIES + 1) * ten_times_the_projects
    reader = User.objects.create_user("reader", is_staff=True)
    reader.groups.add(role_groups[Role.READONLY])
    client.force_login(reader)
    url = page_urls()[page]

    with django_assert_num_queries(PAGE_QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200
