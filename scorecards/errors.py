"""The error contract: every refusal a service raises, with a Swedish message for the user.

One hierarchy, defined here once. Services raise only ``DomainError`` subclasses; each
class carries its HTTP ``status`` (a refused right 403, a stale save or a rollover into
a year that exists 409, every other refusal 422) and views answer with
``error_status(error)``, showing ``message`` next to ``field`` when the refusal is about
one input (``errors`` has the messages per field). ``NotAllowed`` is also Django's
``PermissionDenied``, so where no view catches it the user gets the 403 page. A model's
own ``full_clean`` errors become ``InputRefused`` through ``validated``. The names stay
importable from where they were first used (``scorecards.services``,
``steering.services``, ``rollover.services``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A refused change, with a Swedish message for the user and the field it is about."""

    status = 422  # the request was understood, the change refused

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def errors(self) -> dict[str | None, list[str]]:
        """The messages per field (``None``: about the whole form)."""
        return {self.field: [self.message]}


class NotAllowed(DomainError, PermissionDenied):
    """The user lacks the right for this change (a 403, also where no view catches it)."""

    status = 403


class InputRefused(DomainError):
    """The model's own validation (``full_clean``) refused the input, per field."""

    def __init__(self, errors: Mapping[str | None, list[str]]) -> None:
        super().__init__(
            " ".join(m for messages in errors.values() for m in messages),
            next(iter(errors)) if len(errors) == 1 else None,  # the one field it is about
        )
        self.by_field = dict(errors)

    @property
    def errors(self) -> dict[str | None, list[str]]:
        return self.by_field


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

    status = 409

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

    status = 409  # a conflict with the years that exist


def error_status(error: DomainError) -> int:
    """The one mapping of a refusal to an HTTP status: the status of its class."""
    return error.status


def form_refused(form: Any, error: DomainError) -> int:
    """Put a service's refusal on the form (next to its field, else above the form) and
    return the status to answer with: the one way every set-up page shows a refusal."""
    for name, texts in error.errors.items():
        form.add_error(name if name in form.fields else None, texts)
    return error_status(error)


def invalid_input(error: ValidationError) -> InputRefused:
    """Django's ``ValidationError`` (from ``full_clean``) as the domain's ``InputRefused``."""
    if hasattr(error, "error_dict"):
        return InputRefused(
            {
                None if name == NON_FIELD_ERRORS else name: messages
                for name, messages in error.message_dict.items()
            }
        )
    return InputRefused({None: error.messages})


def validated(instance: models.Model) -> None:
    """``full_clean()`` the instance; what it refuses is raised as ``InputRefused``."""
    try:
        instance.full_clean()
    except ValidationError as error:
        raise invalid_input(error) from error


def fields_check(changes: Mapping[str, Any], allowed: Collection[str]) -> None:
    """Refuse a write that names a field outside ``allowed`` (one check for every service)."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise UnknownFields(
            _("Fälten %(fields)s kan inte ändras här.") % {"fields": ", ".join(unknown)}
        )
