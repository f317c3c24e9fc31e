"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from allocation.demo import ALLOCATION_DEMO
from allocation.report import ALLOCATION_SECTION

REPORT_SECTIONS = (ALLOCATION_SECTION,)
DEMO_LOADERS = (ALLOCATION_DEMO,)
