"""The indicator rule: a value computed from counts, never typed in."""

from __future__ import annotations

from decimal import Decimal

from scorecards.models import Measure


def indicator_value(
    *, numerator: Decimal | int | None, denominator: Decimal | int | None
) -> Decimal | None:
    """Value in percent = numerator / denominator × 100 (9 of 14 → 64,28… %, shown "64 %").

    No value without both counts, or when the denominator is 0.
    """
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) / Decimal(denominator) * 100


def is_share(measure: Measure) -> bool:
    """An indicator counted as part of a whole is read as a share when its unit is percent:
    "6 av 10 (60 %)"; otherwise its counts stand alone ("6 av 10")."""
    return measure.unit_of_measurement.strip() == "%"
