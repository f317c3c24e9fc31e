"""The assignment rules: budget forecast and difference, and when an assignment is overdue.

Computed here only; nothing stores their result.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from assignments.models import AssignmentStatus

# An assignment in one of these is finished: it can no longer be late.
FINISHED = frozenset({AssignmentStatus.DONE, AssignmentStatus.CLOSED})


@dataclass(frozen=True)
class BudgetForecast:
    """Prognos = utfall hittills + beräknat återstående; avvikelse = budget − prognos."""

    forecast: Decimal | None
    difference: Decimal | None


def budget_forecast(
    *, budget: Decimal | None, outcome: Decimal | None, remaining: Decimal | None
) -> BudgetForecast:
    """180 h budget, 173,5 h used and 9 h left: forecast 182,5 h, difference −2,5 h.

    A negative difference is an overrun. Without both outcome and remaining there is no
    forecast, and without a budget and a forecast no difference.
    """
    forecast = None if outcome is None or remaining is None else outcome + remaining
    difference = None if budget is None or forecast is None else budget - forecast
    return BudgetForecast(forecast=forecast, difference=difference)


def is_overdue(*, due_date: datetime.date | None, status: str | None, today: datetime.date) -> bool:
    """Late: the due date has passed and the latest status is neither klart nor avslutat."""
    return due_date is not None and due_date < today and status not in FINISHED
