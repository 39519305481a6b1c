"""The dashboards in a real browser against a live server: every page draws its Plotly charts,
the console stays clean, nothing is fetched from another host, the filters redraw the charts and
a click on a city or a zone opens it. A screenshot of each page goes to artifacts/screenshots/.

`live_server` empties the database after each test, so each test loads the demo itself.
"""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from zones.models import Zone
from zones.roles import Role, ensure_role_groups

pytestmark = pytest.mark.django_db(transaction=True)
ALL_DRAWN = (
    "() => [...document.querySelectorAll('[data-figure]')]"
    ".every(element => element.dataset.drawn === 'true')"
)


@pytest.fixture
def demo(live_server):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def browser_page(page_as, demo):
    """A read-only user's page, which sees every zone's scorecard and projects."""
    reader = User.objects.create_user("reader", is_staff=True)
    reader.groups.add(ensure_role_groups()[Role.READONLY])
    with page_as(reader) as page:
        yield page


def open_page(page, url):
    page.goto(url)
    page.wait_for_function(ALL_DRAWN, timeout=30_000)


def figure_data(page, name, path="data[0].y"):
    return page.evaluate(f"document.querySelector('[data-figure=figure-{name}]').{path}")


def click_tallest_bar(page, name):
    """Clicks the middle of the chart's tallest bar (as a reader would, with the mouse)."""
    chart = page.locator(f"[data-figure=figure-{name}]")
    chart.scroll_into_view_if_needed()
    boxes = [bar.bounding_box() for bar in chart.locator(".bars path").all()]
    box = max(boxes, key=lambda b: b["height"])
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.click(x, y)


def test_every_page_draws_its_charts_offline_with_a_clean_console(
    browser_page, live_server, artifacts
):
    zone = Zone.objects.get(short_name="长治高新区")
    pages = {
        "overview": "/",
        "city": "/cities/140400/",
        "zone": f"/zones/{zone.pk}/",
        "projects": "/projects/",
        "rankings": "/rankings/",
        "overview-en": "/en/",
    }
    for name, path in pages.items():
        open_page(browser_page, live_server.url + path)

        figures = browser_page.locator("[data-figure]")
        assert figures.count() > 0, name
        for position in range(figures.count()):
            assert figures.nth(position).locator("svg.main-svg").count() > 0, name
        browser_page.screenshot(path=artifacts / f"{name}.png", full_page=True)
        if name.startswith("overview"):
            assert browser_page.locator("[data-figure=figure-zone_map] canvas").count() > 0

    assert browser_page.errors == []
    assert browser_page.outside == []


def test_filters_redraw_the_charts_and_a_click_drills_down(browser_page, live_server, artifacts):
    """One test for both, so the demo is loaded once (a live-server test empties the database)."""
    page = browser_page
    open_page(page, live_server.url + "/projects/")
    province = figure_data(page, "pipeline")

    page.select_option("form.filters select[name=city]", "140400")
    page.wait_for_url("**/projects/?*city=140400*")
    page.wait_for_function(ALL_DRAWN)
    changzhi = figure_data(page, "pipeline")
    page.select_option("form.filters select[name=industry]", "materials")
    page.wait_for_url("**industry=materials*")
    page.wait_for_function(ALL_DRAWN)
    materials = figure_data(page, "pipeline")

    assert sum(changzhi) < sum(province)
    assert sum(materials) < sum(changzhi)
    assert "city=140400" in page.url
    page.screenshot(path=artifacts / "projects-filtered.png", full_page=True)

    open_page(page, live_server.url + "/rankings/")
    page.select_option("form.filters select[name=indicator]", "start_rate")
    page.wait_for_url("**indicator=start_rate*")
    page.wait_for_function(ALL_DRAWN)
    assert figure_data(page, "ranking", "data[0].name") == "开工复工率"

    open_page(page, live_server.url + "/?as_of=2024-06-30")
    click_tallest_bar(page, "city_comparison")
    page.wait_for_url("**/cities/*/?as_of=2024-06-30")
    page.wait_for_function(ALL_DRAWN)
    click_tallest_bar(page, "zone_comparison")
    page.wait_for_url("**/zones/*/?as_of=2024-06-30")

    assert page.errors == []
    assert page.outside == []
