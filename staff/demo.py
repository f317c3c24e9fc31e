"""Demo data for staff: the ``staff_months`` of each unit file, read by ``loaddemo``."""

from __future__ import annotations

from demo.loading import Data, DemoLoader, Loader, integer, number
from scorecards.models import Unit
from staff.models import StaffMonth


def load_staff_months(loader: Loader, unit: Unit, doc: Data) -> None:
    for data in doc.get("staff_months", []):
        year, month = (int(part) for part in data["month"].split("-"))
        loader.upsert(
            StaffMonth,
            {"unit": unit, "year": year, "month": month},
            {
                "fte_rolling_12": number(data, "fte_rolling_12"),
                "headcount": integer(data, "headcount"),
                "extra_time_hours": number(data, "extra_time_hours"),
                "sick_leave_total": number(data, "sick_leave_total"),
                "sick_leave_short": number(data, "sick_leave_short"),
                "sick_leave_long": number(data, "sick_leave_long"),
                "sick_leave_women": number(data, "sick_leave_women"),
                "sick_leave_men": number(data, "sick_leave_men"),
            },
        )


STAFF_DEMO = DemoLoader(name="staff", unit=load_staff_months)
