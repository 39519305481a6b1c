"""Every API error as JSON in the request's language (zh-hans by default, English with
`Accept-Language: en`), mapped in one place.

- 401 / 403 / 404 / 429: `{"detail": "message"}`.
- 422: `{"detail": [{"loc": [...], "field": "name", "msg": "message", "type": "code"}]}`, for a
  malformed request (pydantic) and for a record the model layer refuses (`full_clean()`, the same
  rules as the admin) alike.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from .api_fields import field as described

# The name of the body parameter of every write endpoint.
BODY = "payload"


class ErrorOut(Schema):
    detail: str = described("错误说明", "What went wrong")


class FieldErrorOut(Schema):
    loc: list[str | int] = described("出错位置", "Where: body, query or path, then the field")
    field: str = described("出错字段", "The field; __all__ for the record as a whole")
    msg: str = described("错误说明", "What is wrong with it")
    type: str = described("错误类型", "A stable error code")


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut] = described("各字段的错误", "One entry per problem")


def error_responses(*codes: int) -> dict:
    """Documented error responses for an operation's `response=` mapping."""
    return {code: ValidationErrorOut if code == 422 else ErrorOut for code in codes}


# Messages for pydantic's error types (their English text is not translated), by type prefix.
_MESSAGES = (
    ("missing", gettext_lazy("此项为必填项。")),
    ("extra_forbidden", gettext_lazy("不接受此字段。")),
    ("json", gettext_lazy("请求体不是有效的 JSON。")),
    ("int", gettext_lazy("须为整数。")),
    ("decimal_max_digits", gettext_lazy("数字总位数不能超过 %(max_digits)s 位。")),
    ("decimal_max_places", gettext_lazy("小数位数不能超过 %(decimal_places)s 位。")),
    ("decimal_whole_digits", gettext_lazy("整数部分位数过多。")),
    ("decimal", gettext_lazy("须为数字。")),
    ("float", gettext_lazy("须为数字。")),
    ("finite_number", gettext_lazy("须为有限的数字。")),
    ("bool", gettext_lazy("须为 true 或 false。")),
    ("date", gettext_lazy("须为 YYYY-MM-DD 格式的日期。")),
    ("greater_than_equal", gettext_lazy("不能小于 %(ge)s。")),
    ("greater_than", gettext_lazy("须大于 %(gt)s。")),
    ("less_than_equal", gettext_lazy("不能大于 %(le)s。")),
    ("less_than", gettext_lazy("须小于 %(lt)s。")),
    ("string_too_long", gettext_lazy("不能超过 %(max_length)s 个字符。")),
    ("string_too_short", gettext_lazy("至少须有 %(min_length)s 个字符。")),
    ("too_long", gettext_lazy("不能超过 %(max_length)s 个字符。")),
    ("too_short", gettext_lazy("至少须有 %(min_length)s 个字符。")),
    ("string_pattern", gettext_lazy("格式不正确。")),
    ("string", gettext_lazy("须为文本。")),
    ("literal_error", gettext_lazy("须为以下之一：%(expected)s。")),
    ("enum", gettext_lazy("须为以下之一：%(expected)s。")),
    ("list", gettext_lazy("须为列表。")),
    ("model", gettext_lazy("须为 JSON 对象。")),
    ("dict", gettext_lazy("须为 JSON 对象。")),
)


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        # Our own validators raise ValueError with a message already in the request's language.
        return str(ctx["error"])
    for prefix, message in _MESSAGES:
        if kind.startswith(prefix):
            try:
                return str(message) % {key: str(value) for key, value in ctx.items()}
            except (KeyError, ValueError):
                return str(message).split("%", 1)[0].rstrip("：: ")
    return _("输入无效。")


def _field(loc: list) -> str:
    # ninja's locations: ("query", "as_of"), ("path", "id"), ("body", "payload", "name") where
    # "payload" is the body parameter every write endpoint takes.
    parts = loc[1:]
    if loc[:2] == ["body", BODY]:
        parts = parts[1:]
    return ".".join(str(part) for part in parts if part != "__root__") or NON_FIELD_ERRORS


def request_errors(exc: ValidationError) -> list[dict]:
    errors = []
    for error in exc.errors:
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
        errors.append(
            {
                "loc": loc,
                "field": _field(loc),
                "msg": _message(error),
                "type": error.get("type", "invalid"),
            }
        )
    return errors


def model_errors(exc: ModelValidationError) -> list[dict]:
    errors = []
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.error_list}
    for name, field_errors in by_field.items():
        for error in field_errors:
            message = error.message % error.params if error.params else error.message
            errors.append(
                {
                    "loc": ["body", name],
                    "field": name,
                    "msg": str(message),
                    "type": error.code or "invalid",
                }
            )
    return errors


def install(api) -> None:
    """Map every error the endpoints can raise to a JSON response."""

    def respond(request, status, detail, **headers):
        response = api.create_response(request, {"detail": detail}, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    def on_request_error(request, exc):
        return respond(request, 422, request_errors(exc))

    def on_model_error(request, exc):
        return respond(request, 422, model_errors(exc))

    def on_not_found(request, exc):
        return respond(request, 404, _("未找到。"))

    def on_forbidden(request, exc):
        return respond(request, 403, str(exc) or _("无权访问。"))

    def on_http_error(request, exc):
        if exc.status_code == 400:
            # ninja's word for a body that is not JSON: one more kind of invalid input.
            error = {"loc": ["body"], "field": NON_FIELD_ERRORS, "type": "json_invalid"}
            return respond(request, 422, [{**error, "msg": _("请求体不是有效的 JSON。")}])
        if isinstance(exc, Throttled):
            return respond(request, 429, _("请求过于频繁，请稍后再试。"))
        if isinstance(exc, AuthenticationError) and exc.message == "Unauthorized":
            return respond(request, 401, _("请先登录，或在 Authorization 请求头中提供令牌。"))
        if exc.message == "Forbidden":
            return respond(request, exc.status_code, _("无权访问。"))
        return respond(request, exc.status_code, str(exc))

    api.add_exception_handler(ValidationError, on_request_error)
    api.add_exception_handler(ModelValidationError, on_model_error)
    api.add_exception_handler(ObjectDoesNotExist, on_not_found)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_forbidden)
    api.add_exception_handler(HttpError, on_http_error)


def input_error(source: str, name: str, message: str) -> ValidationError:
    """A 422 about one query, path or body field, raised where the schema alone cannot tell."""
    return ValidationError(
        [{"loc": (source, name), "msg": message, "type": "value_error", "ctx": {"error": message}}]
    )
