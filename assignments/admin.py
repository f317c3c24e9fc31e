from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assignments import models
from scorecards.admin_mixins import ClosedPeriodAdminMixin


class AssignmentNoteInline(admin.StackedInline):
    model = models.AssignmentNote
    extra = 0


@admin.register(models.Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "year", "owner_title"]
    list_filter = ["unit", "year"]
    inlines = [AssignmentNoteInline]


@admin.register(models.AssignmentNote)
class AssignmentNoteAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    unit_attr = "assignment.unit"
    list_display = ["assignment", "period", "status"]
    list_filter = ["status", "period"]
