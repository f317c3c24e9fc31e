from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from internal_control import models
from scorecards.admin_mixins import ClosedPeriodAdminMixin


class ActivityInline(admin.StackedInline):
    model = models.ControlActivity
    extra = 0


@admin.register(models.ControlPlan)
class ControlPlanAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "status", "approved_by_title", "approved_on"]
    list_filter = ["status", "year"]


@admin.register(models.Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["description", "plan", "probability", "consequence", "decision", "order"]
    list_filter = ["decision", "plan"]
    inlines = [ActivityInline]


@admin.register(models.ActivityFollowUp)
class ActivityFollowUpAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    unit_attr = "activity.risk.plan.unit"
    list_display = ["activity", "period", "assessment"]
    list_filter = ["assessment", "period"]
