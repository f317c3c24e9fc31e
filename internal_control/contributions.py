"""What this app adds to the shared consumers (see common.contributions)."""

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
