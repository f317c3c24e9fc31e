"""What the domain apps contribute to the shared consumers, collected in settings' order.

Each domain app declares in its ``contributions.py`` what it adds: report sections
(``REPORT_SECTIONS``), Excel sheets (``SHEETS``), history sources (``HISTORY_SOURCES``),
rollover copy steps (``ROLLOVER_STEPS``) and demo loaders (``DEMO_LOADERS``). The
report builder, the workbook, the Historik page, the rollover and the demo loader loop
over ``settings.DOMAIN_APPS`` — an explicit, ordered tuple, so a reader finds every
contribution by opening ``<app>/contributions.py``. No registry, no entry points.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

from django.conf import settings


@cache
def _modules() -> tuple[ModuleType, ...]:
    return tuple(import_module(f"{app}.contributions") for app in settings.DOMAIN_APPS)


def collect(name: str) -> tuple[Any, ...]:
    """Every app's ``name`` tuple (e.g. "SHEETS"), concatenated in ``DOMAIN_APPS`` order."""
    return tuple(item for module in _modules() for item in getattr(module, name, ()))
