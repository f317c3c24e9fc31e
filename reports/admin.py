from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import NarrativeSection


@admin.register(NarrativeSection)
class NarrativeSectionAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "period", "kind", "perspective"]
    list_filter = ["unit", "period", "kind"]
