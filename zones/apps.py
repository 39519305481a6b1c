from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_role_groups(sender, **kwargs):
    # post_migrate is sent once per app, and each app's permissions are created on its own
    # signal: the groups are set on the last one, when every permission exists.
    if sender is list(apps.get_app_configs())[-1]:
        from .roles import ensure_role_groups

        ensure_role_groups()


class ZonesConfig(AppConfig):
    name = "zones"
    verbose_name = _("开发区")

    def ready(self):
        post_migrate.connect(_ensure_role_groups, dispatch_uid="zones.ensure_role_groups")
