"""What assignments contributes to the consumers that loop over the domain apps.

Each name is read by ``common.contributions.collect`` in ``settings.DOMAIN_APPS`` order:
REPORT_SECTIONS are report sections (reports.sections.ReportSection), read by reports.builder;
SHEETS are Excel sheets (spreadsheets.sheets.Sheet), after Styrkort in the workbook;
HISTORY_SOURCES are audited models on the Historik page (reports.history.HistorySource);
ROLLOVER_STEPS are copy steps of Nytt verksamhetsår (rollover.steps.RolloverStep);
DEMO_LOADERS are parts of loaddemo (demo.loading.DemoLoader).
"""

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
