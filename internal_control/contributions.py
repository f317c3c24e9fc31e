"""What internal_control contributes to the consumers that loop over the domain apps.

Each name is read by ``common.contributions.collect`` in ``settings.DOMAIN_APPS`` order:
REPORT_SECTIONS are report sections (reports.sections.ReportSection), read by reports.builder;
SHEETS are Excel sheets (spreadsheets.sheets.Sheet), after Styrkort in the workbook;
HISTORY_SOURCES are audited models on the Historik page (reports.history.HistorySource);
ROLLOVER_STEPS are copy steps of Nytt verksamhetsår (rollover.steps.RolloverStep);
DEMO_LOADERS are parts of loaddemo (demo.loading.DemoLoader).
"""

from __future__ import annotations

from internal_control.demo import INTERNAL_CONTROL_DEMO
from internal_control.history import INTERNAL_CONTROL_HISTORY
from internal_control.report import INTERNAL_CONTROL_SECTION
from internal_control.rollover import CONTROL_PLANS
from internal_control.sheets import INTERNAL_CONTROL

REPORT_SECTIONS = (INTERNAL_CONTROL_SECTION,)
SHEETS = (INTERNAL_CONTROL,)
HISTORY_SOURCES = (INTERNAL_CONTROL_HISTORY,)
ROLLOVER_STEPS = (CONTROL_PLANS,)
DEMO_LOADERS = (INTERNAL_CONTROL_DEMO,)
