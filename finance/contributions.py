"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from finance.demo import FINANCE_DEMO
from finance.history import FINANCE_HISTORY, FOLLOW_UP_HISTORY
from finance.report import FINANCE_LINES_SECTION, FINANCE_SECTION
from finance.rollover import COST_CATEGORIES
from finance.sheets import FINANCE, FOLLOW_UP

REPORT_SECTIONS = (FINANCE_SECTION, FINANCE_LINES_SECTION)
SHEETS = (FINANCE, FOLLOW_UP)
HISTORY_SOURCES = (FINANCE_HISTORY, FOLLOW_UP_HISTORY)
ROLLOVER_STEPS = (COST_CATEGORIES,)
DEMO_LOADERS = (FINANCE_DEMO,)
