"""The indicator rules: a value computed from counts, and figures from occasions; never
typed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
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


@dataclass(frozen=True)
class OccasionFigures:
    """What a goal's occasions up to a period's end add up to: how many were held and,
    over those with attendance recorded, the members present of all members."""

    count: int
    attended: int
    of_total: int

    def outcome_changes(self, measure: Measure) -> dict[str, Decimal | None]:
        """The measure's scorecard outcome: the count, or attendance as a share in percent
        (what the scorecard lights against the target)."""
        if measure.value_source == Measure.ValueSource.OCCASION_COUNT:
            return {"value": Decimal(self.count)}
        share = indicator_value(numerator=self.attended, denominator=self.of_total)
        return {"value": None if share is None else share.quantize(_STORED)}

    def count_changes(self, measure: Measure) -> dict[str, Decimal | None] | None:
        """The counts the goals page and the report read ("22 av 28"): attendance only."""
        if measure.value_source != Measure.ValueSource.OCCASION_ATTENDANCE:
            return None
        if not self.of_total:
            return {"numerator": None, "denominator": None}
        return {"numerator": Decimal(self.attended), "denominator": Decimal(self.of_total)}


_STORED = Decimal("0.0001")  # the four decimals an outcome is stored with


def occasion_figures(
    occasions: Iterable[tuple[date, int | None, int | None]], *, end_month: int
) -> OccasionFigures:
    """Count and attendance of the occasions ``(date, attended, of_total)`` held from
    1 January to the end of ``end_month`` (periods are cumulative from 1 January):
    2 meetings by May, 12 of 14 and 10 of 14 present → 2, "22 av 28"."""
    held = [(attended, total) for day, attended, total in occasions if day.month <= end_month]
    recorded = [(a, t) for a, t in held if a is not None and t is not None]
    return OccasionFigures(
        count=len(held),
        attended=sum(a for a, _ in recorded),
        of_total=sum(t for _, t in recorded),
    )
