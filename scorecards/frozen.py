"""The frozen-figures rule: when a unit's steering model of a year may no longer change.

A unit's figures of a period that is no longer open (klarmarkerad, godkänd or låst)
are read against the measure's target, threshold and direction as they were. So once
any period of a unit's year has left "öppen", the measures of that unit and year keep
every field that decides a light or a trend, and nothing that holds such a measure may
be deleted. The change belongs in next year's model. The set-up pages, the Django admin
and the services all ask this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from scorecards.models import Measure, MeasureOutcome, UnitPeriod

# The fields of a measure that decide its lights and trends (attainment against the
# target, threshold and baseline; trend matched by key; how outcomes are read).
FROZEN_MEASURE_FIELDS: tuple[str, ...] = (
    "key",
    "value_kind",
    "decimals",
    "baseline_value",
    "target_direction",
    "target_value",
    "target_text",
    "partly_threshold",
    "frequency",
    "accumulates",
    # Typed or computed from occasions: switching would leave the closed periods'
    # figures computed one way and the open ones another.
    "value_source",
)


@dataclass(frozen=True)
class ClosedPeriod:
    """The first period of a unit's year that is no longer open."""

    unit_id: int
    label: str
    status: str


def closed_periods(
    *, year_id: int, unit_ids: Iterable[int] | None = None
) -> dict[int, ClosedPeriod]:
    """Per unit, its first unit period of the year that is not open: one query."""
    rows = (
        UnitPeriod.objects.filter(period__year=year_id)
        .exclude(status=UnitPeriod.Status.OPEN)
        .select_related("period__year")
        .order_by("unit_id", "period__end_month")
    )
    if unit_ids is not None:
        rows = rows.filter(unit__in=list(unit_ids))
    found: dict[int, ClosedPeriod] = {}
    for up in rows:
        if up.unit_id not in found:
            found[up.unit_id] = ClosedPeriod(
                up.unit_id, up.period.label, up.get_status_display().lower()
            )
    return found


def frozen_message(closed: ClosedPeriod, *, has_outcomes: bool) -> str:
    if has_outcomes:
        return _(
            "Styrmåttet har utfall i en låst eller godkänd period (%(period)s). "
            "Ändra målet i nästa års styrmodell."
        ) % {"period": closed.label}
    return _(
        "Enhetens period %(period)s är %(status)s, så styrmåttets mål kan inte ändras. "
        "Ändra målet i nästa års styrmodell."
    ) % {"period": closed.label, "status": closed.status}


def measures_frozen_reason(measures: Iterable[Measure]) -> str | None:
    """Why these measures (of one year) may not change their target or be deleted; or None.

    Two queries: the closed periods of their units, and whether any of the frozen
    measures has an outcome (which only picks the wording).
    """
    measures = list(measures)
    if not measures:
        return None
    goal = measures[0].goal
    closed = closed_periods(
        year_id=goal.perspective.year_id, unit_ids={m.goal.unit_id for m in measures}
    )
    frozen = [m for m in measures if m.goal.unit_id in closed]
    if not frozen:
        return None
    has_outcomes = MeasureOutcome.objects.filter(
        measure__in=frozen, period__year=goal.perspective.year_id
    ).exists()
    return frozen_message(closed[frozen[0].goal.unit_id], has_outcomes=has_outcomes)


CLOSED_STATUSES = (
    UnitPeriod.Status.SUBMITTED,
    UnitPeriod.Status.APPROVED,
    UnitPeriod.Status.LOCKED,
)
