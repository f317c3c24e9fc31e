from __future__ import annotations

from django.contrib import admin

from kolada.models import KoladaProfile, KoladaValue, KpiLink


@admin.register(KoladaProfile)
class KoladaProfileAdmin(admin.ModelAdmin[KoladaProfile]):
    list_display = ("organisation", "area_id", "peer_group_name")


@admin.register(KpiLink)
class KpiLinkAdmin(admin.ModelAdmin[KpiLink]):
    list_display = ("organisation", "measure_key", "kpi", "kpi_title", "lower_is_better")
    list_filter = ("organisation",)


@admin.register(KoladaValue)
class KoladaValueAdmin(admin.ModelAdmin[KoladaValue]):
    """Fetched values are Kolada's: read here, changed only by fetch_kolada."""

    list_display = ("kpi", "area_id", "year", "gender", "value", "fetched_at")
    list_filter = ("kpi", "year")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
