"""What staff contributes to the consumers that loop over the domain apps.

Each name is read by ``common.contributions.collect`` in ``settings.DOMAIN_APPS`` order:
REPORT_SECTIONS are report sections (reports.sections.ReportSection), read by reports.builder;
SHEETS are Excel sheets (spreadsheets.sheets.Sheet), after Styrkort in the workbook;
HISTORY_SOURCES are audited models on the Historik page (reports.history.HistorySource);
DEMO_LOADERS are parts of loaddemo (demo.loading.DemoLoader).
"""

from __future__ import annotations

from staff.demo import STAFF_DEMO
from staff.history import STAFF_HISTORY
from staff.report import STAFF_SECTION
from staff.sheets import STAFF

REPORT_SECTIONS = (STAFF_SECTION,)
SHEETS = (STAFF,)
HISTORY_SOURCES = (STAFF_HISTORY,)
DEMO_LOADERS = (STAFF_DEMO,)
