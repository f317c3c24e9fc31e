"""What investments contributes to the consumers that loop over the domain apps.

Each name is read by ``common.contributions.collect`` in ``settings.DOMAIN_APPS`` order:
REPORT_SECTIONS are report sections (reports.sections.ReportSection), read by reports.builder;
SHEETS are Excel sheets (spreadsheets.sheets.Sheet), after Styrkort in the workbook;
HISTORY_SOURCES are audited models on the Historik page (reports.history.HistorySource);
ROLLOVER_STEPS are copy steps of Nytt verksamhetsår (rollover.steps.RolloverStep);
DEMO_LOADERS are parts of loaddemo (demo.loading.DemoLoader).
"""

from __future__ import annotations

from investments.demo import INVESTMENTS_DEMO
from investments.history import INVESTMENT_HISTORY
from investments.report import INVESTMENT_SECTION
from investments.rollover import INVESTMENT_CATEGORIES
from investments.sheets import INVESTMENTS

REPORT_SECTIONS = (INVESTMENT_SECTION,)
SHEETS = (INVESTMENTS,)
HISTORY_SOURCES = (INVESTMENT_HISTORY,)
ROLLOVER_STEPS = (INVESTMENT_CATEGORIES,)
DEMO_LOADERS = (INVESTMENTS_DEMO,)
