from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from finance import models
from scorecards.admin_mixins import (
    ClosedPeriodAdminMixin,
    ClosedPeriodInlineMixin,
    InlineWriteAdminMixin,
)


@admin.register(models.CostCategory)
class CostCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "line", "year", "order"]
    list_filter = ["year", "kind"]
    search_fields = ["name", "line"]


@admin.register(models.FinanceFigure)
class FinanceFigureAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "period", "category", "outcome", "period_budget", "annual_forecast"]
    list_filter = ["unit", "period"]


class FollowUpRowInline(ClosedPeriodInlineMixin, admin.TabularInline):
    model = models.FollowUpRow
    extra = 0
    unit_attr = "table.unit"
    period_attr = "table.period"


@admin.register(models.FollowUpTable)
class FollowUpTableAdmin(InlineWriteAdminMixin, ClosedPeriodAdminMixin, admin.ModelAdmin):
    list_display = ["title", "unit", "period"]
    inlines = [FollowUpRowInline]
