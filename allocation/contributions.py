"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from allocation.demo import ALLOCATION_DEMO

DEMO_LOADERS = (ALLOCATION_DEMO,)
