"""Shared fixtures. `demo_db` loads the demo dataset once per test session."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the demo dataset for the whole session; each test runs in a
    transaction rolled back at its end, so tests may change demo rows freely."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture
def demo_db(db):
    return db


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's default language: a request to an /en/ page activates
    English in the thread, and without this it would stay active for the tests after it."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def role_groups(db):
    """The role groups by role (created after migrate; zones.roles)."""
    from zones.roles import ensure_role_groups

    return ensure_role_groups()
