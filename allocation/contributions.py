"""What allocation contributes to the consumers that loop over the domain apps.

Each name is read by ``common.contributions.collect`` in ``settings.DOMAIN_APPS`` order:
DEMO_LOADERS are parts of loaddemo (demo.loading.DemoLoader).
"""

from __future__ import annotations

from allocation.demo import ALLOCATION_DEMO

DEMO_LOADERS = (ALLOCATION_DEMO,)
