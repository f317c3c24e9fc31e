"""The Personal sheet of the Excel workbook: the key staff figures month by month."""

from __future__ import annotations

from scorecards.models import MONTHS_LONG, UnitPeriod
from spreadsheets.sheets import (
    DECIMAL_1,
    PERCENT,
    VERSION,
    WHOLE,
    Column,
    Sheet,
    SheetRow,
    service_writer,
)
from staff.models import StaffMonth
from staff.selectors import FIGURES as STAFF_FIGURES
from staff.services import closed_months, month_closed_message, staff_month_set


def _staff_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The months of the period's year up to its end: two queries (months, closed months)."""
    period = unit_period.period
    year = period.year.year
    stored = {
        m.month: m
        for m in StaffMonth.objects.filter(
            unit=unit_period.unit_id, year=year, month__lte=period.end_month
        )
    }
    closed = closed_months(unit_period=unit_period)
    rows = []
    for month in period.months:
        closed_by = closed.get(month)
        reason = (
            month_closed_message(month=month, year=year, closed_by=closed_by)
            if closed_by is not None and closed_by.pk != unit_period.pk
            else ""
        )
        rows.append(
            SheetRow(
                ident=(month,),
                stored=stored.get(month)
                or StaffMonth(unit_id=unit_period.unit_id, year=year, month=month, version=0),
                target=month,
                info={"year": year, "name": MONTHS_LONG[month]},
                locked=dict.fromkeys(STAFF_FIGURES, reason) if reason else {},
            )
        )
    return rows


STAFF = Sheet(
    title="Personal",
    columns=(
        Column("År", "info", "year", width=7),
        Column("Månad", "id", "month", width=8),
        Column("Månadsnamn", "info", "name", width=12),
        Column("Årsarbetare (rullande 12 mån)", "number", "fte_rolling_12", DECIMAL_1, width=16),
        Column("Antal anställda", "integer", "headcount", WHOLE, width=12),
        Column("Extratid (timmar, ackumulerat)", "number", "extra_time_hours", DECIMAL_1, width=16),
        Column("Sjukfrånvaro totalt (%)", "number", "sick_leave_total", PERCENT, width=14),
        Column("Sjukfrånvaro kort (%)", "number", "sick_leave_short", PERCENT, width=14),
        Column("Sjukfrånvaro lång (%)", "number", "sick_leave_long", PERCENT, width=14),
        Column("Sjukfrånvaro kvinnor (%)", "number", "sick_leave_women", PERCENT, width=14),
        Column("Sjukfrånvaro män (%)", "number", "sick_leave_men", PERCENT, width=14),
        VERSION,
    ),
    rows=_staff_rows,
    write=service_writer(staff_month_set, "month"),
)
