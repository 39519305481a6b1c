"""Excel workbooks (xlsx) written and read with openpyxl: the one place that knows the format.

Imports, templates and exports all go through here, so every workbook the platform hands out
looks the same (a bold, frozen header row; dates as dates; 是/否 for yes/no) and every file it
reads is read the same way.
"""

import datetime
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)


class UnreadableFile(Exception):
    """The upload is not an xlsx workbook openpyxl can open."""


def cell(value):
    """A value as an Excel cell holds it: numbers and dates stay typed, yes/no reads 是/否, and
    anything else (choices, related rows, lazy strings) becomes its text."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or isinstance(value, int | float | Decimal | str):
        return value
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the local (Asia/Shanghai) wall time.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    return str(value)


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def add_table(workbook: Workbook, title: str, headers, rows, widths=None):
    """A sheet with a bold, frozen header row and one row per item of `rows`."""
    sheet = workbook.create_sheet(title)
    sheet.append([str(header) for header in headers])
    for header_cell in sheet[1]:
        header_cell.font = BOLD
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([cell(value) for value in row])
    for column, header in enumerate(headers, start=1):
        letter = get_column_letter(column)
        width = widths[column - 1] if widths else max(10, min(40, len(str(header)) * 2 + 4))
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for data_cell in row:
            if isinstance(data_cell.value, datetime.datetime):
                data_cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(data_cell.value, datetime.date):
                data_cell.number_format = DATE_FORMAT
    return sheet


def add_notes(workbook: Workbook, title: str, pairs, index=None):
    """A sheet of (label, text) lines: the 说明 of a template or the metadata of an export."""
    sheet = workbook.create_sheet(title, index)
    for label, text in pairs:
        sheet.append([str(label), cell(text)])
        sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90
    for row in sheet.iter_rows():
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(row[-1].value, datetime.date):
            row[-1].number_format = DATE_FORMAT
    return sheet


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    """The workbook as a download; the Chinese file name is sent RFC 6266-encoded."""
    response = HttpResponse(content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    workbook.save(response)
    return response


def read_table(file, sheet_name: str):
    """The header row and the data rows of a workbook's sheet `sheet_name` (else its first
    sheet): (headers, [(Excel row number, values), …]); blank rows are skipped."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # zip, XML and format errors alike: the file is not an xlsx
        raise UnreadableFile(str(error)) from error
    try:
        sheet = (
            workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
        )
        lines = sheet.iter_rows(values_only=True)
        headers = [_text(value) for value in next(lines, ())]
        rows = []
        for number, values in enumerate(lines, start=2):
            values = list(values)[: len(headers)]
            if any(_text(value) for value in values):
                rows.append((number, values + [None] * (len(headers) - len(values))))
        return headers, rows
    finally:
        workbook.close()


def _text(value) -> str:
    return "" if value is None else str(value).strip()
