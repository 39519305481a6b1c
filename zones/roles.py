"""The four roles (角色) and the Django groups that carry their model permissions.

A role is a group; which zones a user's permissions reach is a separate matter
(zones.permissions: ZoneMembership for zone officers, CityMembership for city reviewers). The
groups are created and brought up to date after every `migrate` (zones.apps) and by
`create_user`, so a fresh database always has them.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

# Apps whose models hold the product's data.
DATA_APPS = ("zones", "reforms", "projects")
# What the provincial administrator manages besides the data: users, groups and the job schedule.
ADMINISTRATION_APPS = ("auth", "django_celery_beat")


class Role(models.TextChoices):
    PROVINCE = "province", _("省级管理员")
    CITY = "city", _("市级审核员")
    ZONE = "zone", _("开发区填报员")
    READONLY = "readonly", _("只读用户")


# The group of each role is named in Chinese, as the administrators read it.
GROUP_NAMES = {
    Role.PROVINCE: "省级管理员",
    Role.CITY: "市级审核员",
    Role.ZONE: "开发区填报员",
    Role.READONLY: "只读用户",
}

# Extra permissions by role, as "app_label.codename", for actions that are not add/change/delete
# of a model (e.g. approving a report). Modules that define such permissions add them here.
EXTRA_PERMISSIONS: dict[Role, set[str]] = {role: set() for role in Role}


def zone_entered_models():
    """Models a zone officer enters: those whose rows belong to one zone (a `zone_path`), other
    than rows the product writes itself (`written_by_the_product`)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in DATA_APPS
        and getattr(model, "zone_path", None)
        and not getattr(model, "written_by_the_product", False)
    ]


def _codenames(model, actions):
    return {f"{action}_{model._meta.model_name}" for action in actions}


def _permissions(query) -> set[int]:
    return set(Permission.objects.filter(query).values_list("pk", flat=True))


def _named(names) -> models.Q:
    query = models.Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".")
        query |= models.Q(content_type__app_label=app_label, codename=codename)
    return query


def permissions_of(role: Role) -> set[int]:
    """The primary keys of the model permissions the role's group holds."""
    data = models.Q(content_type__app_label__in=DATA_APPS)
    view = models.Q(codename__startswith="view_")
    extra = _named(EXTRA_PERMISSIONS[role])
    if role == Role.PROVINCE:
        return _permissions(
            data | models.Q(content_type__app_label__in=ADMINISTRATION_APPS) | extra
        ) | _permissions(models.Q(content_type__app_label="django_celery_results") & view)
    if role == Role.ZONE:
        entered = models.Q(pk__in=[])
        for model in zone_entered_models():
            entered |= models.Q(
                content_type__app_label=model._meta.app_label,
                codename__in=_codenames(model, ("add", "change", "delete")),
            )
        return _permissions((data & view) | entered | extra)
    return _permissions((data & view) | extra)


@transaction.atomic
def ensure_role_groups() -> dict[Role, Group]:
    """Create the role groups where missing and set their permissions to what the roles grant."""
    groups = {}
    for role in Role:
        group, _created = Group.objects.get_or_create(name=GROUP_NAMES[role])
        group.permissions.set(permissions_of(role))
        groups[role] = group
    return groups


def role_of(user) -> Role | None:
    """The user's role: a superuser is a provincial administrator; otherwise the first role group
    the user is in, the widest first."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.PROVINCE
    if not hasattr(user, "_zrm_role"):
        names = set(user.groups.values_list("name", flat=True))
        user._zrm_role = next((role for role in Role if GROUP_NAMES[role] in names), None)
    return user._zrm_role
