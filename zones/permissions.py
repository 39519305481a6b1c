"""Who may see and change which zone's data; every interface (admin, API, imports, exports,
dashboards) asks here, so the rules are written once.

- 省级管理员 (province) and superusers: see and change every zone; review every report.
- 市级审核员 (city): see the zones of their cities (CityMembership); review their reports.
- 开发区填报员 (zone): see and change only the zones they answer for (ZoneMembership).
- 只读用户 (read-only): see every zone, change none.
"""

from django.db.models import Q, QuerySet

from .models import Zone
from .roles import Role, role_of


def visible_zones(user) -> QuerySet[Zone]:
    """Zones whose records the user may see."""
    role = role_of(user)
    if role in (Role.PROVINCE, Role.READONLY):
        return Zone.objects.all()
    if role == Role.CITY:
        return Zone.objects.filter(city__memberships__user=user)
    if role == Role.ZONE:
        return Zone.objects.filter(memberships__user=user)
    return Zone.objects.none()


def editable_zones(user) -> QuerySet[Zone]:
    """Zones whose records the user may add, change and delete."""
    role = role_of(user)
    if role == Role.PROVINCE:
        return Zone.objects.all()
    if role == Role.ZONE:
        return Zone.objects.filter(memberships__user=user)
    return Zone.objects.none()


def reviewable_zones(user) -> QuerySet[Zone]:
    """Zones whose period reports the user may approve or return."""
    role = role_of(user)
    if role == Role.PROVINCE:
        return Zone.objects.all()
    if role == Role.CITY:
        return Zone.objects.filter(city__memberships__user=user)
    return Zone.objects.none()


def can_edit_zone(user, zone) -> bool:
    return edits_every_zone(user) or editable_zones(user).filter(pk=zone.pk).exists()


def can_see_zone(user, zone) -> bool:
    return sees_every_zone(user) or visible_zones(user).filter(pk=zone.pk).exists()


def sees_every_zone(user) -> bool:
    return role_of(user) in (Role.PROVINCE, Role.READONLY)


def edits_every_zone(user) -> bool:
    return role_of(user) == Role.PROVINCE


def zone_filter(model, zones: QuerySet[Zone]) -> Q:
    """A filter on `model`'s rows that keeps those of `zones`, through the model's `zone_path`
    (a Zone is its own path)."""
    if model is Zone:
        return Q(pk__in=zones.values("pk"))
    return Q(**{f"{model.zone_path}__in": zones.values("pk")})


def visible_rows(model, user, rows: QuerySet | None = None) -> QuerySet:
    """The rows of a zone-owned model (or zones) that the user may see."""
    rows = model._default_manager.all() if rows is None else rows
    if sees_every_zone(user):
        return rows
    return rows.filter(zone_filter(model, visible_zones(user)))


def editable_rows(model, user, rows: QuerySet | None = None) -> QuerySet:
    """The rows of a zone-owned model (or zones) that the user may change."""
    rows = model._default_manager.all() if rows is None else rows
    if edits_every_zone(user):
        return rows
    return rows.filter(zone_filter(model, editable_zones(user)))


def zone_id_of(obj) -> int | None:
    """The zone an object belongs to, read from its own fields along `zone_path` (so it works for
    an unsaved object, a form's changed instance and a historical version of a deleted row)."""
    if isinstance(obj, Zone):
        return obj.pk
    first, _sep, rest = obj.zone_path.partition("__")
    field = obj._meta.get_field(first)
    related_id = getattr(obj, field.attname)
    if not rest or related_id is None:
        return related_id
    return (
        field.related_model._default_manager.filter(pk=related_id)
        .values_list(rest, flat=True)
        .first()
    )
