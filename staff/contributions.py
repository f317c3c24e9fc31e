"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from staff.demo import STAFF_DEMO
from staff.history import STAFF_HISTORY
from staff.report import STAFF_SECTION
from staff.sheets import STAFF

REPORT_SECTIONS = (STAFF_SECTION,)
SHEETS = (STAFF,)
HISTORY_SOURCES = (STAFF_HISTORY,)
DEMO_LOADERS = (STAFF_DEMO,)
