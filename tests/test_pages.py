"""The dashboard pages on the demo data: who may open them, the published figures they show, the
language, the filters, and the queries each page takes."""

import datetime
import re
from itertools import groupby

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from reforms.indicators import INDICATORS
from reforms.models import LeadershipAppointment
from zones.charts import format_number, format_value
from zones.demo.published import PUBLISHED
from zones.models import City, DemoDataset, Zone
from zones.roles import Role
from zones.scopes import Scope
from zones.views import HEADLINE_SECTIONS

pytestmark = pytest.mark.django_db
DEMO_NOTE = "演示数据"
HEADLINE_CODES = {code for _, codes in HEADLINE_SECTIONS for code in codes}
# Queries of each page on the demo data, pinned: the same with ten times the projects and more
# zones (tests/test_pages_query_bounds.py). Session and user (2), the demo marker, the default
# as-of date, the city menu, then one query per indicator source for each evaluation a page makes
# (cards now and at the previous month end, tables, one per chart, eight quarter ends and the
# months of the year for trends, each trend first reading the stored snapshots: one query, and
# the test database has none, so every day is then evaluated). The zone and projects pages also read the user's role (1), as
# they show a zone's records only to those who may see it (zones.permissions).
PAGE_QUERIES = {
    "overview": 144,
    "city": 111,
    "zone": 37,
    "projects": 30,
    "projects_filtered": 53,
    "rankings": 8,
    "rankings_filtered": 9,
}


def page_urls() -> dict[str, str]:
    """The Chinese URL of each page (whatever language an earlier request left active)."""
    zone = Zone.objects.get(short_name="长治高新区")
    with translation.override("zh-hans"):
        return _page_urls(zone)


def _page_urls(zone) -> dict[str, str]:
    return {
        "overview": reverse("dashboards:overview"),
        "city": reverse("dashboards:city", args=["140400"]),
        "zone": reverse("dashboards:zone", args=[zone.pk]),
        "projects": reverse("dashboards:projects"),
        "projects_filtered": reverse("dashboards:projects")
        + "?city=140400&industry=materials&stage=started&key=yes&round=6",
        "rankings": reverse("dashboards:rankings"),
        "rankings_filtered": reverse("dashboards:rankings")
        + "?indicator=start_rate&city=140400&level=provincial&kind=economic",
    }


@pytest.fixture
def reader(client, role_groups):
    """A logged-in user of the admin (a provincial staff member with the read-only role)."""
    user = User.objects.create_user("reader", is_staff=True)
    user.groups.add(role_groups[Role.READONLY])
    client.force_login(user)
    return client


def card(html: str, code: str) -> str:
    """The HTML of the card (or scorecard row) of one indicator."""
    found = re.search(rf'data-indicator="{code}">(.*?)</(article|tr)>', html, re.S)
    assert found, f"no card for {code}"
    return found.group(1)


def card_value(html: str, code: str) -> str:
    return re.search(r'<p class="value">(.*?)</p>', card(html, code)).group(1)


def written(code: str, value) -> str:
    return format_number(value, INDICATORS[code].decimals)


@pytest.mark.parametrize("page", PAGE_QUERIES)
def test_reader_sees_each_page_with_its_charts_and_the_demo_note(page, reader):
    response = reader.get(page_urls()[page])

    assert response.status_code == 200
    html = response.content.decode()
    assert DEMO_NOTE in html
    assert 'data-figure="figure-' in html
    assert re.search(r'<script id="figure-[a-z_]+" type="application/json">', html)
    assert "/static/vendor/plotly/plotly.min.js" in html
    assert "cdn" not in html.lower()


@pytest.mark.parametrize("page", PAGE_QUERIES)
def test_page_queries_are_pinned(page, reader, django_assert_num_queries):
    url = page_urls()[page]

    with django_assert_num_queries(PAGE_QUERIES[page]):
        reader.get(url)


@pytest.mark.parametrize("page", PAGE_QUERIES)
def test_anonymous_reader_is_sent_to_log_in(page, client):
    url = page_urls()[page]

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")


def test_english_pages_send_to_the_english_login(client):
    response = client.get("/en/rankings/")

    assert response["Location"].startswith("/en/admin/login/?next=/en/rankings/")


@pytest.mark.parametrize("page", ["overview", "city", "zone", "rankings"])
def test_public_setting_opens_the_aggregate_pages(page, client, settings):
    settings.DASHBOARDS_PUBLIC = True

    response = client.get(page_urls()[page])

    assert response.status_code == 200


def test_public_setting_keeps_project_lists_behind_the_login(client, settings):
    settings.DASHBOARDS_PUBLIC = True
    urls = page_urls()

    assert client.get(urls["projects"]).status_code == 302
    zone_page = client.get(urls["zone"]).content.decode()
    assert "登录后可查看项目明细" in zone_page
    assert "figure-investment_progress" not in zone_page


@pytest.mark.parametrize(
    "as_of, figures",
    [
        (as_of, list(figures))
        for as_of, figures in groupby(
            sorted(
                (f for f in PUBLISHED if f.city is None and f.code in HEADLINE_CODES),
                key=lambda f: f.as_of,
            ),
            key=lambda f: f.as_of,
        )
    ],
)
def test_overview_cards_show_the_published_figures(as_of, figures, reader):
    html = reader.get(f"/?as_of={as_of.isoformat()}").content.decode()

    assert as_of.strftime("%Y年%-m月%-d日") in html
    for figure in figures:
        assert card_value(html, figure.code).startswith(written(figure.code, figure.value))


@pytest.mark.parametrize(
    "figure",
    [f for f in PUBLISHED if f.city is not None and f.code in HEADLINE_CODES],
    ids=lambda f: f"{f.code}-{f.city}",
)
def test_city_cards_show_the_published_city_figures(figure, reader):
    city = City.objects.get(short_name=figure.city)

    html = reader.get(f"/cities/{city.adcode}/?as_of={figure.as_of.isoformat()}").content.decode()

    assert card_value(html, figure.code).startswith(written(figure.code, figure.value))


def test_city_cards_show_the_province_beside_the_city(reader):
    html = reader.get("/cities/140200/?as_of=2024-08-31").content.decode()

    assert "全省：164家" in card(html, "platform_companies")


def test_zone_scorecard_shows_the_registrys_values_and_no_person(reader):
    zone = Zone.objects.select_related("city").get(short_name="长治高新区")
    as_of = datetime.date(2024, 12, 31)

    html = reader.get(f"/zones/{zone.pk}/").content.decode()

    for value in INDICATORS.evaluate(as_of, Scope(city=zone.city, zone=zone)):
        assert f'<td class="num">{format_value(value)}</td>' in card(html, value.indicator.code)
    names = LeadershipAppointment.objects.filter(zone=zone).values_list("holder_name", flat=True)
    assert names
    assert not any(name in html for name in names)


def test_unverified_zone_says_its_name_is_unverified(reader):
    zone = Zone.objects.filter(is_verified=False).first()

    html = reader.get(f"/zones/{zone.pk}/").content.decode()

    assert "名称待核实" in html


def test_projects_page_shows_the_registrys_rates_and_stalled_counts(reader):
    html = reader.get("/projects/?as_of=2024-06-30").content.decode()

    for value in INDICATORS.evaluate(
        datetime.date(2024, 6, 30),
        Scope(),
        ["start_rate", "signed_not_landed", "landed_not_invested", "invested_no_output"],
    ):
        assert card_value(html, value.indicator.code) == format_value(value)


def test_project_filters_narrow_the_list_and_keep_the_other_filters_in_page_links(reader):
    everything = reader.get("/projects/").context["page"].paginator.count
    response = reader.get("/projects/?city=140400&industry=materials")

    narrowed = response.context["page"].paginator.count
    assert 0 < narrowed < everything
    assert "city=140400&amp;industry=materials&amp;page=2" in response.content.decode()


def test_rankings_put_the_best_zone_first(reader):
    response = reader.get("/rankings/?indicator=signed_investment_cumulative&city=140400")

    rows = response.context["rows"]
    assert rows[0].rank == 1
    assert rows[0].value.value == max(row.value.value for row in rows)
    assert response.context["indicator"].code == "signed_investment_cumulative"


def test_english_overview_speaks_english(reader):
    html = reader.get("/en/").content.decode()

    assert '<html lang="en">' in html
    assert "Province overview" in html
    assert "Platform companies" in html
    assert "31 Dec 2024" in html
    assert 'href="/?' in html or 'href="/"' in html  # back to Chinese


def test_chinese_overview_links_to_the_same_view_in_english(reader):
    html = reader.get("/?as_of=2024-06-30").content.decode()

    assert 'href="/en/?as_of=2024-06-30"' in html


def test_an_invalid_date_falls_back_to_the_latest_period_and_says_so(reader):
    response = reader.get("/?as_of=2024-13-45")

    assert response.status_code == 200
    assert response.context["as_of"] == datetime.date(2024, 12, 31)
    assert "以下条件无效" in response.content.decode()


def test_the_demo_note_goes_when_the_demo_marker_goes(reader):
    DemoDataset.objects.all().delete()

    assert DEMO_NOTE not in reader.get("/rankings/").content.decode()


def test_an_unknown_city_or_zone_is_not_found(reader):
    assert reader.get("/cities/149999/").status_code == 404
    assert reader.get("/zones/999999/").status_code == 404
