"""Excel: templates, imports with a preview (all-or-nothing, idempotent, within the officer's
zones, run by the background task — eager here), the job's status page, and exports that say
what they hold. Every file is a real xlsx built with openpyxl."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from projects.models import MonthlyInvestment, Project
from reforms.models import PeriodicFigures
from zones import imports
from zones.imports import KINDS
from zones.models import City, ImportJob, Zone

PROJECT_HEADERS = KINDS[ImportJob.Kind.PROJECTS].headers
INVESTMENT_HEADERS = KINDS[ImportJob.Kind.MONTHLY_INVESTMENT].headers
FIGURES_HEADERS = KINDS[ImportJob.Kind.PERIODIC_FIGURES].headers


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def new_zone(name, short_name, adcode):
    return Zone.objects.create(
        name=name,
        short_name=short_name,
        city=City.objects.get(adcode=adcode),
        level=Zone.Level.PROVINCIAL,
        kind=Zone.Kind.ECONOMIC,
    )


@pytest.fixture
def own_zone(db):
    return new_zone("测试甲经济技术开发区", "测试甲区", "140100")


@pytest.fixture
def other_zone(db):
    return new_zone("测试乙经济技术开发区", "测试乙区", "140200")


def make_user(username, *args):
    call_command("create_user", username, *args, stdout=io.StringIO())
    return get_user_model().objects.get(username=username)


@pytest.fixture
def officer(own_zone):
    return make_user("officer", "--role", "zone", "--zone", str(own_zone.pk))


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def xlsx(headers, rows, name="data.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def project_row(zone, name, total=10000, signed="2024-03-01", landed="2024-04-01"):
    return [zone.name, name, "示例投资有限公司", "新材料", "是", "否", total, signed, landed]


def upload(client, kind, file) -> ImportJob:
    response = client.post(reverse("imports:index"), {"kind": kind, "file": file})
    assert response.status_code == 302, response.content.decode()
    return ImportJob.objects.latest("pk")


def confirm(client, job) -> ImportJob:
    response = client.post(reverse("imports:confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def workbook_of(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def notes_of(workbook) -> dict:
    return {row[0]: row[1] for row in workbook["说明"].iter_rows(values_only=True) if row[0]}


def test_template_is_an_xlsx_with_the_chinese_headers_and_notes(officer_client, own_zone):
    for kind in KINDS.values():
        response = officer_client.get(reverse("imports:template", args=[kind.kind]))

        assert response.status_code == 200
        workbook = workbook_of(response)
        headers = next(workbook["数据"].iter_rows(values_only=True))
        assert list(headers) == kind.headers
        notes = notes_of(workbook)
        assert "万元" in notes["金额单位"] and "YYYY-MM-DD" in notes["日期格式"]
        assert set(kind.headers) <= set(notes)
        zones = [row[0] for row in workbook["开发区名单"].iter_rows(min_row=2, values_only=True)]
        assert zones == [own_zone.name]


def test_good_file_is_previewed_then_written_with_its_history(officer_client, officer, own_zone):
    file = xlsx(
        PROJECT_HEADERS,
        [project_row(own_zone, "新材料一期"), project_row(own_zone, "新材料二期", total=2500.5)],
    )

    job = upload(officer_client, ImportJob.Kind.PROJECTS, file)

    # The preview lists every row and what it would do; nothing is written yet.
    assert job.status == ImportJob.Status.VALIDATED
    assert [(row["row"], row["action"]) for row in job.rows] == [(2, "new"), (3, "new")]
    assert not Project.objects.filter(zone=own_zone).exists()
    page = officer_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "测试甲区 · 新材料一期" in page and "确认导入" in page

    job = confirm(officer_client, job)

    assert job.status == ImportJob.Status.DONE and job.new_rows == 2
    second = Project.objects.get(zone=own_zone, name="新材料二期")
    assert second.total_investment == Decimal("2500.50")
    assert second.industry == Project.Industry.MATERIALS and second.is_strategic_emerging
    assert second.landed_on == datetime.date(2024, 4, 1)
    assert second.history.get().history_user == officer


def test_one_bad_row_rejects_the_whole_file_with_the_models_message(officer_client, own_zone):
    file = xlsx(
        PROJECT_HEADERS,
        [
            project_row(own_zone, "好项目"),
            project_row(own_zone, "坏项目", signed="2024-05-01", landed="2024-03-01"),
            project_row(own_zone, "另一个好项目"),
        ],
    )

    job = upload(officer_client, ImportJob.Kind.PROJECTS, file)
    confirm(officer_client, job)
    job.refresh_from_db()

    assert job.status == ImportJob.Status.INVALID and job.error_rows == 1
    bad = job.rows[1]
    assert bad["row"] == 3 and bad["action"] == "error"
    assert bad["errors"] == ["落地/备案日期：落地/备案日期不能早于签约日期（2024-05-01）。"]
    assert not Project.objects.filter(zone=own_zone).exists()


def test_rows_that_fail_only_together_save_nothing(officer_client, own_zone):
    """Each month passes alone; together they exceed the project's total, which the writing
    transaction finds, and then not even the first month is kept."""
    project = Project.objects.create(
        zone=own_zone,
        name="光伏项目",
        investor="某公司",
        industry="new_energy",
        total_investment=100,
    )
    file = xlsx(
        INVESTMENT_HEADERS,
        [
            [own_zone.name, project.name, "2024-03", 60],
            [own_zone.name, project.name, "2024-04", 60],
        ],
    )

    job = upload(officer_client, ImportJob.Kind.MONTHLY_INVESTMENT, file)
    assert job.status == ImportJob.Status.VALIDATED
    job = confirm(officer_client, job)

    assert job.status == ImportJob.Status.INVALID
    # (The sum reads 120 on SQLite and 120.00 on PostgreSQL.)
    error = job.rows[1]["errors"][0]
    assert error.startswith("完成投资（万元）：累计完成投资（120")
    assert error.endswith("万元）不能超过计划总投资（100.00万元）。")
    assert not MonthlyInvestment.objects.filter(project=project).exists()


def test_reimporting_the_same_file_changes_nothing(officer_client, own_zone):
    rows = [
        [own_zone.name, "2024-01", 5, 4, 3, 3, 1, 12.5, 6.2],
        [own_zone.name, datetime.datetime(2024, 2, 1), 6, 6, 2, 1, 0, 0, None],
    ]
    first = upload(officer_client, ImportJob.Kind.PERIODIC_FIGURES, xlsx(FIGURES_HEADERS, rows))
    assert confirm(officer_client, first).status == ImportJob.Status.DONE
    figures = PeriodicFigures.objects.filter(zone=own_zone)
    stored = list(figures.values())
    history = PeriodicFigures.history.filter(zone=own_zone).count()
    assert len(stored) == 2 and history == 2

    again = upload(officer_client, ImportJob.Kind.PERIODIC_FIGURES, xlsx(FIGURES_HEADERS, rows))

    assert again.status == ImportJob.Status.VALIDATED
    assert (again.new_rows, again.updated_rows, again.unchanged_rows) == (0, 0, 2)
    page = officer_client.get(reverse("imports:job", args=[again.pk])).content.decode()
    assert "无需导入" in page and 'value="确认导入"' not in page
    assert confirm(officer_client, again).status == ImportJob.Status.DONE
    assert list(figures.values()) == stored
    assert PeriodicFigures.history.filter(zone=own_zone).count() == history


def test_a_changed_value_is_an_update(officer_client, own_zone):
    project = Project.objects.create(
        zone=own_zone,
        name="装备项目",
        investor="某公司",
        industry="equipment",
        total_investment=500,
    )
    MonthlyInvestment.objects.create(project=project, month=datetime.date(2024, 3, 1), amount=10)
    file = xlsx(INVESTMENT_HEADERS, [[own_zone.short_name, project.name, "2024-03-01", 20]])

    job = upload(officer_client, ImportJob.Kind.MONTHLY_INVESTMENT, file)

    assert [row["action"] for row in job.rows] == ["update"]
    confirm(officer_client, job)
    assert project.monthly_investments.get().amount == 20


def test_rows_of_another_zone_are_refused_for_a_zone_officer(officer_client, other_zone):
    file = xlsx(FIGURES_HEADERS, [[other_zone.name, "2024-01", 1, 1, 0, 0, 0, 0, None]])

    job = upload(officer_client, ImportJob.Kind.PERIODIC_FIGURES, file)

    assert job.status == ImportJob.Status.INVALID
    assert job.rows[0]["errors"] == [
        f"开发区：您无权导入“{other_zone.name}”的数据，只能导入本人负责的开发区。"
    ]
    confirm(officer_client, job)
    assert not PeriodicFigures.objects.filter(zone=other_zone).exists()


def test_unreadable_values_and_files_are_reported(officer_client, own_zone):
    file = xlsx(FIGURES_HEADERS, [[own_zone.name, "2024-13", 2.5, "x", 0, 0, 0, 0, None]])
    job = upload(officer_client, ImportJob.Kind.PERIODIC_FIGURES, file)
    errors = job.rows[0]["errors"]
    assert errors[0] == "统计月份：“2024-13”不是有效的月份。"
    assert errors[1] == "承诺制适用项目数：“2.5”不是整数。"

    wrong = upload(officer_client, ImportJob.Kind.PROJECTS, xlsx(["项目名称"], [["x"]]))
    assert wrong.status == ImportJob.Status.INVALID and wrong.message.startswith("缺少列：开发区")


def test_status_endpoint_shows_progress_to_the_owner_only(officer_client, own_zone, client):
    file = xlsx(PROJECT_HEADERS, [project_row(own_zone, f"项目{n}") for n in range(3)])
    job = upload(officer_client, ImportJob.Kind.PROJECTS, file)

    status = officer_client.get(reverse("imports:status", args=[job.pk])).json()

    assert status["status"] == "validated" and status["running"] is False
    assert (status["processed_rows"], status["total_rows"], status["new_rows"]) == (3, 3, 3)
    stranger = make_user("stranger", "--role", "province")
    client.force_login(stranger)
    for name in ("status", "job"):
        assert client.get(reverse(f"imports:{name}", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 404


def test_readers_may_not_import(client, db):
    client.force_login(make_user("reader", "--role", "readonly"))

    assert client.get(reverse("imports:index")).status_code == 403
    assert client.get(reverse("imports:template", args=["projects"])).status_code == 403


def test_admin_export_holds_only_the_users_rows_and_says_what_it_is(
    officer_client, own_zone, other_zone
):
    own = PeriodicFigures.objects.create(zone=own_zone, period=datetime.date(2024, 1, 1))
    foreign = PeriodicFigures.objects.create(zone=other_zone, period=datetime.date(2024, 1, 1))
    url = reverse("admin:reforms_periodicfigures_changelist")

    response = officer_client.post(
        f"{url}?zone__city__id__exact={own_zone.city_id}",
        {"action": "export_xlsx", "_selected_action": [own.pk, foreign.pk]},
    )

    assert response.status_code == 200
    workbook = workbook_of(response)
    assert workbook.sheetnames == ["说明", "数据"]
    notes = notes_of(workbook)
    assert own_zone.name in notes["数据范围"] and other_zone.name not in notes["数据范围"]
    assert f"zone__city__id__exact={own_zone.city_id}" in notes["筛选条件"]
    assert notes["导出人"] == "officer" and notes["数据状态"] and notes["导出时间"]
    assert notes["行数"] == 1
    rows = list(workbook["数据"].iter_rows(values_only=True))
    assert rows[0][:3] == ("ID", "开发区", "统计月份")
    assert [row[1] for row in rows[1:]] == [str(own_zone)]


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/rankings/?indicator=signed_cumulative&city=140100&format=xlsx", "开发区排名"),
        ("/projects/?city=140100&format=xlsx", "三个一批项目清单"),
    ],
)
def test_dashboard_tables_export_with_their_filters(admin_client, url, title):
    response = admin_client.get(url)

    workbook = workbook_of(response)
    notes = notes_of(workbook)
    assert notes["导出内容"].startswith(title)
    assert notes["数据范围"] == "太原市" and "市：太原市" in notes["筛选条件"]
    assert notes["数据状态"] == "仅已审核数据" and notes["导出人"] == "admin"
    assert notes["数据截至"].endswith("日")
    rows = list(workbook["数据"].iter_rows(values_only=True))
    assert notes["行数"] == len(rows) - 1 > 0


def test_dashboard_pages_link_to_their_export(admin_client):
    html = admin_client.get("/rankings/?city=140100").content.decode()

    assert 'href="?city=140100&amp;format=xlsx"' in html


def test_import_pages_are_reachable_from_the_admin(officer_client, own_zone):
    changelist = officer_client.get(reverse("admin:projects_project_changelist"))
    assert reverse("imports:index") + "?kind=projects" in changelist.content.decode()

    page = officer_client.get(reverse("imports:index") + "?kind=projects").content.decode()

    assert "项目导入模板.xlsx" in page and "月度填报数据导入模板.xlsx" in page
    jobs = officer_client.get(reverse("admin:zones_importjob_changelist"))
    assert jobs.status_code == 200 and reverse("imports:index") in jobs.content.decode()


@pytest.mark.parametrize(
    ("url", "title", "scope", "first_header", "first_cell"),
    [
        ("/?as_of=2024-12-31&format=xlsx", "各市一览", "全省", "市", "太原市"),
        (
            "/cities/140100/?as_of=2024-12-31&format=xlsx",
            "太原市各开发区全部指标",
            "太原市",
            "开发区",
            None,
        ),
        ("/zones/1/?as_of=2024-12-31&format=xlsx", "开发区评分卡", None, "指标", None),
    ],
)
def test_the_overview_city_and_zone_tables_export_as_the_page_shows_them(
    admin_client, url, title, scope, first_header, first_cell
):
    workbook = workbook_of(admin_client.get(url))

    notes = notes_of(workbook)
    assert notes["导出内容"].startswith(title)
    assert scope is None or notes["数据范围"] == scope
    assert notes["数据截至"] == "2024年12月31日" and notes["数据状态"] == "仅已审核数据"
    rows = list(workbook["数据"].iter_rows(values_only=True))
    assert rows[0][0] == first_header and notes["行数"] == len(rows) - 1 > 0
    assert first_cell is None or first_cell in [row[0] for row in rows[1:]]
    assert "format=xlsx" in admin_client.get(url.replace("&format=xlsx", "")).content.decode()


def test_the_status_endpoint_shows_rows_written_while_a_confirmed_file_is_written(
    officer_client, own_zone, monkeypatch
):
    """Writing happens in one transaction no other connection sees into: the status endpoint
    reads the rows written so far from the cache."""
    rows = [[own_zone.name, f"2024-{month:02d}", 5, 4, 3, 3, 1, 12.5, None] for month in (1, 2, 3)]
    job = upload(officer_client, ImportJob.Kind.PERIODIC_FIGURES, xlsx(FIGURES_HEADERS, rows))
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 1)
    seen = []
    original_save = PeriodicFigures.save

    def save_and_ask(self, *args, **kwargs):
        original_save(self, *args, **kwargs)
        status = officer_client.get(reverse("imports:status", args=[job.pk])).json()
        seen.append((status["status"], status["processed_rows"]))

    monkeypatch.setattr(PeriodicFigures, "save", save_and_ask)

    assert confirm(officer_client, job).status == ImportJob.Status.DONE
    assert seen == [("importing", 0), ("importing", 1), ("importing", 2)]


def test_the_reporting_table_exports_each_zones_report_as_it_stands(admin_client):
    url = "/reports/?period=2024-12&city=140100"

    workbook = workbook_of(admin_client.get(url + "&format=xlsx"))

    notes = notes_of(workbook)
    assert notes["导出内容"].startswith("填报进度：2024年12月（截止日期 2025年1月5日）")
    assert notes["数据范围"] == "太原市" and notes["筛选条件"] == "报告期：2024-12；市：太原市"
    assert notes["数据状态"] == "报表当前状态（含未审核）"
    rows = list(workbook["数据"].iter_rows(values_only=True))
    taiyuan = Zone.objects.filter(city__adcode="140100").count()
    assert rows[0][:4] == ("开发区", "所在市", "报表状态", "报送情况")
    assert len(rows) - 1 == taiyuan == notes["行数"]
    assert {row[1] for row in rows[1:]} == {"太原市"}
    assert "format=xlsx" in admin_client.get(url).content.decode()
