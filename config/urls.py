from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from .api import api
from .health import health

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("health/", health, name="health"),
]
# Pages are Chinese at their plain URLs and English under /en/.
urlpatterns += i18n_patterns(
    # Before the admin's own URLs, whose catch-all would take /admin/imports/ for an app.
    path("admin/imports/", include("zones.import_views")),
    path("admin/", admin.site.urls),
    path("", include("zones.urls")),
    prefix_default_language=False,
)
