"""What the Historik page lists of staff: the key staff figures of the period's months."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from reports.history import HistorySource
from scorecards.models import MONTHS_LONG
from staff.models import StaffMonth

STAFF_HISTORY = HistorySource(
    "personal",
    StaffMonth,
    gettext_lazy("Personal"),
    (
        "fte_rolling_12",
        "headcount",
        "extra_time_hours",
        "sick_leave_total",
        "sick_leave_short",
        "sick_leave_long",
        "sick_leave_women",
        "sick_leave_men",
    ),
    # The months of the period's year up to its end: the figures the period shows.
    lambda qs, up: qs.filter(
        unit=up.unit_id, year=up.period.year.year, month__lte=up.period.end_month
    ),
    lambda r: MONTHS_LONG.get(r.month, str(r.month)),
)
