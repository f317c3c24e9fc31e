"""The error contract: every refusal a service raises, with a Swedish message for the user.

One hierarchy, defined here once. Services raise a ``DomainError`` subclass; views map
it to a status with ``error_status`` (a stale save 409, every other refusal 422) and
show ``message``, next to ``field`` when the refusal is about one input. The names stay
importable from where they were first used (``scorecards.services``,
``steering.services``, ``rollover.services``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A refused change, with a Swedish message for the user and the field it is about."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class EntryError(DomainError):
    """A refused write of a figure or text."""


class PeriodClosed(EntryError):
    """The unit period is submitted, approved or locked: nothing may be written."""


@dataclass(frozen=True)
class LastChange:
    who: str
    when: datetime | None


class StaleVersion(EntryError):
    """Someone saved the row after this user loaded it."""

    def __init__(self, current: models.Model, last: LastChange) -> None:
        super().__init__(
            _("%(who)s sparade en ändring %(when)s efter att du öppnade sidan.")
            % {
                "who": last.who,
                "when": timezone.localtime(last.when).strftime("%Y-%m-%d %H:%M")
                if last.when
                else "",
            }
        )
        self.current = current
        self.last = last


class UnknownFields(EntryError):
    """A write named fields the row does not let it change."""


class SteeringError(EntryError):
    """A refused change of the steering model, with a Swedish message."""


class RolloverRefused(DomainError):
    """The rollover can't run (already done, source missing, target set up by hand)."""


def error_status(error: DomainError) -> int:
    """The one mapping of a refusal to an HTTP status: a stale save 409, any other 422."""
    return 409 if isinstance(error, StaleVersion) else 422


def fields_check(changes: Mapping[str, Any], allowed: Collection[str]) -> None:
    """Refuse a write that names a field outside ``allowed`` (one check for every service)."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise UnknownFields(
            _("Fälten %(fields)s kan inte ändras här.") % {"fields": ", ".join(unknown)}
        )
