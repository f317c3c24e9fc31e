"""What investments adds to the shared consumers (see common.contributions).

Each tuple is read by one consumer: REPORT_SECTIONS by reports.builder, SHEETS by the
Excel workbook (spreadsheets), HISTORY_SOURCES by the Historik page (reports.history),
ROLLOVER_STEPS by Nytt verksamhetsår (rollover), DEMO_LOADERS by loaddemo (demo).
"""

from __future__ import annotations

from typing import Any

# --- report sections (reports.sections.ReportSection)
REPORT_SECTIONS: tuple[Any, ...] = ()

# --- Excel sheets (spreadsheets.sheets.Sheet)
SHEETS: tuple[Any, ...] = ()

# --- history sources (reports.history.HistorySource)
HISTORY_SOURCES: tuple[Any, ...] = ()

# --- rollover copy steps (rollover.steps.RolloverStep)
ROLLOVER_STEPS: tuple[Any, ...] = ()

# --- demo loaders (demo.loading.DemoLoader)
DEMO_LOADERS: tuple[Any, ...] = ()
