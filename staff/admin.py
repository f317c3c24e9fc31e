from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from staff.models import StaffMonth


@admin.register(StaffMonth)
class StaffMonthAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "month", "headcount", "fte_rolling_12", "sick_leave_total"]
    list_filter = ["unit", "year"]
