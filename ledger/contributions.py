"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from ledger.demo import LEDGER_DEMO

DEMO_LOADERS = (LEDGER_DEMO,)
