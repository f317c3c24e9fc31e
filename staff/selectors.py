"""Reads for the staff key figure page (väsentliga personalförhållanden): one query in all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from scorecards.models import UnitPeriod
from staff.models import StaffMonth

# The figures a month holds, in the order the page and the report show them.
FIGURES = (
    "fte_rolling_12",
    "headcount",
    "extra_time_hours",
    "sick_leave_total",
    "sick_leave_short",
    "sick_leave_long",
    "sick_leave_women",
    "sick_leave_men",
)
SICK_LEAVE = FIGURES[3:]


@dataclass(frozen=True)
class MonthFigures:
    """A unit's staff figures for one month; None where the HR system gave nothing."""

    year: int
    month: int
    fte_rolling_12: Decimal | None = None
    headcount: Decimal | None = None
    extra_time_hours: Decimal | None = None
    sick_leave_total: Decimal | None = None
    sick_leave_short: Decimal | None = None
    sick_leave_long: Decimal | None = None
    sick_leave_women: Decimal | None = None
    sick_leave_men: Decimal | None = None

    def value(self, figure: str) -> Decimal | None:
        value: Decimal | None = getattr(self, figure)
        return value


@dataclass(frozen=True)
class Change:
    """A figure now and at a comparison point, and the difference (never typed in)."""

    current: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def size(self) -> Decimal | None:
        """The change without its sign, for sentences that say "minskning med 6"."""
        change = self.change
        return None if change is None else abs(change)

    @property
    def direction(self) -> str | None:
        """ "increase", "decrease" or "unchanged"; None when a value is missing."""
        change = self.change
        if change is None:
            return None
        if change > 0:
            return "increase"
        if change < 0:
            return "decrease"
        return "unchanged"


def period_figures(months: Mapping[int, MonthFigures], end_month: int) -> MonthFigures | None:
    """THE staff period rule: a period's figures are the row of its end month.

    Extra time and sick leave are stored accumulated from 1 January, and headcount and
    FTE (already rolling 12 months) are values at the end of the month, so the period
    jan–apr is simply the April row — as the seed reports quote "2019, 04".
    """
    return months.get(end_month)


@dataclass(frozen=True)
class StaffKeyFigures:
    """Everything the staff page, its charts and the report need for one unit period."""

    unit_period: UnitPeriod
    year: int
    end_month: int
    # Month number → figures, for this year (jan..end month) and last year (jan..dec).
    this_year: dict[int, MonthFigures]
    last_year: dict[int, MonthFigures]

    @property
    def is_empty(self) -> bool:
        return not self.this_year and not self.last_year

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def months(self) -> range:
        return range(1, self.end_month + 1)

    @property
    def current(self) -> MonthFigures | None:
        return period_figures(self.this_year, self.end_month)

    @property
    def previous(self) -> MonthFigures | None:
        """The same period last year."""
        return period_figures(self.last_year, self.end_month)

    @property
    def december_last_year(self) -> MonthFigures | None:
        """Last year as a whole (its end month is December), e.g. headcount at year end."""
        return period_figures(self.last_year, 12)

    def series(self, figure: str, *, last_year: bool = False) -> list[Decimal | None]:
        """Monthly values jan..end month; a missing month is None (a gap, not a zero)."""
        months = self.last_year if last_year else self.this_year
        return [months[m].value(figure) if m in months else None for m in self.months]

    def change(self, figure: str) -> Change:
        """This period against the same period last year."""
        return Change(_value(self.current, figure), _value(self.previous, figure))

    @property
    def headcount_since_december(self) -> Change | None:
        """Seed 002: "131 anställda, minskning med 6 st i jmf med december 2020".

        None for a full-year period, whose comparison with last December is already the
        comparison with the same period last year.
        """
        if self.end_month == 12:
            return None
        return Change(
            _value(self.current, "headcount"), _value(self.december_last_year, "headcount")
        )


def _value(figures: MonthFigures | None, figure: str) -> Decimal | None:
    return None if figures is None else figures.value(figure)


def _month_figures(row: StaffMonth) -> MonthFigures:
    return MonthFigures(
        year=row.year,
        month=row.month,
        fte_rolling_12=row.fte_rolling_12,
        headcount=None if row.headcount is None else Decimal(row.headcount),
        extra_time_hours=row.extra_time_hours,
        sick_leave_total=row.sick_leave_total,
        sick_leave_short=row.sick_leave_short,
        sick_leave_long=row.sick_leave_long,
        sick_leave_women=row.sick_leave_women,
        sick_leave_men=row.sick_leave_men,
    )


def key_figures(*, unit_period: UnitPeriod) -> StaffKeyFigures:
    """The unit's staff months of this year up to the period's end and all of last year.

    One query whatever the data: at most 24 rows of one unit.
    """
    year = unit_period.period.year.year
    end_month = unit_period.period.end_month
    rows = StaffMonth.objects.filter(
        Q(year=year, month__lte=end_month) | Q(year=year - 1), unit=unit_period.unit_id
    )
    this_year: dict[int, MonthFigures] = {}
    last_year: dict[int, MonthFigures] = {}
    for row in rows:
        (this_year if row.year == year else last_year)[row.month] = _month_figures(row)
    return StaffKeyFigures(
        unit_period=unit_period,
        year=year,
        end_month=end_month,
        this_year=this_year,
        last_year=last_year,
    )
