from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import NarrativeSection
from scorecards.admin_mixins import ClosedPeriodAdminMixin


@admin.register(NarrativeSection)
class NarrativeSectionAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "period", "kind", "perspective"]
    list_filter = ["unit", "period", "kind"]
