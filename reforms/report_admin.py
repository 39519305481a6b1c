"""The admin of period reports: each report's page shows its transition log and offers the moves
the user may make (提交 / 审核通过 / 退回 with a comment / 重新打开); the list offers them as
actions. Every move goes through reforms.reports, which checks role, zone and state.

Also the admin side of the period lock: figures of a submitted or approved period cannot be
deleted from a list, a change page or an inline (the model layer refuses it; here it is refused
with a message rather than an error page).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from zones.permissions import editable_zones, visible_rows

from . import reports
from .models import ReportTransition, ZoneReport, report_period


def _refusal(error) -> str:
    return "；".join(error.messages) if isinstance(error, ValidationError) else str(error)


class ReportTransitionInline(admin.TabularInline):
    """The report's log, read-only: every move with who and when."""

    model = ReportTransition
    extra = 0
    can_delete = False
    fields = ("from_status", "to_status", "by", "at", "comment")
    readonly_fields = fields
    ordering = ("at", "pk")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(ZoneReport)
class ZoneReportAdmin(admin.ModelAdmin):
    list_display = ("zone", "period", "status", "deadline", "submitted_at", "reviewed_at")
    # zones.admin.zone_filters(), spelt out: zones.admin imports this module for its inline.
    list_filter = ("status", "period", "zone__city", "zone__level", "zone__kind")
    list_select_related = ("zone",)
    search_fields = ("zone__name", "zone__short_name")
    date_hierarchy = "period"
    inlines = (ReportTransitionInline,)
    actions = ("submit_selected", "approve_selected", "reopen_selected")
    change_form_template = "admin/reforms/zonereport/change_form.html"
    fields = (
        "zone",
        "period",
        "status",
        "reviewer_comment",
        ("submitted_at", "submitted_by"),
        ("reviewed_at", "reviewed_by"),
    )

    def get_queryset(self, request):
        # Each user sees the reports of the zones their role reaches (zones.permissions).
        return visible_rows(ZoneReport, request.user, super().get_queryset(request))

    def get_fields(self, request, obj=None):
        # A report is started with its zone and period only; everything else moves with it.
        return ("zone", "period") if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else [f for row in self.fields for f in _flat(row)]

    def has_add_permission(self, request):
        return request.user.has_perm(reports.SUBMIT)

    def has_change_permission(self, request, obj=None):
        # The status changes only by the moves below; nothing of a report is edited in a form.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would drop a period's approval and its log unrecorded.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "zone":
            kwargs["queryset"] = editable_zones(request.user).select_related("city")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.period, obj.period_end = report_period(obj.period)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("截止日期"))
    def deadline(self, report):
        return report.deadline

    def get_urls(self):
        move = self.admin_site.admin_view(require_POST(self.move_view))
        name = f"{self.opts.app_label}_{self.opts.model_name}_move"
        return [path("<path:object_id>/move/", move, name=name), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        moves = reports.allowed_moves(report, request.user) if report else []
        extra = {
            "report_moves": [(name, reports.MOVE_NAMES[name]) for name in moves],
            "move_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_move", args=[object_id]
            ),  # fmt: skip
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    def move_view(self, request, object_id):
        """POST: make the named move (`move`) with the comment (`comment`) on one report."""
        report = get_object_or_404(self.get_queryset(request), pk=object_id)
        name = request.POST.get("move", "")
        try:
            reports.move(report, name, request.user, comment=request.POST.get("comment", ""))
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, _refusal(error), messages.ERROR)
        else:
            done = gettext("%(report)s已%(move)s。") % {
                "report": report,
                "move": reports.MOVE_NAMES.get(name, name),
            }
            self.message_user(request, done, messages.SUCCESS)
        return redirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[report.pk])
        )

    def _move_each(self, request, queryset, name):
        done, refused = 0, []
        for report in queryset.select_related("zone"):
            try:
                reports.move(report, name, request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                refused.append(_refusal(error))
        if done:
            message = gettext("已%(move)s %(count)s 份报表。")
            self.message_user(
                request,
                message % {"move": reports.MOVE_NAMES[name], "count": done},
                messages.SUCCESS,
            )
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description=_("提交所选报表"), permissions=["view"])
    def submit_selected(self, request, queryset):
        self._move_each(request, queryset, "submit")

    @admin.action(description=_("审核通过所选报表"), permissions=["view"])
    def approve_selected(self, request, queryset):
        self._move_each(request, queryset, "approve")

    @admin.action(description=_("重新打开所选报表（退回填报单位）"), permissions=["view"])
    def reopen_selected(self, request, queryset):
        self._move_each(request, queryset, "reopen")


def _flat(row):
    return row if isinstance(row, tuple) else (row,)


class PeriodLockedFormSet(BaseInlineFormSet):
    """An inline of period-locked rows: deleting a row of a locked period is refused in the
    formset, with the model's message, before anything is saved."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is not None:
                try:
                    form.instance.check_unlocked(stored_only=True)
                except ValidationError as error:
                    raise ValidationError(error.messages) from None


class PeriodLockedAdmin:
    """Admin mixin for period-locked rows: no delete link for a locked row, and a bulk delete
    that holds one is refused with a message."""

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.locking_report(stored_only=True) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        try:
            super().delete_queryset(request, queryset)
        except ValidationError as error:
            self.message_user(request, _refusal(error), messages.ERROR)
