from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from reports.models import NarrativeSection, ReportEdition, ReportTemplate
from scorecards.admin_mixins import ClosedPeriodAdminMixin


@admin.register(NarrativeSection)
class NarrativeSectionAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "period", "kind", "perspective"]
    list_filter = ["unit", "period", "kind"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    """Shown only: an organisation edits its templates in the portal, under
    Inställningar → Rapportmallar, where the sections are chosen from what the apps
    contribute (not typed as JSON)."""

    list_display = ["organisation", "kind", "name", "end_month"]
    readonly_fields = [f.name for f in ReportTemplate._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReportEdition)
class ReportEditionAdmin(admin.ModelAdmin):
    """Editions are frozen: visible, never editable or deletable here."""

    list_display = ["unit_period", "number", "sha256", "created_by", "created_at"]
    readonly_fields = ["unit_period", "number", "sha256", "figures", "created_by", "created_at"]
    exclude = ["pdf"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
