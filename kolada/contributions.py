"""What this app adds to the shared consumers (see common.contributions)."""

from __future__ import annotations

from kolada.demo import KOLADA_DEMO

DEMO_LOADERS = (KOLADA_DEMO,)
