"""The admin's half of the zone scoping in zones.permissions: every admin page of a zone-owned
model (one with a `zone_path`), of Zone itself, and every inline of such a model lists, shows,
offers and saves only what the user's role reaches.

- lists, change forms, history pages and autocomplete read `visible_rows`;
- an object may be changed or deleted only if it is in `editable_rows`;
- the zone, project and fund selects offer only editable rows, and say so in Chinese when a POST
  names another;
- saving refuses (403, inside the admin's transaction, so nothing is half-saved) an object that
  is, or would be moved, outside the user's editable zones — the last line behind the selects,
  and the one that also guards simple-history's revert form.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Zone
from .permissions import (
    editable_rows,
    editable_zones,
    edits_every_zone,
    sees_every_zone,
    visible_rows,
    visible_zones,
    zone_id_of,
)


def is_zone_scoped(model) -> bool:
    return model is Zone or bool(getattr(model, "zone_path", None))


def stored_zone_id(obj) -> int | None:
    """The zone of the object as the database holds it (None if it is not stored)."""
    if obj.pk is None:
        return None
    if isinstance(obj, Zone):
        return obj.pk if Zone.objects.filter(pk=obj.pk).exists() else None
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    return rows.values_list(obj.zone_path, flat=True).first()


def _zone_ids(request, kind: str) -> set[int] | None:
    """The ids of the zones the request's user may see or edit (None: every zone), read once per
    request: an admin page asks for many objects' permissions."""
    cache = request.__dict__.setdefault("_zone_scope_ids", {})
    if kind not in cache:
        user = request.user
        if kind == "visible":
            every, zones = sees_every_zone(user), visible_zones
        else:
            every, zones = edits_every_zone(user), editable_zones
        cache[kind] = None if every else set(zones(user).values_list("pk", flat=True))
    return cache[kind]


def may_see(request, obj) -> bool:
    ids = _zone_ids(request, "visible")
    return ids is None or zone_id_of(obj) in ids


def may_edit(request, obj) -> bool:
    ids = _zone_ids(request, "editable")
    return ids is None or zone_id_of(obj) in ids


def ensure_editable(request, obj) -> None:
    """Refuse (403) saving or deleting an object that is, or would become, another zone's."""
    ids = _zone_ids(request, "editable")
    if ids is None:
        return
    stored = stored_zone_id(obj)
    if zone_id_of(obj) not in ids or (stored is not None and stored not in ids):
        raise PermissionDenied(_("您无权修改该开发区的数据。"))


class ZoneScopedMixin:
    """What a ModelAdmin and an inline of a zone-scoped model share. On an inline, `obj` in the
    permission methods is the parent object (a zone, project or fund), itself zone-scoped."""

    def get_queryset(self, request):
        return visible_rows(self.model, request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or may_see(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_edit(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_edit(request, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if not is_zone_scoped(related) or "queryset" in kwargs:
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        choices = self.get_field_queryset(kwargs.get("using"), db_field, request)
        kwargs["queryset"] = editable_rows(related, request.user, choices)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None:
            field.error_messages["invalid_choice"] = _("只能选择您有权填报的%(name)s。") % {
                "name": related._meta.verbose_name
            }
        return field


class ZoneScopedAdmin(ZoneScopedMixin):
    """Mixin for the ModelAdmin of a zone-scoped model; put it before SimpleHistoryAdmin."""

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of a zone / project / fund select offers what the user may pick,
        # the same rows formfield_for_foreignkey accepts.
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            queryset = editable_rows(self.model, request.user, queryset)
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        if change and not self.has_change_permission(request, obj):
            # simple-history's revert form saves without asking for the change permission.
            raise PermissionDenied(_("您无权修改该记录。"))
        ensure_editable(request, obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        fk = getattr(formset, "fk", None)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or inline_form.has_changed():
                if fk is not None:
                    # A new row's link to a parent saved just now is set only when it is saved;
                    # set it here (as the formset will) so that its zone can be read.
                    setattr(inline_form.instance, fk.name, formset.instance)
                ensure_editable(request, inline_form.instance)
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        ensure_editable(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.exclude(pk__in=editable_rows(self.model, request.user).values("pk")).exists():
            raise PermissionDenied(_("所选记录中有您无权删除的。"))
        super().delete_queryset(request, queryset)


class ZoneScopedInline(ZoneScopedMixin):
    """Mixin for an inline of a zone-scoped model; `obj` is the parent object."""

    def has_add_permission(self, request, obj=None):
        allowed = super().has_add_permission(request, obj)
        return allowed and (obj is None or may_edit(request, obj))


class AuditedAdmin(SimpleHistoryAdmin):
    """The admin of every audited model: its history page restores an earlier version only for a
    user who may change the record (simple-history saves a reverted version on POST without
    asking for the change permission; its form even keeps every field for a user who may only
    view)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
            version = history.filter(history_id=version_id).first()
            if version is not None and not self.has_change_permission(request, version.instance):
                raise PermissionDenied(_("您无权修改该记录。"))
        return super().history_form_view(request, object_id, version_id, extra_context)


class ProductWrittenAdmin(admin.ModelAdmin):
    """The admin of rows the product writes (job output, markers): shown, never added or edited
    here; `deletable` says whether a user with the permission may delete them."""

    deletable = True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)
