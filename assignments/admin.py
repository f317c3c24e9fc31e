from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assignments import models
from scorecards.admin_mixins import (
    ClosedPeriodAdminMixin,
    ClosedPeriodInlineMixin,
    InlineWriteAdminMixin,
)


class AssignmentNoteInline(ClosedPeriodInlineMixin, admin.StackedInline):
    """Nulägen under their assignment: the write path, like the note's own admin."""

    model = models.AssignmentNote
    extra = 0
    unit_attr = "assignment.unit"


@admin.register(models.Assignment)
class AssignmentAdmin(InlineWriteAdminMixin, admin.ModelAdmin):
    list_display = ["title", "unit", "year", "owner_title"]
    list_filter = ["unit", "year"]
    inlines = [AssignmentNoteInline]


@admin.register(models.AssignmentNote)
class AssignmentNoteAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    unit_attr = "assignment.unit"
    list_display = ["assignment", "period", "status"]
    list_filter = ["status", "period"]
