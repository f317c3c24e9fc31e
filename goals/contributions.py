"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from goals.demo import GOALS_DEMO
from goals.history import GOAL_HISTORY, INDICATOR_HISTORY
from goals.report import GOALS_SECTION
from goals.sheets import INDICATORS

REPORT_SECTIONS = (GOALS_SECTION,)
SHEETS = (INDICATORS,)
HISTORY_SOURCES = (GOAL_HISTORY, INDICATOR_HISTORY)
DEMO_LOADERS = (GOALS_DEMO,)
