"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from annual_cycle.demo import ANNUAL_CYCLE_DEMO

DEMO_LOADERS = (ANNUAL_CYCLE_DEMO,)
