"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from assignments.demo import ASSIGNMENTS_DEMO
from assignments.history import ASSIGNMENT_BUDGET_HISTORY, ASSIGNMENT_HISTORY
from assignments.report import ASSIGNMENT_SECTION
from assignments.rollover import OPEN_ASSIGNMENTS
from assignments.sheets import ASSIGNMENT_BUDGETS, ASSIGNMENTS

REPORT_SECTIONS = (ASSIGNMENT_SECTION,)
SHEETS = (ASSIGNMENTS, ASSIGNMENT_BUDGETS)
HISTORY_SOURCES = (ASSIGNMENT_HISTORY, ASSIGNMENT_BUDGET_HISTORY)
ROLLOVER_STEPS = (OPEN_ASSIGNMENTS,)
DEMO_LOADERS = (ASSIGNMENTS_DEMO,)
