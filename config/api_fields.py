"""Schema fields described in both languages, and the constrained input types every endpoint uses.

The Chinese name is a field's title (and its CSV header); the description gives the Chinese and the
English, so the OpenAPI schema and the docs page say what each field holds in both languages.
The input types refuse, with a 422, what the database would fail on with a 500: ids beyond a
64-bit integer, dates too far out for date arithmetic, text with NUL characters (PostgreSQL).
"""

import datetime
from enum import StrEnum
from typing import Annotated, Any

import ninja
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)


def field(zh: str, en: str, default: Any = ..., **kwargs) -> Any:
    return Field(default, title=zh, description=f"{zh} · {en}", **kwargs)


def _within_reporting_years(day: datetime.date) -> datetime.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            _("日期须在 %(first)s 至 %(last)s 之间。") % {"first": FIRST_DAY, "last": LAST_DAY}
        )
    return day


def _storable_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("不能包含空字符（NUL）。"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_("含有无法保存的字符。")) from None
    return value


Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
ReportDate = Annotated[datetime.date, AfterValidator(_within_reporting_years)]
Text = Annotated[str, AfterValidator(_storable_text)]


def path(zh: str, en: str, **constraints) -> Any:
    """A described path parameter; ids take `**ID`."""
    return ninja.Path(..., title=zh, description=f"{zh} · {en}", **constraints)


ID = {"ge": 1, "le": 2**63 - 1, "example": 1}


_CHOICES: dict[str, type[StrEnum]] = {}


def choices(name: str, text_choices) -> type[StrEnum]:
    """A model's TextChoices as an enum with a name of its own (the same class for the same name):
    the OpenAPI schema names enums by class name, and Zone.Category and the indicators' Category
    would otherwise collide."""
    if name not in _CHOICES:
        _CHOICES[name] = StrEnum(name, {value: value for value in text_choices.values})
    return _CHOICES[name]
