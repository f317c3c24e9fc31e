"""Figure by figure comparison of two report snapshots (editions or periods)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FigureChange:
    label: str
    before: str
    after: str


def compare(
    before: Mapping[str, Mapping[str, str]], after: Mapping[str, Mapping[str, str]]
) -> list[FigureChange]:
    """Every figure whose shown value differs, in the order of the newer report.

    Figures only in one of the two appear with an empty other side.
    """
    changes = []
    keys = list(after) + [k for k in before if k not in after]
    for key in keys:
        old = before.get(key, {}).get("value", "")
        new = after.get(key, {}).get("value", "")
        if old != new:
            label = (after.get(key) or before.get(key) or {}).get("label", key)
            changes.append(FigureChange(label=label, before=old, after=new))
    return changes
