"""What goals contributes to the consumers that loop over the domain apps.

Each name is read by ``common.contributions.collect`` in ``settings.DOMAIN_APPS`` order:
SHEETS are Excel sheets (spreadsheets.sheets.Sheet), after Styrkort in the workbook;
HISTORY_SOURCES are audited models on the Historik page (reports.history.HistorySource).
"""

from __future__ import annotations

from goals.history import GOAL_HISTORY, INDICATOR_HISTORY
from goals.sheets import INDICATORS

SHEETS = (INDICATORS,)
HISTORY_SOURCES = (GOAL_HISTORY, INDICATOR_HISTORY)
