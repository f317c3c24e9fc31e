"""Finance rules: deviation from budget and net cost development, in one place each."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from common.numbers import percent_change


def deviation(outcome: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """Outcome − budget: positive is better, since costs are negative and income positive.

    Seed 001: result −1,4 mnkr against a period budget of −2,2 mnkr → +0,8 mnkr.
    """
    if outcome is None or budget is None:
        return None
    return outcome - budget


@dataclass(frozen=True)
class NetCostChange:
    """Change against the same period last year (nettokostnadsutveckling)."""

    current: Decimal
    previous: Decimal
    change: Decimal
    percent: Decimal | None


def net_cost_change(current: Decimal, previous: Decimal) -> NetCostChange:
    """Seed 001: Personal −32 533 999 vs −32 465 224 → −68 775 kr and 0,21 %."""
    return NetCostChange(
        current=current,
        previous=previous,
        change=current - previous,
        percent=percent_change(current, previous),
    )
