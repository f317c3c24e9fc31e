from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ledger import models


class AccountRangeInline(admin.TabularInline):
    model = models.AccountRange
    extra = 0


class CostCentreInline(admin.TabularInline):
    model = models.CostCentre
    extra = 0


@admin.register(models.LedgerMapping)
class LedgerMappingAdmin(SimpleHistoryAdmin):
    list_display = ["year", "cost_centre_dimension"]
    inlines = [AccountRangeInline, CostCentreInline]
