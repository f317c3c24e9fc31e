"""Rules of the set-up pages: who may set up what, and when a steering model is frozen.

Frozen figures: a unit's figures of a period that is no longer open (klarmarkerad,
godkänd or låst) are read against the measure's target, threshold and direction as
they were. So once any period of a unit's year has left "öppen", the measures of that
unit and year keep every field that decides a light or a trend, and nothing that
holds such a measure may be deleted. The change belongs in next year's model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.numbers import format_number
from scorecards.models import (
    ROLES_FOR_ACTION,
    Action,
    Direction,
    Measure,
    MeasureOutcome,
    Perspective,
    PerspectiveAssessment,
    UnitPeriod,
    is_admin,
    user_memberships,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

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
)

# The fields that make a target: saving a new one confirms a proposed (carried-over) target.
TARGET_FIELDS: tuple[str, ...] = (
    "target_direction",
    "target_value",
    "target_text",
    "partly_threshold",
)


def may_open_set_up(user: User) -> bool:
    """Whether the user sees "Inställningar": administrators and managers (chefer).

    Reads the user's roles once per request (they are cached on the user object, and
    most pages have read them already), so the navigation link costs no extra query.
    """
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    managing = ROLES_FOR_ACTION[Action.APPROVE]
    return any(role in managing for _path, role in user_memberships(user))


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


def perspective_frozen_reason(perspective: Perspective) -> str | None:
    """Why a perspective may not be deleted although no goal uses it: an assessment or a
    text of it in a unit period that is no longer open (deleting would take them along)."""
    from reports.models import NarrativeSection

    in_closed = {
        "perspective": perspective,
        "period__unit_periods__unit": F("unit"),
        "period__unit_periods__status__in": CLOSED_STATUSES,
    }
    found = (
        PerspectiveAssessment.objects.filter(**in_closed).select_related("period__year").first()
        or NarrativeSection.objects.filter(**in_closed).select_related("period__year").first()
    )
    if found is None:
        return None
    return _(
        "Perspektivet har bedömningar eller texter i en låst eller godkänd period "
        "(%(period)s). Ändra perspektiven i nästa års styrmodell."
    ) % {"period": found.period.label}


def target_label(*, direction: str, value: object, decimals: int, unit_of_measurement: str) -> str:
    """The target as the scorecard writes it when nobody typed one: "högst 10 st"."""
    words = Direction(direction).label
    if value is None or direction not in (Direction.AT_MOST, Direction.AT_LEAST):
        return str(words).capitalize() if direction != Direction.QUALITATIVE else ""
    number = format_number(value, decimals=decimals)  # type: ignore[arg-type]
    unit = f"\u00a0{unit_of_measurement}" if unit_of_measurement else ""
    return f"{str(words).capitalize()} {number}{unit}"


def key_from(name: str, taken: Iterable[str], *, max_length: int = 80) -> str:
    """A stable slug for a new measure or perspective, unique among ``taken``."""
    base = slugify(name)[: max_length - 4].strip("-") or "matt"
    taken = set(taken)
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
