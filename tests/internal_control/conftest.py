"""A region with two divisions, a plan for division a and the users of the entry tests."""

from __future__ import annotations

from typing import Any

import pytest

from internal_control.models import ControlActivity, ControlPlan, Risk
from tests import factories


def plan_with_risks(world: dict[str, Any], scores: list[tuple[int, int]]) -> ControlPlan:
    """A's plan of the world's year with one risk (and one activity) per (p, c)."""
    up = world["up"]
    plan = ControlPlan.objects.create(unit=world["a"], year=up.period.year)
    for order, (probability, consequence) in enumerate(scores, start=1):
        risk = Risk.objects.create(
            plan=plan,
            description=f"Risk {order}",
            probability=probability,
            consequence=consequence,
            order=order,
        )
        ControlActivity.objects.create(
            risk=risk, what=f"Aktivitet {order}", method=f"Metod {order}", order=1
        )
    return plan


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    return factories.entry_world("ic")
