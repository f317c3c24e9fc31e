"""The annual cycle's rules: a deadline's date in a year, whether a unit period has
reached a deadline's step, and the state shown for it (klart / ej klart / försenat).

Pure functions of the stored rule and the dates: no queries.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from annual_cycle.models import REACHED_BY, Deadline, Step
from scorecards.models import MONTHS_LONG


class State(models.TextChoices):
    """Where a unit period stands against a deadline; shown with a symbol and text."""

    DONE = "done", _("Klart")
    PENDING = "pending", _("Ej klart")
    OVERDUE = "overdue", _("Försenat")


StrOrPromise = str | Promise

SYMBOLS = {State.DONE: "✓", State.PENDING: "○", State.OVERDUE: "⚠"}

# How a sentence names a step's work: "klarmarkering", "fristen för klarmarkeringen".
STEP_NOUNS: dict[str, tuple[StrOrPromise, StrOrPromise]] = {
    Step.ENTRY: (_("registrering"), _("registreringen")),
    Step.SUBMISSION: (_("klarmarkering"), _("klarmarkeringen")),
    Step.APPROVAL: (_("godkännande"), _("godkännandet")),
    Step.EVENT: (_("händelse"), _("händelsen")),
}


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def deadline_date(
    deadline: Deadline, year: int, overrides: Mapping[tuple[int, int], datetime.date] | None = None
) -> datetime.date:
    """The date of the rule for periods of ``year`` (for an event: the year it recurs in).

    ``year_offset`` moves it into the following year (the årsrapport of 2020 in March
    2021). A moved date for the year (``overrides[(deadline.pk, year)]``) wins. 29
    February falls on the 28th in other years.
    """
    if overrides:
        moved = overrides.get((deadline.pk, year))
        if moved is not None:
            return moved
    in_year = year + deadline.year_offset
    return datetime.date(
        in_year, deadline.month, min(deadline.day, days_in_month(in_year, deadline.month))
    )


def base_year(deadline: Deadline, calendar_year: int) -> int:
    """The period year whose date of this rule falls in ``calendar_year``."""
    return calendar_year - deadline.year_offset


def is_reached(step: str, status: str) -> bool:
    """Whether a unit period with ``status`` has done what the step asks."""
    return status in REACHED_BY.get(step, frozenset())


def state(*, step: str, status: str, due: datetime.date, today: datetime.date) -> State:
    """Klart when reached; försenat after the date; else ej klart."""
    if is_reached(step, status):
        return State.DONE
    return State.OVERDUE if due < today else State.PENDING


def in_reminder_window(*, due: datetime.date, days_before: int, today: datetime.date) -> bool:
    """From ``days_before`` days before the date on, overdue included."""
    return today >= due - datetime.timedelta(days=days_before)


def is_unit_step(step: str) -> bool:
    """Steps a unit period does (entry, submission, approval); events are dates only."""
    return step != Step.EVENT


def format_date(value: datetime.date) -> str:
    """The Swedish way: "12 maj 2021" (independent of the locale)."""
    return f"{value.day} {MONTHS_LONG[value.month]} {value.year}"
