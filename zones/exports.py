"""Excel exports: any admin changelist (a site-wide action) and the dashboard tables.

Every export opens with a 说明 sheet that says what it holds — its scope, its filters, the date
its data are as of, whether drafts are in it, when and by whom it was made — so a file passed on
by e-mail still says what it is. The rows an export holds are those the user may see
(zones.permissions), whatever was selected or asked for.
"""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.charts import STAGE_NAMES

from .charts import format_target
from .formatting import chinese_date
from .models import DemoDataset, Zone
from .permissions import sees_every_zone, visible_rows, visible_zones
from .spreadsheets import add_notes, add_table, new_workbook, xlsx_response

APPROVED_ONLY = "仅已审核数据"
WITH_DRAFTS = "含未审核（草稿）数据：后台记录按录入原样导出"
# Fields never exported: secrets, even hashed.
SECRET_FIELDS = {"password", "key_digest"}
# Query-string keys of a changelist that are not filters.
NOT_FILTERS = {"o", "p", "_changelist_filters", "_to_field", "_popup", "format", "page"}
LISTED_ZONES = 10


def scope_of(user) -> str:
    """In words, which zones' data the user's exports can hold."""
    if sees_every_zone(user):
        return "全省（全部开发区）"
    names = list(visible_zones(user).order_by("name").values_list("name", flat=True))
    if not names:
        return "无（该用户没有可查看的开发区）"
    shown = "、".join(names[:LISTED_ZONES])
    more = f"等 {len(names)} 个开发区" if len(names) > LISTED_ZONES else ""
    return f"本人可查看的开发区：{shown}{more}"


def who(user) -> str:
    if not user.is_authenticated:
        return "未登录访客"
    full_name = user.get_full_name()
    return f"{user.get_username()}（{full_name}）" if full_name else user.get_username()


def export_response(request, *, title, scope, filters, as_of, status, headers, rows, filename):
    """The workbook: the 说明 sheet first, then the 数据 sheet."""
    rows = list(rows)
    made_at = timezone.localtime()
    notes = [
        ("导出内容", title),
        ("数据范围", scope),
        ("筛选条件", filters or "无"),
        ("数据截至", as_of),
        ("数据状态", status),
        ("导出时间", made_at.strftime("%Y-%m-%d %H:%M")),
        ("导出人", who(request.user)),
        ("行数", len(rows)),
    ]
    if DemoDataset.objects.exists():
        notes.append(("注意", "演示数据，非真实统计。"))
    workbook = new_workbook()
    add_notes(workbook, "说明", notes)
    add_table(workbook, "数据", headers, rows)
    return xlsx_response(workbook, f"{filename}-{made_at:%Y%m%d-%H%M}.xlsx")


# The admin action ---------------------------------------------------------------------------


def _columns(model):
    """(header, how to read it) for every concrete field of the model, choices by their label,
    related rows by their name; a record owned through another (a month's investment through
    its project) gets its zone as a column too."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        header = str(field.verbose_name)
        if field.choices:
            columns.append((header, lambda row, f=field: getattr(row, f"get_{f.name}_display")()))
        elif field.is_relation:
            columns.append((header, lambda row, f=field: getattr(row, f.name)))
        else:
            columns.append((header, lambda row, f=field: getattr(row, f.attname)))
    path = getattr(model, "zone_path", "")
    if "__" in path:
        columns.insert(1, (str(_("开发区")), lambda row: _follow(row, path)))
    return columns


def _follow(row, path):
    for name in path.split("__"):
        row = getattr(row, name)
    return row


def _changelist_filters(request) -> str:
    pairs = [
        (key, value)
        for key, values in request.GET.lists()
        for value in values
        if key not in NOT_FILTERS
    ]
    return "；".join(f"{'搜索' if key == 'q' else key}={value}" for key, value in pairs)


@admin.action(description=_("导出所选记录为 Excel"))
def export_selected_xlsx(modeladmin, request, queryset):
    """Site-wide: the selected rows of any changelist, as the user's scoping leaves them."""
    model = queryset.model
    if model is Zone or getattr(model, "zone_path", None):
        # The changelist is scoped already; this keeps an export within the user's zones
        # whatever the admin class does.
        queryset = visible_rows(model, request.user, queryset)
    related = [f.name for f in model._meta.concrete_fields if f.is_relation]
    path = getattr(model, "zone_path", "")
    if "__" in path:
        related.append(path)
    rows = queryset.select_related(*related)
    columns = _columns(model)
    return export_response(
        request,
        title=f"{model._meta.verbose_name_plural}（后台列表中勾选的记录）",
        scope=scope_of(request.user),
        filters=_changelist_filters(request),
        as_of=f"导出时的当前数据（{chinese_date(timezone.localdate())}）",
        status=WITH_DRAFTS,
        headers=[header for header, _read in columns],
        rows=([read(row) for _header, read in columns] for row in rows),
        filename=str(model._meta.verbose_name_plural),
    )


# The dashboard tables -----------------------------------------------------------------------


def form_filters(form, names) -> str:
    """The page's filters in words, as its form shows them: “市：太原市；级别：国家级”."""
    parts = []
    for name in names:
        value = form.value(name)
        if value in (None, ""):
            continue
        field = form.fields[name]
        shown = value
        if hasattr(field, "choices") and not isinstance(value, models.Model):
            flat = {}
            for key, label in field.choices:
                if isinstance(label, list | tuple):
                    flat.update(dict(label))
                else:
                    flat[key] = label
            shown = flat.get(value, value)
        parts.append(f"{field.label}：{shown}")
    return "；".join(parts)


def export_link(request) -> str:
    """This page's query string with format=xlsx, for its “导出 Excel” link."""
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "xlsx"
    return f"?{query.urlencode()}"


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def rankings_response(request, form, as_of, indicator, rows):
    unit = str(indicator.unit_label)
    headers = ["名次", "开发区", "所在市", "级别", "类型", f"{indicator.label}（{unit}）"]
    if indicator.target:
        headers.append("达标情况")
    table = []
    for row in rows:
        line = [
            row.rank,
            row.zone.name,
            row.zone.city.name,
            row.zone.get_level_display(),
            row.zone.get_kind_display(),
            row.value.value,
        ]
        if indicator.target:
            line.append(row.value.status.label if row.value.status else "")
        table.append(line)
    city = form.value("city")
    return export_response(
        request,
        title=f"开发区排名：{indicator.label}",
        scope=city.name if city else "全省",
        filters=form_filters(form, ("indicator", "city", "level", "kind")),
        as_of=chinese_date(as_of),
        status=APPROVED_ONLY,
        headers=headers,
        rows=table,
        filename="开发区排名",
    )


def projects_response(request, form, as_of, scope, projects):
    headers = [
        "项目名称",
        "开发区",
        "所在市",
        "所属产业",
        "阶段",
        "签约日期",
        "计划总投资（万元）",
        "已完成投资（万元）",
        "完成进度（%）",
        "省级重点项目",
    ]
    rows = (
        (
            project.name,
            project.zone.name,
            project.zone.city.name,
            project.get_industry_display(),
            STAGE_NAMES[project.stage][0] if project.stage in STAGE_NAMES else project.stage,
            project.signed_on,
            project.total_investment,
            project.completed,
            project.progress,
            project.is_provincial_key,
        )
        for project in projects
    )
    return export_response(
        request,
        title="三个一批项目清单（截至所选日期已签约、符合筛选条件的项目）",
        scope=str(scope.label) if scope.kind != "province" else "全省",
        filters=form_filters(form, ("city", "zone", "round", "stage", "industry", "key")),
        as_of=chinese_date(as_of),
        status=APPROVED_ONLY,
        headers=headers,
        rows=rows,
        filename="三个一批项目清单",
    )


def comparison_response(request, form, as_of, table, *, title, scope, member_header, name_of):
    """A comparison table of the overview (cities) or a city page (zones): a row per member, a
    column per indicator, as the page shows it."""
    headers = [member_header] + [f"{i.label}（{i.unit_label}）" for i in table.indicators]
    rows = ([name_of(member), *(v.value for v in values)] for member, values in table.by_member)
    return export_response(
        request,
        title=title,
        scope=scope,
        filters=form_filters(form, ("indicator",)),
        as_of=chinese_date(as_of),
        status=APPROVED_ONLY,
        headers=headers,
        rows=rows,
        filename=title,
    )


def scorecard_response(request, form, as_of, zone, scorecard):
    """A zone's scorecard: every indicator with its target status, the province median and rank."""
    headers = ["指标", "单位", "数值", "目标", "达标情况", "全省中位数", "全省排名", "参与排名数"]
    rows = (
        (
            row.value.indicator.label,
            str(row.value.indicator.unit_label),
            row.value.value,
            format_target(row.value.indicator.target) if row.value.indicator.target else "",
            row.value.status.label if row.value.status else "",
            row.median,
            row.rank,
            row.ranked,
        )
        for row in scorecard
    )
    return export_response(
        request,
        title=f"开发区评分卡：{zone.name}",
        scope=zone.name,
        filters="",
        as_of=chinese_date(as_of),
        status=APPROVED_ONLY,
        headers=headers,
        rows=rows,
        filename=f"评分卡-{zone.short_name}",
    )


def reports_response(request, progress, city, zone_rows):
    """The 填报进度 page's zone table: each zone's report for the period and its timeliness."""
    headers = ["开发区", "所在市", "报表状态", "报送情况", "提交时间", "审核时间", "审核意见"]

    def moment(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    rows = (
        (
            row.zone.name,
            row.zone.city.name,
            row.status_name,
            row.timeliness_name,
            moment(row.report.submitted_at) if row.report else "",
            moment(row.report.reviewed_at) if row.report else "",
            row.report.reviewer_comment if row.report else "",
        )
        for row in zone_rows
    )
    return export_response(
        request,
        title=f"填报进度：{progress.period:%Y年%m月}（截止日期 {chinese_date(progress.deadline)}）",
        scope=city.name if city else "全省",
        filters=f"报告期：{progress.period:%Y-%m}" + (f"；市：{city.name}" if city else ""),
        as_of=chinese_date(timezone.localdate()),
        status="报表当前状态（含未审核）",
        headers=headers,
        rows=rows,
        filename="填报进度",
    )
