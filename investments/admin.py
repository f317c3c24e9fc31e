from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from investments import models
from scorecards.admin_mixins import ClosedPeriodAdminMixin


@admin.register(models.InvestmentCategory)
class InvestmentCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "year", "order"]
    list_filter = ["year"]


@admin.register(models.InvestmentFrame)
class InvestmentFrameAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "category", "amount"]
    list_filter = ["unit", "category__year"]


@admin.register(models.InvestmentOutcome)
class InvestmentOutcomeAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "unit",
        "period",
        "category",
        "outcome_earlier_decisions",
        "outcome_current_decisions",
    ]
    list_filter = ["unit", "period"]
