"""Data entry for cities and zones; a zone's page holds the records it owns and its figures today."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reforms.indicators import INDICATORS
from reforms.models import (
    CooperationPark,
    IndustrialFund,
    LeadershipAppointment,
    LeadershipEstablishment,
    MarketHire,
    PeriodicFigures,
    PlatformCompany,
    ReformMilestone,
    SeparationStage,
)
from reforms.report_admin import PeriodLockedFormSet

from .admin_scoping import AuditedAdmin, ProductWrittenAdmin, ZoneScopedAdmin, ZoneScopedInline
from .exports import export_selected_xlsx
from .formatting import chinese_date
from .models import (
    ApiToken,
    City,
    CityMembership,
    DemoDataset,
    ImportJob,
    Zone,
    ZoneMembership,
)
from .scopes import Scope

admin.site.site_header = _("开发区“三化三制”改革监测平台")
admin.site.site_title = _("开发区“三化三制”改革监测平台")
admin.site.index_title = _("数据录入与维护")


def zone_filters(path="zone"):
    """The list filters every zone-owned record offers: its zone's city, level and kind."""
    return (f"{path}__city", f"{path}__level", f"{path}__kind")


class RecordInline(ZoneScopedInline, admin.TabularInline):
    """A record shown on its parent's page. Row names mention the parent (`fetch`), so the parent
    is joined in rather than loaded once per row. Scoped to the user's zones like every admin of
    zone-owned rows (zones.admin_scoping)."""

    extra = 0
    show_change_link = True
    fetch = ("zone",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.fetch)


class PlatformCompanyInline(RecordInline):
    model = PlatformCompany


class IndustrialFundInline(RecordInline):
    model = IndustrialFund


class LeadershipEstablishmentInline(RecordInline):
    model = LeadershipEstablishment


class LeadershipAppointmentInline(RecordInline):
    model = LeadershipAppointment


class MarketHireInline(RecordInline):
    model = MarketHire


class ReformMilestoneInline(RecordInline):
    model = ReformMilestone


class SeparationStageInline(RecordInline):
    model = SeparationStage


class CooperationParkInline(RecordInline):
    model = CooperationPark


class PeriodicFiguresInline(RecordInline):
    model = PeriodicFigures
    formset = PeriodLockedFormSet


def figures_table(zone, as_of):
    """Every indicator of the zone as of a date, as an HTML table; the definition is the tooltip."""
    rows = format_html_join(
        "",
        '<tr><td title="{}">{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                value.indicator.definition_label,
                value.indicator.label,
                "—" if value.value is None else f"{value.value} {value.indicator.unit_label}",
                value.status.label if value.status else "—",
            )
            for value in INDICATORS.evaluate(as_of, Scope(zone=zone))
        ),
    )
    return format_html(
        "<p>{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        gettext("截至 %(date)s") % {"date": chinese_date(as_of)},
        gettext("指标"),
        gettext("数值"),
        gettext("目标状态"),
        rows,
    )


@admin.register(City)
class CityAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "adcode", "latitude", "longitude")
    search_fields = ("name", "short_name", "adcode")


@admin.register(Zone)
class ZoneAdmin(ZoneScopedAdmin, AuditedAdmin):
    list_display = (
        "name",
        "city",
        "level",
        "kind",
        "category",
        "is_verified",
        "separation_pilot_from",
        "is_demonstration_zone",
    )
    list_filter = ("city", "level", "kind", "category", "is_verified", "is_demonstration_zone")
    list_select_related = ("city",)
    search_fields = ("name", "short_name", "city__name")
    readonly_fields = ("figures", "projects")
    fieldsets = (
        (
            _("基本信息"),
            {
                "fields": (
                    ("name", "short_name"),
                    "city",
                    ("level", "kind", "category"),
                    "approved_year",
                    ("planned_area_km2", "planned_area_note"),
                    "leading_industries",
                    ("latitude", "longitude"),
                    "is_verified",
                    "source",
                )
            },
        ),
        (_("改革试点"), {"fields": ("separation_pilot_from", "is_demonstration_zone")}),
        (_("指标与项目"), {"fields": ("figures", "projects")}),
    )
    # Projects are too many to inline: the zone page links to their filtered list instead.
    inlines = (
        PlatformCompanyInline,
        IndustrialFundInline,
        LeadershipEstablishmentInline,
        LeadershipAppointmentInline,
        MarketHireInline,
        ReformMilestoneInline,
        SeparationStageInline,
        CooperationParkInline,
        PeriodicFiguresInline,
    )

    def get_fieldsets(self, request, obj=None):
        # A zone being added has no figures or projects yet.
        return self.fieldsets if obj else self.fieldsets[:-1]

    @admin.display(description=_("主要指标"))
    def figures(self, zone):
        return figures_table(zone, timezone.localdate())

    @admin.display(description=_("项目"))
    def projects(self, zone):
        url = reverse("admin:projects_project_changelist")
        count = zone.project_set.count()
        return format_html(
            '<a href="{}?zone__id__exact={}">{}</a>',
            url,
            zone.pk,
            gettext("查看本开发区的 %(count)s 个项目") % {"count": count},
        )


@admin.register(ZoneMembership)
class ZoneMembershipAdmin(AuditedAdmin):
    list_display = ("user", "zone", "since")
    list_filter = zone_filters()
    list_select_related = ("user", "zone")
    search_fields = ("user__username", "user__first_name", "user__last_name", "zone__name")
    autocomplete_fields = ("user", "zone")


@admin.register(CityMembership)
class CityMembershipAdmin(AuditedAdmin):
    list_display = ("user", "city", "since")
    list_filter = ("city",)
    list_select_related = ("user", "city")
    search_fields = ("user__username", "user__first_name", "user__last_name", "city__name")
    autocomplete_fields = ("user", "city")


@admin.register(DemoDataset)
class DemoDatasetAdmin(ProductWrittenAdmin):
    """The demo loader writes this marker; nobody edits it by hand."""

    deletable = False

    list_display = ("version", "loaded_at")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    """Issue and revoke API tokens. The key is shown once, in the message after adding; a user who
    is not a superuser sees and issues only their own tokens."""

    list_display = (
        "key_prefix",
        "user",
        "name",
        "can_write",
        "created_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("can_write", "created_at", "expires_at", "revoked_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "name", "key_prefix")
    autocomplete_fields = ("user",)
    actions = ("revoke",)

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def get_fields(self, request, obj=None):
        fields = ["name", "can_write", "expires_at"]
        if request.user.is_superuser or obj is not None:
            fields.insert(0, "user")
        if obj is not None:
            fields += ["key_prefix", "created_at", "revoked_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return ("user", "key_prefix", "created_at", "revoked_at") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        if not request.user.is_superuser:
            obj.user = request.user
        key = obj.generate_key()
        super().save_model(request, obj, form, change)
        self.message_user(
            request,
            format_html(
                "{} <code>{}</code>",
                gettext("接口令牌如下，仅显示这一次，请立即妥善保存："),
                key,
            ),
            messages.WARNING,
        )

    @admin.action(description=_("撤销所选令牌"))
    def revoke(self, request, queryset):
        now = timezone.now()
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
        self.message_user(
            request, gettext("已撤销 %(count)s 个令牌。") % {"count": len(tokens)}, messages.SUCCESS
        )


# Every changelist can export its selected rows (within the user's zones) to Excel.
admin.site.add_action(export_selected_xlsx, "export_xlsx")


@admin.register(ImportJob)
class ImportJobAdmin(ProductWrittenAdmin):
    """The user's own Excel imports; uploading and confirming happen on the import pages
    (/admin/imports/), which this list links to."""

    deletable = False

    list_display = ("__str__", "kind", "file_name", "status", "total_rows", "created_at", "page")
    list_filter = ("kind", "status")
    # The stored file is private (never served) and the rows are read on the job's own page.
    fields = (
        "user",
        "kind",
        "file_name",
        "status",
        ("total_rows", "processed_rows"),
        ("new_rows", "updated_rows", "unchanged_rows", "error_rows"),
        "message",
        ("created_at", "finished_at"),
        "page",
    )
    readonly_fields = ("created_at", "page")
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    @admin.display(description=_("预览与进度"))
    def page(self, job):
        return format_html('<a href="{}">{}</a>', reverse("imports:job", args=[job.pk]), "查看")
