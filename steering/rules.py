"""Rules of the set-up pages: who may set up what, targets and keys.

The frozen-figures rule guards the core's models and lives in ``scorecards.frozen``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.numbers import format_number
from common.set_up import unique_slug
from scorecards.frozen import CLOSED_STATUSES
from scorecards.models import (
    ROLES_FOR_ACTION,
    Action,
    Direction,
    Perspective,
    PerspectiveAssessment,
    Unit,
    is_admin,
    user_memberships,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# The fields that make a target: saving a new one confirms a proposed (carried-over) target.
TARGET_FIELDS: tuple[str, ...] = (
    "target_direction",
    "target_value",
    "target_text",
    "partly_threshold",
)


def goal_units(user: User) -> Any:
    """The units whose goals and measures the user may set: a manager's own units, and
    every unit of an organisation the user administers (Role.ADMIN on its top unit)."""
    return Unit.objects.for_user(user, Action.APPROVE) | Unit.objects.for_user(user, Action.ADMIN)


def may_open_set_up(user: User) -> bool:
    """Whether the user sees "Inställningar": administrators and managers (chefer).

    Reads the user's roles once per request (they are cached on the user object, and
    most pages have read them already), so the navigation link costs no extra query.
    """
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    setting_up = ROLES_FOR_ACTION[Action.APPROVE] | ROLES_FOR_ACTION[Action.ADMIN]
    return any(role in setting_up for _path, role in user_memberships(user))


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
    return unique_slug(slugify(name)[: max_length - 4].strip("-") or "matt", taken)
