from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformsConfig(AppConfig):
    name = "reforms"
    verbose_name = _("三化三制改革")

    def ready(self):
        # The one cache-invalidation signal: data changes make stored snapshots stale.
        from . import reports, signals

        signals.connect()
        # Report permissions go to the role groups (zones.roles.EXTRA_PERMISSIONS).
        reports.grant_role_permissions()
