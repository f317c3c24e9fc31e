"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from allocation.demo import ALLOCATION_DEMO
from allocation.report import ALLOCATION_SECTION
from allocation.rollover import INHABITANTS

REPORT_SECTIONS = (ALLOCATION_SECTION,)
ROLLOVER_STEPS = (INHABITANTS,)
DEMO_LOADERS = (ALLOCATION_DEMO,)
