"""List endpoints: one function gives a paginated JSON list and its CSV twin with the same filters.

    @list_endpoint(router, "/zones", ZoneOut, auth=AGGREGATES, summary="开发区 · Zones")
    def zones(request, filters: Query[ZoneFilter]):
        return filters.filter(Zone.objects.all())

serves `GET /zones` → `{"items": [...], "count": N}` (limit/offset) and `GET /zones.csv` → every
matching row as CSV, UTF-8 with a byte-order mark so that Excel reads the Chinese headers, which
are the Chinese titles of the item schema's fields.
"""

import csv
import datetime
import io
import types
import typing
from collections.abc import Callable, Iterable
from functools import wraps

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.pagination import LimitOffsetPagination, paginate

from .api_errors import error_responses
from .api_fields import field

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Beyond this an OFFSET no longer fits the databases' integers; no list comes near it.
MAX_OFFSET = 10**9

CSV_RESPONSE = {
    "responses": {
        200: {
            "description": "CSV（UTF-8，带 BOM，中文表头）· CSV, UTF-8 with BOM, Chinese headers",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


class Pagination(LimitOffsetPagination):
    """`limit` / `offset`, both bounded: one page never holds more than MAX_PAGE_SIZE items."""

    class Input(Schema):
        limit: int = field("每页条数", "Items per page", PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
        offset: int = field("跳过条数", "Items to skip", 0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


def list_endpoint(
    router,
    path: str,
    item_schema: type[Schema],
    *,
    auth,
    summary: str,
    description: str = "",
    errors: tuple[int, ...] = (401, 404, 422, 429),
) -> Callable:
    def register(func: Callable) -> Callable:
        name = func.__name__
        router.get(
            path,
            response={200: list[item_schema], **error_responses(*errors)},
            auth=auth,
            summary=summary,
            description=description,
            operation_id=name,
        )(paginate(Pagination)(func))

        @wraps(func)
        def as_csv(request, **kwargs):
            return csv_response(func(request, **kwargs), item_schema, filename=name)

        router.get(
            f"{path}.csv",
            response={200: None, **error_responses(*errors)},
            auth=auth,
            summary=f"{summary}（CSV）",
            description=description,
            operation_id=f"{name}_csv",
            openapi_extra=CSV_RESPONSE,
        )(as_csv)
        return func

    return register


def csv_response(rows: Iterable, schema: type[Schema], *, filename: str) -> HttpResponse:
    columns = csv_columns(schema)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([header for _path, header in columns])
    for row in rows:
        data = schema.model_validate(row).model_dump()
        writer.writerow([_cell(_dig(data, path)) for path, _header in columns])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_columns(schema: type[Schema], prefix=(), title="") -> list[tuple[tuple, str]]:
    """(path into the dumped row, header) for every leaf field; nested schemas are flattened."""
    columns = []
    for name, info in schema.model_fields.items():
        header = f"{title}{info.title or name}"
        nested = _nested_schema(info.annotation)
        if nested is not None:
            columns += csv_columns(nested, (*prefix, name), f"{header}·")
        else:
            columns.append(((*prefix, name), header))
    return columns


def _nested_schema(annotation):
    candidates = typing.get_args(annotation) if _is_union(annotation) else (annotation,)
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, Schema):
            return candidate
    return None


def _is_union(annotation) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _dig(data, path):
    for key in path:
        if data is None:
            return None
        data = data[key]
    return data


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "；".join(_cell(item) for item in value)
    return str(value)
