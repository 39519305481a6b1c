"""Data entry for the reform records a zone owns; each is also an inline on the zone's page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zones.admin import zone_filters
from zones.admin_scoping import AuditedAdmin, ProductWrittenAdmin, ZoneScopedAdmin, ZoneScopedInline

from .models import (
    CooperationPark,
    FundInvestment,
    IndustrialFund,
    LeadershipAppointment,
    LeadershipEstablishment,
    MarketHire,
    PeriodicFigures,
    PlatformCompany,
    ReformMilestone,
    ReportReminder,
    SeparationStage,
    SnapshotPeriod,
)
from .report_admin import PeriodLockedAdmin
from .tasks import take_snapshot


class ZoneRecordAdmin(ZoneScopedAdmin, AuditedAdmin):
    """What every zone-owned record's admin shares: scoped to the user's zones, filter by zone,
    pick the zone by search."""

    list_filter = zone_filters()
    list_select_related = ("zone",)
    search_fields = ("zone__name", "zone__short_name")
    autocomplete_fields = ("zone",)


@admin.register(PlatformCompany)
class PlatformCompanyAdmin(ZoneRecordAdmin):
    list_display = (
        "name",
        "zone",
        "ownership",
        "registered_capital",
        "state_share_pct",
        "founded_on",
        "dissolved_on",
    )
    list_filter = (*zone_filters(), "ownership")
    search_fields = ("name", *ZoneRecordAdmin.search_fields)
    date_hierarchy = "founded_on"


class FundInvestmentInline(ZoneScopedInline, admin.TabularInline):
    model = FundInvestment
    extra = 0
    show_change_link = True
    autocomplete_fields = ("project",)


@admin.register(IndustrialFund)
class IndustrialFundAdmin(ZoneRecordAdmin):
    list_display = ("name", "zone", "size", "stage", "established_on", "closed_on")
    list_filter = (*zone_filters(), "stage")
    search_fields = ("name", *ZoneRecordAdmin.search_fields)
    date_hierarchy = "established_on"
    inlines = (FundInvestmentInline,)


@admin.register(FundInvestment)
class FundInvestmentAdmin(ZoneScopedAdmin, AuditedAdmin):
    list_display = ("project_name", "fund", "fund__zone", "project", "amount", "invested_on")
    list_filter = zone_filters("fund__zone")
    list_select_related = ("fund__zone", "project")
    search_fields = ("project_name", "fund__name", "fund__zone__name")
    autocomplete_fields = ("fund", "project")
    date_hierarchy = "invested_on"


@admin.register(LeadershipEstablishment)
class LeadershipEstablishmentAdmin(ZoneRecordAdmin):
    list_display = ("zone", "effective_on", "authorized_posts")
    date_hierarchy = "effective_on"


@admin.register(LeadershipAppointment)
class LeadershipAppointmentAdmin(ZoneRecordAdmin):
    """Person-level and sensitive: listed here and on its zone's page, nowhere else."""

    list_display = ("holder_name", "zone", "post", "selection_method", "appointed_on", "left_on")
    list_filter = (*zone_filters(), "post", "selection_method")
    search_fields = ("holder_name", *ZoneRecordAdmin.search_fields)
    date_hierarchy = "appointed_on"


@admin.register(MarketHire)
class MarketHireAdmin(ZoneRecordAdmin):
    list_display = ("position", "zone", "hired_on", "is_senior_manager")
    list_filter = (*zone_filters(), "is_senior_manager")
    search_fields = ("position", *ZoneRecordAdmin.search_fields)
    date_hierarchy = "hired_on"


@admin.register(ReformMilestone)
class ReformMilestoneAdmin(ZoneRecordAdmin):
    list_display = ("zone", "kind", "year", "achieved_on", "note")
    list_filter = (*zone_filters(), "kind", "year")
    date_hierarchy = "achieved_on"


@admin.register(SeparationStage)
class SeparationStageAdmin(ZoneRecordAdmin):
    list_display = ("zone", "stage", "since")
    list_filter = (*zone_filters(), "stage")
    date_hierarchy = "since"


@admin.register(CooperationPark)
class CooperationParkAdmin(ZoneRecordAdmin):
    list_display = ("name", "zone", "partner", "preparing_since", "established_on")
    search_fields = ("name", "partner", *ZoneRecordAdmin.search_fields)
    date_hierarchy = "preparing_since"


@admin.register(PeriodicFigures)
class PeriodicFiguresAdmin(PeriodLockedAdmin, ZoneRecordAdmin):
    list_display = (
        "zone",
        "period",
        "commitment_eligible",
        "commitment_applied",
        "agency_eligible",
        "agency_handled",
        "standard_land_parcels",
        "standard_land_area",
        "value_added_growth",
    )
    date_hierarchy = "period"


class JobOutputAdmin(ZoneScopedAdmin, ProductWrittenAdmin):
    """Rows a background job writes, read-only here, each user seeing those of the zones their
    role reaches (zones.admin_scoping)."""


@admin.register(ReportReminder)
class ReportReminderAdmin(JobOutputAdmin):
    list_display = ("zone", "period", "deadline", "days_from_deadline", "recipients", "sent_at")
    list_filter = (*zone_filters(), "period")
    list_select_related = ("zone",)
    search_fields = ("zone__name", "zone__short_name", "recipients")
    date_hierarchy = "sent_at"


@admin.register(SnapshotPeriod)
class SnapshotPeriodAdmin(ProductWrittenAdmin):
    """The months whose indicators are stored; “recompute” enqueues them for the worker."""

    list_display = ("period", "as_of", "taken_at", "values", "is_current")
    date_hierarchy = "period"
    actions = ("recompute",)

    @admin.display(boolean=True, description=_("已是最新"))
    def is_current(self, snapshot):
        return snapshot.is_current

    @admin.action(description=_("重新计算所选月份"), permissions=["view"])
    def recompute(self, request, queryset):
        for period in queryset.values_list("period", flat=True):
            take_snapshot.delay(period.isoformat())
        self.message_user(request, _("已提交后台重新计算。"))
