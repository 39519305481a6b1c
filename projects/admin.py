"""Data entry for 三个一批 rounds and projects; a project's page holds its plans and investment."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reforms.admin import JobOutputAdmin
from reforms.report_admin import PeriodLockedAdmin, PeriodLockedFormSet
from zones.admin import RecordInline, zone_filters
from zones.admin_scoping import AuditedAdmin, ZoneScopedAdmin

from .models import (
    MILESTONES,
    AnnualPlan,
    CampaignRound,
    MonthlyInvestment,
    Project,
    RoundEntry,
    StalledProjectAlert,
    completed_above_total,
)


@admin.register(CampaignRound)
class CampaignRoundAdmin(AuditedAdmin):
    list_display = ("__str__", "year", "number", "held_on")
    list_filter = ("year",)
    # Exact lookups, so that “2024 1” finds the first round of 2024.
    search_fields = ("=year", "=number")
    date_hierarchy = "held_on"


class RoundEntryInline(RecordInline):
    model = RoundEntry
    fetch = ("round", "project")
    autocomplete_fields = ("round",)


class AnnualPlanInline(RecordInline):
    model = AnnualPlan
    fetch = ("project",)


class MonthlyInvestmentFormSet(PeriodLockedFormSet):
    """The months on a project's page are checked together against the total as the page sets
    it: each month's own check sees the stored months, not the other new ones beside it."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        listed = [form.instance.pk for form in self.forms if form.instance.pk]
        # A project being added has no stored months.
        stored = MonthlyInvestment.objects.filter(project_id=self.instance.pk).exclude(
            pk__in=listed
        )
        elsewhere = (stored.aggregate(total=Sum("amount"))["total"] or 0) if self.instance.pk else 0
        kept = [
            form.cleaned_data["amount"]
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]
        completed = elsewhere + sum(kept)
        if completed > self.instance.total_investment:
            raise ValidationError(completed_above_total(completed, self.instance.total_investment))


class MonthlyInvestmentInline(RecordInline):
    model = MonthlyInvestment
    fetch = ("project",)
    formset = MonthlyInvestmentFormSet


@admin.register(Project)
class ProjectAdmin(PeriodLockedAdmin, ZoneScopedAdmin, AuditedAdmin):
    list_display = (
        "name",
        "zone",
        "industry",
        "total_investment",
        "signed_on",
        "stage",
        "is_strategic_emerging",
        "is_provincial_key",
    )
    list_filter = (*zone_filters(), "industry", "is_strategic_emerging", "is_provincial_key")
    list_select_related = ("zone",)
    search_fields = ("name", "investor", "zone__name")
    autocomplete_fields = ("zone",)
    date_hierarchy = "signed_on"
    fieldsets = (
        (
            _("基本信息"),
            {
                "fields": (
                    "zone",
                    "name",
                    "investor",
                    "industry",
                    ("is_strategic_emerging", "is_provincial_key"),
                )
            },
        ),
        (_("投资"), {"fields": ("total_investment",)}),
        (_("项目节点"), {"fields": tuple(field for field, label in MILESTONES)}),
    )
    inlines = (RoundEntryInline, AnnualPlanInline, MonthlyInvestmentInline)

    @admin.display(description=_("当前阶段"))
    def stage(self, project):
        return project.stage_on(timezone.localdate())


@admin.register(RoundEntry)
class RoundEntryAdmin(ZoneScopedAdmin, AuditedAdmin):
    list_display = ("project", "project__zone", "round", "batch")
    list_filter = (*zone_filters("project__zone"), "round", "batch")
    list_select_related = ("project__zone", "round")
    search_fields = ("project__name", "project__zone__name")
    autocomplete_fields = ("round", "project")
    date_hierarchy = "round__held_on"


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ZoneScopedAdmin, AuditedAdmin):
    list_display = (
        "project",
        "project__zone",
        "year",
        "planned_investment",
        "start_due",
        "listed_on",
        "resumed_on",
    )
    list_filter = (*zone_filters("project__zone"), "year", "start_due")
    list_select_related = ("project__zone",)
    search_fields = ("project__name", "project__zone__name")
    autocomplete_fields = ("project",)
    date_hierarchy = "listed_on"


@admin.register(MonthlyInvestment)
class MonthlyInvestmentAdmin(PeriodLockedAdmin, ZoneScopedAdmin, AuditedAdmin):
    list_display = ("project", "project__zone", "month", "amount")
    list_filter = zone_filters("project__zone")
    list_select_related = ("project__zone",)
    search_fields = ("project__name", "project__zone__name")
    autocomplete_fields = ("project",)
    date_hierarchy = "month"


class OpenAlertFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return (("yes", _("预警中")), ("no", _("已解除")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(closed_on__isnull=self.value() == "yes")
        return queryset


@admin.register(StalledProjectAlert)
class StalledProjectAlertAdmin(JobOutputAdmin):
    """三未 alerts, opened and closed by the daily detection."""

    list_display = (
        "project",
        "zone",
        "kind",
        "stuck_since",
        "days_stuck",
        "opened_on",
        "closed_on",
    )
    list_filter = (OpenAlertFilter, "kind", *zone_filters())
    list_select_related = ("project", "zone")
    search_fields = ("project__name", "zone__name", "zone__short_name")
    date_hierarchy = "opened_on"

    @admin.display(description=_("停滞天数"))
    def days_stuck(self, alert):
        return alert.days_stuck
