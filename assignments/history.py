"""What the Historik page lists of assignments: the period's notes (nuläge) and budgets."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from assignments.models import AssignmentBudget, AssignmentNote, BudgetUnit
from reports.history import HistorySource


def _budget_label(record: Any) -> str:
    title = record.assignment.title if record.assignment else "–"
    unit = dict(BudgetUnit.choices).get(record.unit, record.unit)
    return f"{title} ({unit})"


ASSIGNMENT_HISTORY = HistorySource(
    "uppdrag",
    AssignmentNote,
    gettext_lazy("Uppdrag"),
    ("status", "text"),
    lambda qs, up: qs.filter(period=up.period_id, assignment__unit=up.unit_id).select_related(
        "assignment"
    ),
    lambda r: r.assignment.title if r.assignment else "–",
)
ASSIGNMENT_BUDGET_HISTORY = HistorySource(
    "uppdragsbudget",
    AssignmentBudget,
    gettext_lazy("Uppdrag"),
    ("budget", "outcome", "remaining"),
    lambda qs, up: qs.filter(period=up.period_id, assignment__unit=up.unit_id).select_related(
        "assignment"
    ),
    _budget_label,
)
