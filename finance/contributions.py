"""What finance contributes to the consumers that loop over the domain apps.

Each name is read by ``common.contributions.collect`` in ``settings.DOMAIN_APPS`` order:
REPORT_SECTIONS are report sections (reports.sections.ReportSection), read by reports.builder;
SHEETS are Excel sheets (spreadsheets.sheets.Sheet), after Styrkort in the workbook;
HISTORY_SOURCES are audited models on the Historik page (reports.history.HistorySource);
ROLLOVER_STEPS are copy steps of Nytt verksamhetsår (rollover.steps.RolloverStep);
DEMO_LOADERS are parts of loaddemo (demo.loading.DemoLoader).
"""

from __future__ import annotations

from finance.demo import FINANCE_DEMO
from finance.history import FINANCE_HISTORY, FOLLOW_UP_HISTORY
from finance.report import FINANCE_SECTION
from finance.rollover import COST_CATEGORIES
from finance.sheets import FINANCE, FOLLOW_UP

REPORT_SECTIONS = (FINANCE_SECTION,)
SHEETS = (FINANCE, FOLLOW_UP)
HISTORY_SOURCES = (FINANCE_HISTORY, FOLLOW_UP_HISTORY)
ROLLOVER_STEPS = (COST_CATEGORIES,)
DEMO_LOADERS = (FINANCE_DEMO,)
