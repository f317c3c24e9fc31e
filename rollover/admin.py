from django.contrib import admin

from rollover import models


@admin.register(models.YearRollover)
class YearRolloverAdmin(admin.ModelAdmin):
    """Read-only: a rollover is made on its page or by the command, never edited."""

    list_display = ["organisation", "from_year", "to_year", "created_by", "created_at", "via"]
    list_filter = ["organisation"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
