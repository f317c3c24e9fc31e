"""What reports contributes to the consumers that loop over the domain apps.

Each name is read by ``common.contributions.collect`` in ``settings.DOMAIN_APPS`` order:
REPORT_SECTIONS are report sections (reports.sections.ReportSection), read by reports.builder;
SHEETS are Excel sheets (spreadsheets.sheets.Sheet), after Styrkort in the workbook;
HISTORY_SOURCES are audited models on the Historik page (reports.history.HistorySource);
DEMO_LOADERS are parts of loaddemo (demo.loading.DemoLoader).
"""

from __future__ import annotations

from reports.demo import NARRATIVES_DEMO
from reports.history import TEXT_HISTORY
from reports.report_sections import (
    GOVERNANCE_SECTION,
    OUTLOOK_SECTION,
    PERSPECTIVES_SECTION,
    SUMMARY_SECTION,
)
from reports.sheets import NARRATIVES

REPORT_SECTIONS = (SUMMARY_SECTION, GOVERNANCE_SECTION, PERSPECTIVES_SECTION, OUTLOOK_SECTION)
SHEETS = (NARRATIVES,)
HISTORY_SOURCES = (TEXT_HISTORY,)
DEMO_LOADERS = (NARRATIVES_DEMO,)
