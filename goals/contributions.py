"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from goals.history import GOAL_HISTORY, INDICATOR_HISTORY
from goals.sheets import INDICATORS

SHEETS = (INDICATORS,)
HISTORY_SOURCES = (GOAL_HISTORY, INDICATOR_HISTORY)
