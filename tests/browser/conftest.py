"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright.

Never `playwright install`: it downloads a browser, which this machine and CI cannot. Without
/usr/bin/chromium (or the playwright package) the browser tests are skipped with the reason,
except on CI (CI=true), where that fails them.
"""

import os
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
# As root in a sandbox, and with no reason to call any host but the live server.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required on CI: .ci/run installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go: $ARTIFACTS_DIR, by default artifacts/ in the repository."""
    folder = Path(os.environ.get("ARTIFACTS_DIR", settings.BASE_DIR / "artifacts")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        _unavailable("browser tests need Debian's chromium at /usr/bin/chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("browser tests need the playwright package")
    # The pages load plotly.js from our static files: make sure it is there.
    call_command("copy_plotly_js", stdout=StringIO())
    # Playwright's sync API runs an event loop in this thread; Django refuses database calls from
    # a thread with a running loop unless told that this is intended.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page_as(chromium, live_server):
    """`with page_as(user) as page:` a page logged in as the user (see `logged_in_page`)."""
    return lambda user: logged_in_page(chromium, live_server, user)


@contextmanager
def logged_in_page(chromium, live_server, user):
    """A page logged in as the user that records console errors (`page.errors`) and requests
    to any host but the live server (`page.outside`)."""
    client = Client()
    client.force_login(user)
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.errors = []
    page.outside = []
    origin = urlsplit(live_server.url).netloc
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))

    def record(request):
        url = urlsplit(request.url)
        inner = urlsplit(url.path) if url.scheme == "blob" else url
        if url.scheme != "data" and inner.netloc != origin:
            page.outside.append(request.url)

    page.on("request", record)
    try:
        yield page
    finally:
        context.close()
