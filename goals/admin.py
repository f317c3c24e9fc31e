from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from goals import models
from scorecards.admin_mixins import ClosedPeriodAdminMixin


@admin.register(models.GoalFollowUp)
class GoalFollowUpAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    unit_attr = "goal.unit"
    list_display = ["goal", "period", "forecast"]
    list_filter = ["forecast", "period"]


@admin.register(models.IndicatorCount)
class IndicatorCountAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    unit_attr = "measure.goal.unit"
    list_display = ["measure", "period", "numerator", "denominator"]
    list_filter = ["period"]
