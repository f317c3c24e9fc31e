"""Writes of staff months through scorecards.services.guarded_save, plus the month lock.

A month's row is shared by every period that contains it (T1, T2 and the year all
read April's row), so a month is closed as soon as any of those periods is closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from scorecards.errors import fields_check
from scorecards.models import MONTHS_LONG, Action, UnitPeriod
from scorecards.services import EntryError, PeriodClosed, Via, guarded_save
from staff.models import StaffMonth
from staff.selectors import FIGURES

if TYPE_CHECKING:
    from scorecards.services import User

FIELDS = frozenset(FIGURES)


def _closing(unit_id: int, year: int) -> QuerySet[UnitPeriod]:
    """The unit's periods of the year that are not open, earliest end month first."""
    return (
        UnitPeriod.objects.filter(unit=unit_id, period__year__year=year)
        .exclude(status=UnitPeriod.Status.OPEN)
        .select_related("unit", "period__year")
        .order_by("period__end_month", "pk")
    )


def month_closed_by(*, unit_id: int, year: int, month: int) -> UnitPeriod | None:
    """THE staff month lock: the unit period that closes a month, or None if it is open.

    A month is closed when any unit period of the same unit and year that contains it
    (end month ≥ month) is not open: T1 approved closes January–April also on the T2
    and full-year pages. One query.
    """
    return _closing(unit_id, year).filter(period__end_month__gte=month).first()


def closed_months(*, unit_period: UnitPeriod) -> dict[int, UnitPeriod]:
    """Month → the unit period that closes it, for every closed month of the year (the
    rule of month_closed_by, for a whole page in one query)."""
    closed: dict[int, UnitPeriod] = {}
    for other in _closing(unit_period.unit_id, unit_period.period.year.year):
        for month in range(1, other.period.end_month + 1):
            closed.setdefault(month, other)
    return closed


def month_closed_message(*, month: int, year: int, closed_by: UnitPeriod) -> str:
    return _(
        "%(month)s %(year)s kan inte ändras: perioden %(period)s för %(unit)s är %(status)s, "
        "och en månads personalnyckeltal gäller alla perioder som innehåller månaden."
    ) % {
        "month": MONTHS_LONG[month].capitalize(),
        "year": year,
        "period": closed_by.period.label,
        "unit": closed_by.unit.name,
        "status": closed_by.get_status_display().lower(),
    }


def staff_month_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    month: int,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> StaffMonth:
    """Set a unit's staff figures for one month of the period's year (created if missing).

    ``changes`` maps figure names (staff.selectors.FIGURES) to values: Decimal, or an
    int for headcount; None clears a figure. Sick leave is a percentage 0–100.
    """
    fields_check(changes, FIELDS)
    period = unit_period.period
    if not 1 <= month <= period.end_month:
        raise EntryError(
            _("Månad %(month)s ingår inte i perioden %(period)s.")
            % {"month": month, "period": period.label}
        )
    year = period.year.year
    values = dict(changes)
    headcount = values.get("headcount")
    if headcount is not None:
        if headcount != int(headcount):
            raise EntryError(_("Antal anställda måste vara ett heltal."))
        values["headcount"] = int(headcount)

    def find() -> StaffMonth:
        return StaffMonth.objects.filter(
            unit=unit_period.unit_id, year=year, month=month
        ).first() or StaffMonth(unit_id=unit_period.unit_id, year=year, month=month, version=0)

    def month_open_check(_row: object) -> None:
        # Runs inside the write transaction, after the own period's lock check.
        closed_by = month_closed_by(unit_id=unit_period.unit_id, year=year, month=month)
        if closed_by is not None:
            raise PeriodClosed(month_closed_message(month=month, year=year, closed_by=closed_by))

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.EDIT,
        instance=find,
        changes=values,
        expected_version=expected_version,
        via=via,
        extra_check=month_open_check,
    )
    return saved  # type: ignore[return-value]
