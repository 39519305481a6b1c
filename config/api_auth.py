"""Who is calling the API, what they may do, and how often.

Three ways in, tried in this order:
- a personal API token, `Authorization: Bearer <token>` (see zones.models.ApiToken);
- the browser session of a logged-in user, with Django's CSRF check on writes;
- nobody, when settings.DASHBOARDS_PUBLIC opens the aggregate reads to anonymous readers.

Reads of zone-level records (projects, a zone's monthly figures) return only the zones the
user may see; writes additionally need a read-write token (or a session) whose user may edit the
zone (zones.permissions, the same rules as the admin).
"""

import math

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import SimpleRateThrottle
from ninja.utils import check_csrf

from zones.models import ApiToken, Zone
from zones.permissions import can_edit_zone, visible_rows


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`. A token that is unknown, expired or revoked is refused
    outright (401) rather than passed on to the next way in."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = (
            ApiToken.objects.usable(timezone.now())
            .select_related("user")
            .filter(key_digest=ApiToken.digest(token))
            .first()
        )
        if found is None:
            raise AuthenticationError(401, _("令牌无效、已过期或已撤销。"))
        # Admin history (django-simple-history) and permission checks read request.user.
        request.user = found.user
        return found


class SessionAuth(APIKeyCookie):
    """The logged-in user of a browser session. Unlike ninja's own SessionAuth, a request without
    a session is "not authenticated" (401) and only a logged-in one is checked for CSRF (403)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None):
        user = request.user
        if not (user.is_authenticated and user.is_active):
            return None
        if check_csrf(request) is not None:
            raise HttpError(403, _("CSRF 校验失败：请求须带 X-CSRFToken 请求头。"))
        return user


class PublicReader:
    """Anonymous reads of aggregates, only while the dashboards are open to anonymous readers."""

    def __call__(self, request: HttpRequest):
        return self if settings.DASHBOARDS_PUBLIC else None

    def __str__(self):
        return "public"


token_auth = TokenAuth()
session_auth = SessionAuth()
# Project-level and zone-level records: a token or a session.
MEMBERS = [token_auth, session_auth]
# Aggregates (indicator values, cities, zones, charts): also anonymous readers when public.
AGGREGATES = [token_auth, session_auth, PublicReader()]


def acting_user(request: HttpRequest):
    """The user the request acts for (token holder or session user)."""
    return request.auth.user if isinstance(request.auth, ApiToken) else request.user


def visible_to(request: HttpRequest, model, rows=None):
    """The rows of a zone-owned model (or zones) the caller may read; another zone's record is
    then simply not found (404), as if it did not exist."""
    return visible_rows(model, acting_user(request), rows)


def ensure_can_write(request: HttpRequest) -> None:
    """Refuse (403) a write by a read-only token."""
    if isinstance(request.auth, ApiToken) and not request.auth.can_write:
        raise AuthorizationError(403, _("只读令牌不能修改数据。"))


def ensure_can_edit(request: HttpRequest, *zones: Zone) -> None:
    """Refuse (403) a write by a read-only token, or by a user who may not edit every given zone."""
    ensure_can_write(request)
    user = acting_user(request)
    for zone in zones:
        if not can_edit_zone(user, zone):
            raise AuthorizationError(403, _("您无权修改该开发区的数据。"))


class TokenRateThrottle(SimpleRateThrottle):
    """Limits the requests of each token to settings.API_TOKEN_RATE ("600/min"; empty: no limit).

    Counted in the default cache: with several web processes that must be a shared cache (Redis)
    for the limit to hold across them. Sessions and anonymous readers are not throttled here.
    """

    scope = "api_token"

    def __init__(self):
        # The rate is read per request (settings may change; none is read at import time).
        self.rate = None

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_TOKEN_RATE or None
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.rate is None:
            return True
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}

    def wait(self) -> float | None:
        wait = super().wait()
        return None if wait is None else max(1, math.ceil(wait))
