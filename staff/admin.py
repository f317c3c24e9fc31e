from __future__ import annotations

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from scorecards.admin_mixins import ClosedPeriodAdminMixin, ExtraCheck
from scorecards.errors import PeriodClosed
from scorecards.models import UnitPeriod
from staff.models import StaffMonth
from staff.services import month_closed_by, month_closed_message


@admin.register(StaffMonth)
class StaffMonthAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "year", "month", "headcount", "fte_rolling_12", "sick_leave_total"]
    list_filter = ["unit", "year"]

    def unit_period_of(self, obj: models.Model) -> UnitPeriod | None:
        """The unit period that closes the month: a month is shared by T1, T2 and the year."""
        month: StaffMonth = obj  # type: ignore[assignment]
        if month.unit_id is None or month.year is None or month.month is None:
            return None
        return month_closed_by(unit_id=month.unit_id, year=month.year, month=month.month)

    def is_closed(self, obj: models.Model | None) -> bool:
        if obj is None or obj.pk is None:
            return False
        return self.unit_period_of(obj) is not None

    def write_target(self, obj: models.Model) -> tuple[UnitPeriod | None, ExtraCheck | None]:
        """Written through the month's first period of the year; any period holding the
        month that is not open closes it (the staff month lock)."""
        month: StaffMonth = obj  # type: ignore[assignment]
        closed = self.unit_period_of(obj)
        if closed is not None:
            return closed, None
        through = (
            UnitPeriod.objects.select_related("unit", "period__year")
            .filter(
                unit=month.unit_id,
                period__year__year=month.year,
                period__end_month__gte=month.month,
            )
            .order_by("period__end_month", "pk")
            .first()
        )

        def month_open_check(_row: object) -> None:
            closed_by = month_closed_by(unit_id=month.unit_id, year=month.year, month=month.month)
            if closed_by is not None:
                raise PeriodClosed(
                    month_closed_message(month=month.month, year=month.year, closed_by=closed_by)
                )

        return through, month_open_check
