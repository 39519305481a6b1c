"""The JSON API (django-ninja): one NinjaAPI for the project, each app mounts its Router.

Authentication, permissions and throttling: config/api_auth.py. Errors: config/api_errors.py.
List endpoints and their CSV twins: config/api_lists.py.
"""

from functools import wraps

from django.utils import translation
from django.utils.cache import patch_vary_headers
from ninja import NinjaAPI, Swagger

from projects.api import router as projects_router
from reforms.api import router as reforms_router
from reforms.report_api import router as reports_router
from zones.api import router as zones_router

from . import api_errors
from .api_auth import MEMBERS, TokenRateThrottle

DESCRIPTION = """\
山西省开发区“三化三制”改革监测平台的数据接口：开发区、市、指标（与看板同一指标库）、三个一批项目。
Data of Shanxi's development-zone reform monitor: zones, cities, indicators (the same registry the
dashboards read) and 三个一批 investment projects.

**认证 Authentication**: `Authorization: Bearer <token>`（个人接口令牌，在后台或用
`manage.py create_api_token` 生成）或已登录的浏览器会话（写操作需带 `X-CSRFToken`）。
A personal API token, or a logged-in browser session (writes need the `X-CSRFToken` header).
When the dashboards are public, aggregates (zones, cities, indicators, 三率) are readable anonymously.

**写操作 Writes**: need a read-write token or a session whose user may edit the zone.

**语言 Language**: 中文 by default; `Accept-Language: en` for English names and messages.

**列表 Lists**: `{"items": [...], "count": N}` with `limit` / `offset`; append `.csv` to a list's
path for every matching row as CSV (UTF-8 with BOM, Chinese headers). Money in 万元 unless the
indicator's unit says 亿元.
"""

api = NinjaAPI(
    title="开发区“三化三制”改革监测平台 API · Zone Reform Monitor API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=MEMBERS,
    throttle=[TokenRateThrottle()],
    # Served from ninja's static files (ninja is in INSTALLED_APPS); no online validator badge.
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": True}),
)
api_errors.install(api)


def in_request_language(run):
    """Answer in the language the client asks for (Accept-Language, or the language cookie).

    LocaleMiddleware activates zh-hans for every URL outside /en/ (i18n_patterns without a prefix
    for the default language), /api/v1/ included; API clients choose with Accept-Language instead.
    """

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    return wrapper


api.add_decorator(in_request_language, mode="view")
api.add_router("", zones_router)
api.add_router("", reforms_router)
api.add_router("", projects_router)
api.add_router("", reports_router)
