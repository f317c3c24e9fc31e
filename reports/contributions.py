"""What this app adds to the shared consumers (see common.contributions)."""

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
