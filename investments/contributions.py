"""What this app adds to the shared consumers (see common.contributions)."""

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
