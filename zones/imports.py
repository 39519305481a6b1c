"""Excel imports with a preview: projects, monthly investment and periodic figures.

Why openpyxl and our own small layer rather than django-import-export: the import must (1) check
every row with the model's own `full_clean()` — the same Chinese messages as the admin and the
API —, (2) refuse rows of zones the user may not edit (zones.permissions.editable_zones), (3) run
in a Celery task with progress counters a page polls, and (4) show a preview before anything is
written. django-import-export's preview runs inside the request, keeps its state in the session
and brings its own resource/widget layer beside the models' validation; bending it to a background
job and to per-row zone rights would be more code than the ~300 lines here, which read the file
with openpyxl and leave all validation to the models.

A job goes: upload → `check_job` (every row parsed, matched by its natural key, full_clean'ed,
its action new / update / unchanged recorded; nothing written) → the user confirms → `write_job`
(the same checks again, row after row, each row saved, all in ONE transaction: one bad row — for
instance months that together exceed a project's total — saves nothing). Rows that change
nothing are not saved, so importing the same file twice writes nothing and adds no history.

Natural keys: a project is its zone + name (the model has no project code), a month's investment
its project + month, periodic figures their zone + month.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from openpyxl.worksheet.datavalidation import DataValidation

from projects.models import MonthlyInvestment, Project
from reforms.models import PeriodicFigures

from .models import ImportJob, Zone
from .permissions import editable_zones
from .spreadsheets import UnreadableFile, add_notes, add_table, new_workbook, read_table

DATA_SHEET = "数据"
MAX_ROWS = 20000
# The page's counters move every this many rows: often enough to show progress, rarely enough
# not to slow the job down with writes.
PROGRESS_EVERY = 50
# While a confirmed file is written, its rows are saved in one transaction that other
# connections cannot see into: the count written so far goes to the (shared) cache instead.
WRITE_PROGRESS_SECONDS = 3600


def _written_key(job_id: int) -> str:
    return f"imports:{job_id}:written"


def processed_rows(job: ImportJob) -> int:
    """Rows the job has got through: checked, or while it is being written, written."""
    if job.status == ImportJob.Status.IMPORTING:
        return cache.get(_written_key(job.pk), 0)
    return job.processed_rows


class _RowError(Exception):
    """A value of a row that cannot even be read (an unknown zone, a bad yes/no)."""


@dataclass(frozen=True)
class Column:
    """A column of an import file: its Chinese header, the model field (or `zone` / `project`,
    looked up by name), how its cell is read, the 说明 text and an example."""

    field: str
    header: str
    parse: str = "value"  # value | zone | project | yes_no | choice | month
    note: str = ""
    example: object = ""
    required: bool = False


@dataclass(frozen=True)
class ImportKind:
    kind: str
    model: type
    columns: tuple[Column, ...]
    key_fields: tuple[str, ...]
    key_label: str

    @property
    def title(self) -> str:
        return str(ImportJob.Kind(self.kind).label)

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def permissions(self) -> list[str]:
        meta = self.model._meta
        return [f"{meta.app_label}.{action}_{meta.model_name}" for action in ("add", "change")]

    def find(self, values):
        """The existing row with the same natural key, or None."""
        lookup = {name: values[name] for name in self.key_fields}
        return self.model._default_manager.filter(**lookup).first()

    def label(self, values) -> str:
        if self.model is Project:
            return f"{values['zone'].short_name} · {values['name']}"
        if self.model is MonthlyInvestment:
            return f"{values['project'].name} {values['month']:%Y年%m月}"
        return f"{values['zone'].short_name} {values['period']:%Y年%m月}"


ZONE = Column(
    "zone",
    "开发区",
    "zone",
    "开发区全称（如“太原高新技术产业开发区”），或不与其他开发区重复的简称；见“开发区名单”。",
    "太原高新技术产业开发区",
    True,
)
DATE_NOTE = "日期，格式 YYYY-MM-DD（如 2024-03-01），也可用 Excel 日期单元格；未到该节点留空。"
MONTH_NOTE = "月份，填 YYYY-MM（如 2024-03）或该月第一天 YYYY-MM-DD（如 2024-03-01）。"
YES_NO_NOTE = "填“是”或“否”；留空为“否”。"

KINDS = {
    ImportJob.Kind.PROJECTS: ImportKind(
        ImportJob.Kind.PROJECTS,
        Project,
        (
            ZONE,
            Column(
                "name",
                "项目名称",
                note="同一开发区内唯一；已有同名项目则更新该项目。",
                example="年产10万吨新材料项目",
                required=True,
            ),
            Column(
                "investor",
                "投资方",
                note="投资主体名称。",
                example="某某新材料有限公司",
                required=True,
            ),
            Column(
                "industry",
                "所属产业",
                "choice",
                "从下拉列表选择："
                + "、".join(str(label) for _, label in Project.Industry.choices)
                + "。",
                "新材料",
                True,
            ),
            Column("is_strategic_emerging", "战略性新兴产业", "yes_no", YES_NO_NOTE, "是"),
            Column("is_provincial_key", "省级重点项目", "yes_no", YES_NO_NOTE, "否"),
            Column(
                "total_investment",
                "计划总投资（万元）",
                note="单位：万元，最多两位小数，不能为负数。",
                example=52000,
                required=True,
            ),
            Column("signed_on", "签约日期", note=DATE_NOTE, example="2024-03-15"),
            Column("landed_on", "落地/备案日期", note=DATE_NOTE, example="2024-04-20"),
            Column(
                "started_on",
                "开工日期",
                note=DATE_NOTE + "各节点日期不能早于前一节点。",
                example="2024-06-01",
            ),
            Column("producing_on", "投产日期", note=DATE_NOTE),
            Column("at_capacity_on", "达产日期", note=DATE_NOTE),
            Column("above_scale_on", "升规日期", note=DATE_NOTE),
        ),
        ("zone", "name"),
        "开发区 + 项目名称",
    ),
    ImportJob.Kind.MONTHLY_INVESTMENT: ImportKind(
        ImportJob.Kind.MONTHLY_INVESTMENT,
        MonthlyInvestment,
        (
            ZONE,
            Column(
                "project",
                "项目名称",
                "project",
                "该开发区已录入的项目名称（须与系统中一致）。",
                "年产10万吨新材料项目",
                True,
            ),
            Column("month", "月份", "month", MONTH_NOTE, "2024-03", True),
            Column(
                "amount",
                "完成投资（万元）",
                note="该月完成投资，单位：万元，最多两位小数；各月累计不能超过计划总投资。",
                example=1200.5,
                required=True,
            ),
        ),
        ("project", "month"),
        "项目 + 月份",
    ),
    ImportJob.Kind.PERIODIC_FIGURES: ImportKind(
        ImportJob.Kind.PERIODIC_FIGURES,
        PeriodicFigures,
        (
            ZONE,
            Column("period", "统计月份", "month", MONTH_NOTE, "2024-03", True),
            Column(
                "commitment_eligible", "承诺制适用项目数", note="当月数，非负整数。", example=12
            ),
            Column(
                "commitment_applied",
                "实行承诺制项目数",
                note="当月数，不能大于适用项目数。",
                example=10,
            ),
            Column("agency_eligible", "全代办适用项目数", note="当月数，非负整数。", example=8),
            Column(
                "agency_handled", "全代办办理项目数", note="当月数，不能大于适用项目数。", example=8
            ),
            Column("standard_land_parcels", "出让标准地宗数", note="当月数，非负整数。", example=2),
            Column(
                "standard_land_area",
                "出让标准地面积（亩）",
                note="当月数，单位：亩，最多两位小数。",
                example=135.6,
            ),
            Column(
                "value_added_growth",
                "规上工业增加值累计增速（%）",
                note="年初至本月累计同比增速，如 6.5 表示 6.5%；非工业类开发区可留空。",
                example=6.5,
            ),
        ),
        ("zone", "period"),
        "开发区 + 统计月份",
    ),
}


@dataclass
class RowResult:
    row: int
    label: str = ""
    action: str = "error"  # new | update | unchanged | error
    errors: list[str] = field(default_factory=list)
    instance: object = None

    def as_json(self) -> dict:
        return {"row": self.row, "label": self.label, "action": self.action, "errors": self.errors}


class Checker:
    """Reads and checks the rows of one file for one user; looks zones and projects up once."""

    def __init__(self, kind: ImportKind, user):
        self.kind = kind
        self.editable = set(editable_zones(user).values_list("pk", flat=True))
        zones = list(Zone.objects.all())
        self.zones = {zone.name: zone for zone in zones}
        short = {}
        for zone in zones:
            short.setdefault(zone.short_name, []).append(zone)
        # A short name names a zone only where no other zone shares it.
        for name, found in short.items():
            if len(found) == 1:
                self.zones.setdefault(name, found[0])
        self.projects = {}
        self.seen = {}

    def check(self, number: int, cells: list) -> RowResult:
        result = RowResult(number)
        values, failed = {}, set()
        for column, raw in zip(self.kind.columns, cells, strict=True):
            try:
                values[column.field] = self.parse(column, raw, values)
            except (_RowError, ValidationError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                result.errors += [f"{column.header}：{message}" for message in messages]
                values[column.field] = None
                failed.add(column.field)
        headers = {column.field: column.header for column in self.kind.columns}
        for name in self.kind.key_fields:
            if values.get(name) is None and name not in failed:
                result.errors.append(f"{headers[name]}：请填写此项。")
        zone = values.get("zone")
        if zone is None or any(values.get(name) is None for name in self.kind.key_fields):
            # Without its zone or key the row cannot be matched, nor its rights judged.
            return result
        if zone.pk not in self.editable:
            result.errors.append(
                f"开发区：您无权导入“{zone.name}”的数据，只能导入本人负责的开发区。"
            )
            return result
        result.label = self.kind.label(values)
        key = tuple(_key(values[name]) for name in self.kind.key_fields)
        if key in self.seen:
            result.errors.append(
                f"与第 {self.seen[key]} 行重复：同一{self.kind.key_label}只能出现一次。"
            )
            return result
        self.seen[key] = number
        self.validate(result, values, failed)
        return result

    def parse(self, column: Column, raw, values):
        text = "" if raw is None else str(raw).strip()
        if column.parse == "zone":
            if not text:
                raise _RowError("请填写开发区名称。")
            if text not in self.zones:
                raise _RowError(f"没有名为“{text}”的开发区。")
            return self.zones[text]
        if column.parse == "project":
            zone = values.get("zone")
            if not text:
                raise _RowError("请填写项目名称。")
            if zone is None:
                return None
            if (zone.pk, text) not in self.projects:
                self.projects[zone.pk, text] = Project.objects.filter(zone=zone, name=text).first()
            if self.projects[zone.pk, text] is None:
                raise _RowError(
                    f"“{zone.short_name}”没有名为“{text}”的项目，请先导入或录入该项目。"
                )
            return self.projects[zone.pk, text]
        if column.parse == "yes_no":
            if isinstance(raw, bool):
                return raw
            if text in ("", "否"):
                return False
            if text == "是":
                return True
            raise _RowError(f"“{text}”无效，请填写“是”或“否”。")
        if column.parse == "choice":
            choices = self.kind.model._meta.get_field(column.field).choices
            for value, label in choices:
                if text in (str(label), value):
                    return value
            if not text:
                raise _RowError("请从下拉列表中选择。")
            raise _RowError(f"“{text}”不是可选项。")
        model_field = self.kind.model._meta.get_field(column.field)
        if raw is None or text == "":
            if column.required:
                raise _RowError("请填写此项。")
            return None if model_field.null else model_field.get_default()
        if (
            column.parse == "month"
            and isinstance(raw, str)
            and re.fullmatch(r"\d{4}-\d{1,2}", text)
        ):
            year, month = map(int, text.split("-"))
            try:
                return datetime.date(year, month, 1)
            except ValueError:
                raise _RowError(f"“{text}”不是有效的月份。") from None
        if isinstance(raw, float):
            # Excel keeps every number as a float: 3.0 is the whole number 3, and 0.1 is read
            # as written, not as the binary fraction nearest to it.
            raw = int(raw) if raw.is_integer() else Decimal(repr(raw))
        if isinstance(model_field, models.IntegerField) and isinstance(raw, Decimal):
            # The model field would cut 2.5 down to 2 without a word.
            raise _RowError(f"“{text}”不是整数。")
        if isinstance(raw, str) or (
            isinstance(model_field, models.DateField) and not isinstance(raw, datetime.date)
        ):
            raw = text
        # The field's own conversion, with Django's own (Chinese) messages.
        return model_field.to_python(raw)

    def validate(self, result: RowResult, values: dict, failed: set):
        """Match the row with what exists, then validate it as the admin does: full_clean
        (fields and the model's clean), then uniqueness and constraints on the fields that
        passed; the result says what saving it would do."""
        model = self.kind.model
        # A month's investment names its zone only to find its project.
        names = {f.name for f in model._meta.concrete_fields}
        values = {name: value for name, value in values.items() if name in names}
        existing = self.kind.find(values)
        instance = existing or model()
        before = {name: getattr(existing, name) for name in values} if existing else None
        for name, value in values.items():
            if name not in failed:
                setattr(instance, name, value)
        errors = {}
        try:
            instance.full_clean(exclude=failed, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.update(error.message_dict)
        try:
            excluded = failed | set(errors)
            instance.validate_unique(exclude=excluded)
            instance.validate_constraints(exclude=excluded)
        except ValidationError as error:
            errors.update(error.message_dict)
        headers = {column.field: column.header for column in self.kind.columns}
        for name, messages in errors.items():
            prefix = "" if name == NON_FIELD_ERRORS else f"{headers.get(name, name)}："
            result.errors += [prefix + message for message in messages]
        if result.errors:
            return
        result.instance = instance
        if before is None:
            result.action = "new"
        elif any(getattr(instance, name) != before[name] for name in values):
            result.action = "update"
        else:
            result.action = "unchanged"


def _key(value):
    return value.pk if hasattr(value, "pk") else value


class _Rollback(Exception):
    """Raised inside the writing transaction when a row fails, to undo every row before it."""


def _read(job: ImportJob, kind: ImportKind):
    """The file's data rows in column order, or a message saying why the file cannot be used."""
    try:
        with job.file.open("rb") as file:
            headers, rows = read_table(file, DATA_SHEET)
    except (UnreadableFile, OSError):
        return None, "无法读取文件：请上传用本平台模板填写的 .xlsx 格式 Excel 文件。"
    missing = [header for header in kind.headers if header not in headers]
    if missing:
        return None, "缺少列：" + "、".join(missing) + "。请使用本平台下载的导入模板。"
    if not rows:
        return None, "文件中没有数据行。"
    if len(rows) > MAX_ROWS:
        return None, f"一次最多导入 {MAX_ROWS} 行，本文件有 {len(rows)} 行，请分批导入。"
    positions = [headers.index(header) for header in kind.headers]
    return [(number, [cells[i] for i in positions]) for number, cells in rows], ""


def _finish(job: ImportJob, status, results, message=""):
    actions = [result.action for result in results]
    job.status = status
    job.message = message
    job.rows = [result.as_json() for result in results]
    job.total_rows = job.processed_rows = len(results)
    job.new_rows = actions.count("new")
    job.updated_rows = actions.count("update")
    job.unchanged_rows = actions.count("unchanged")
    job.error_rows = actions.count("error")
    job.finished_at = timezone.now()
    job.save()
    return job


def _progress(job: ImportJob, done: int, total: int):
    if done % PROGRESS_EVERY == 0 or done == total:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)


def check_job(job: ImportJob) -> ImportJob:
    """Check every row of the job's file; write nothing but the job's preview."""
    kind = KINDS[job.kind]
    with translation.override(settings.LANGUAGE_CODE):
        rows, message = _read(job, kind)
        if rows is None:
            return _finish(job, ImportJob.Status.INVALID, [], message)
        checker = Checker(kind, job.user)
        results = []
        for done, (number, cells) in enumerate(rows, start=1):
            results.append(checker.check(number, cells))
            _progress(job, done, len(rows))
        failed = any(result.errors for result in results)
        status = ImportJob.Status.INVALID if failed else ImportJob.Status.VALIDATED
        return _finish(job, status, results)


def write_job(job: ImportJob) -> ImportJob:
    """Write a confirmed job: every row checked again (the data may have changed since the
    preview, and rows of one file affect each other) and saved, in one transaction."""
    if job.status != ImportJob.Status.IMPORTING:
        return job  # not confirmed, or written already: running twice writes nothing twice
    kind = KINDS[job.kind]
    reason = f"Excel导入 #{job.pk}"
    with translation.override(settings.LANGUAGE_CODE):
        rows, message = _read(job, kind)
        if rows is None:
            return _finish(job, ImportJob.Status.INVALID, [], message)
        results = []
        try:
            cache.set(_written_key(job.pk), 0, WRITE_PROGRESS_SECONDS)
            with transaction.atomic():
                checker = Checker(kind, job.user)
                failed = None
                for done, (number, cells) in enumerate(rows, start=1):
                    result = checker.check(number, cells)
                    results.append(result)
                    # After a bad row nothing more is saved, but the rest are still checked,
                    # so the page lists every problem at once.
                    if result.errors and failed is None:
                        failed = number
                    if failed is None and result.action in ("new", "update"):
                        instance = result.instance
                        # The history says who imported it and from which job.
                        instance._history_user = job.user
                        instance._change_reason = reason
                        instance.save()
                    if done % PROGRESS_EVERY == 0 or done == len(rows):
                        cache.set(_written_key(job.pk), done, WRITE_PROGRESS_SECONDS)
                if failed is not None:
                    raise _Rollback
        except _Rollback:
            return _finish(
                job,
                ImportJob.Status.INVALID,
                results,
                f"第 {failed} 行未通过校验，整个文件均未导入，数据库未作任何改动。",
            )
        return _finish(job, ImportJob.Status.DONE, results)


def template_workbook(kind: ImportKind, user):
    """The kind's blank import file: the 数据 sheet with the Chinese headers (and drop-down
    lists for yes/no and choices), a 说明 sheet explaining each column, and the zones the user
    may import for."""
    workbook = new_workbook()
    sheet = add_table(workbook, DATA_SHEET, kind.headers, [], widths=[24] * len(kind.columns))
    for position, column in enumerate(kind.columns, start=1):
        if column.parse == "yes_no":
            options = ["是", "否"]
        elif column.parse == "choice":
            options = [str(label) for _, label in kind.model._meta.get_field(column.field).choices]
        else:
            continue
        letter = sheet.cell(1, position).column_letter
        validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"')
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    notes = add_notes(
        workbook,
        "说明",
        [
            ("导入内容", kind.title),
            ("填写方法", f"在“{DATA_SHEET}”表第 2 行起逐行填写，每行一条；不要改动第 1 行表头。"),
            ("金额单位", "万元（最多两位小数）。"),
            ("日期格式", "YYYY-MM-DD，如 2024-03-01；也可使用 Excel 的日期单元格。"),
            ("月份格式", "YYYY-MM（如 2024-03）或该月第一天 YYYY-MM-DD。"),
            (
                "匹配规则",
                f"按“{kind.key_label}”匹配已有记录：已有则更新，没有则新增；同一文件重复导入不会产生任何改动。",
            ),
            (
                "校验",
                "每一行都按后台录入的同样规则校验；上传后先预览每行的校验结果和将执行的操作，确认后才写入，且任何一行有错则整个文件都不写入。",
            ),
            ("权限", "开发区填报员只能导入本人负责的开发区的数据，见“开发区名单”。"),
            ("", ""),
            ("列名", "填写说明（* 为必填）　示例"),
        ],
    )
    for column in kind.columns:
        required = "* " if column.required else ""
        example = f"　示例：{column.example}" if column.example != "" else ""
        notes.append([column.header, f"{required}{column.note}{example}"])
    zones = editable_zones(user).select_related("city").order_by("city__adcode", "name")
    add_table(
        workbook,
        "开发区名单",
        ["开发区", "简称", "所在市"],
        [(zone.name, zone.short_name, zone.city.name) for zone in zones],
        widths=[40, 20, 12],
    )
    return workbook
