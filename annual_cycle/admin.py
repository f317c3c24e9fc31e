from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from annual_cycle import models


class DeadlineOverrideInline(admin.TabularInline):
    model = models.DeadlineOverride
    extra = 0


@admin.register(models.Deadline)
class DeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "step", "period_kind", "day", "month", "year_offset", "organisation"]
    list_filter = ["organisation", "step", "period_kind"]
    inlines = [DeadlineOverrideInline]


@admin.register(models.DeadlineOverride)
class DeadlineOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["deadline", "year", "date"]
    list_filter = ["deadline__organisation", "year"]


@admin.register(models.ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """The record of what was sent: read only, it is what keeps reminders to one each."""

    list_display = ["sent_at", "user", "email", "unit_period", "deadline", "due_on"]
    list_filter = ["deadline__organisation", "due_on"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
