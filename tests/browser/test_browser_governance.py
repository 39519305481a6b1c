"""Data governance as a person sees it in the browser: a zone officer imports a month's figures
from an Excel file (upload, preview, confirm), submits the month's report, and the 填报进度
page shows it; the console stays clean and nothing is fetched from another host."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from openpyxl import Workbook

from reforms.models import PeriodicFigures, ZoneReport
from zones.imports import KINDS
from zones.models import ImportJob, Zone

pytestmark = pytest.mark.django_db(transaction=True)
MARCH = datetime.date(2025, 3, 1)


@pytest.fixture
def officer(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    zone = Zone.objects.order_by("pk").first()
    call_command(
        "create_user", "officer", "--role", "zone", "--zone", str(zone.pk), stdout=io.StringIO()
    )
    return User.objects.get(username="officer"), zone


def figures_file(path, zone):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(KINDS[ImportJob.Kind.PERIODIC_FIGURES].headers)
    sheet.append([zone.name, "2025-03", 8, 6, 4, 4, 2, 35.5, 6.1])
    workbook.save(path)
    return path


def test_an_officer_imports_a_month_previews_it_confirms_and_submits_it(
    page_as, live_server, officer, artifacts, tmp_path
):
    user, zone = officer
    with page_as(user) as page:
        page.goto(live_server.url + "/admin/imports/")
        page.select_option("select[name=kind]", ImportJob.Kind.PERIODIC_FIGURES)
        page.set_input_files("input[type=file]", str(figures_file(tmp_path / "三月.xlsx", zone)))
        page.click("input[type=submit][value='上传并校验']")

        page.wait_for_selector("#import-rows tr.new")
        assert page.locator("input[value='确认导入']").is_visible()
        assert not PeriodicFigures.objects.filter(zone=zone, period=MARCH).exists()
        page.screenshot(path=artifacts / "import-preview.png", full_page=True)

        page.click("input[value='确认导入']")
        page.wait_for_selector(".messagelist .success")
        assert PeriodicFigures.objects.get(zone=zone, period=MARCH).standard_land_parcels == 2

        report = ZoneReport.objects.create(
            zone=zone, period=MARCH, period_end=MARCH.replace(day=31)
        )
        page.goto(live_server.url + f"/admin/reforms/zonereport/{report.pk}/change/")
        page.click("button[name=move][value=submit]")
        page.wait_for_selector(".messagelist .success")
        assert ZoneReport.objects.get(pk=report.pk).status == ZoneReport.Status.SUBMITTED

        page.goto(live_server.url + f"/reports/?period=2025-03&city={zone.city.adcode}")
        row = page.locator(f"tr[data-zone='{zone.pk}']")
        assert row.get_attribute("data-status") == "submitted"
        page.screenshot(path=artifacts / "reports.png", full_page=True)

        assert page.errors == []
        assert page.outside == []
