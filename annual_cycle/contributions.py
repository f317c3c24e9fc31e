"""What annual_cycle contributes to the consumers that loop over the domain apps.

Each name is read by ``common.contributions.collect`` in ``settings.DOMAIN_APPS`` order:
DEMO_LOADERS are parts of loaddemo (demo.loading.DemoLoader).
"""

from __future__ import annotations

from annual_cycle.demo import ANNUAL_CYCLE_DEMO

DEMO_LOADERS = (ANNUAL_CYCLE_DEMO,)
