"""Reads for the assignments page of a unit and year: a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from assignments import rules
from assignments.models import (
    Assignment,
    AssignmentBudget,
    AssignmentNote,
    AssignmentStatus,
    BudgetUnit,
)
from scorecards import selectors as scorecard_selectors
from scorecards.models import Action, Period, Unit, UnitPeriod, Year

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# "2019", or any period key of the year ("2019-T1", "2021-M05"): the page is the year's.


def budget_decimals(unit: str) -> int:
    """Hours are shown with one decimal (173,5 timmar), kronor whole."""
    return 1 if unit == BudgetUnit.HOURS else 0


@dataclass(frozen=True)
class BudgetLine:
    budget: AssignmentBudget
    forecast: rules.BudgetForecast

    @property
    def decimals(self) -> int:
        return budget_decimals(self.budget.unit)


@dataclass(frozen=True)
class AssignmentItem:
    """An assignment with its latest status, its dated nulägen (newest first) and budget."""

    assignment: Assignment
    status: str
    overdue: bool
    notes: list[AssignmentNote]
    budget_period: Period | None
    budgets: list[BudgetLine]

    @property
    def status_label(self) -> str:
        return str(AssignmentStatus(self.status).label)

    @property
    def anchor(self) -> str:
        return f"uppdrag-{self.assignment.slug}"


@dataclass(frozen=True)
class YearFilters:
    status: str = ""
    overdue_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.status or self.overdue_only)


@dataclass(frozen=True)
class YearPage:
    unit: Unit
    year: Year
    items: list[AssignmentItem]
    total: int  # assignments of the year before filtering
    filters: YearFilters


def year_page(
    *,
    user: AbstractBaseUser | AnonymousUser,
    unit_slug: str,
    year_key: str,
    filters: YearFilters,
    today: datetime.date,
) -> YearPage:
    """The unit's assignments of the year for this user; 404 for a unit they can't see.

    Notes and budgets are shown only of the periods the user may see (a reader: the
    approved and locked ones). Queries: roles and unit, year, roles again (for the
    periods, as a subquery), assignments, notes, budgets — whatever the data size.
    """
    unit = get_object_or_404(Unit.objects.for_user(user, Action.VIEW), slug=unit_slug)
    year = scorecard_selectors.year_for(unit=unit, key=year_key)
    visible_periods = (
        UnitPeriod.objects.for_user(user, Action.VIEW)
        .filter(unit=unit, period__year=year)
        .values("period")
    )
    assignments = list(
        Assignment.objects.filter(unit=unit, year=year)
        .select_related("carried_from__year")
        .order_by("order", "pk")
    )
    notes: dict[int, list[AssignmentNote]] = {a.pk: [] for a in assignments}
    for note in (
        AssignmentNote.objects.filter(assignment__in=assignments, period__in=visible_periods)
        .select_related("period__year")
        .order_by("-period__end_month", "-period__pk")
    ):
        notes[note.assignment_id].append(note)
    latest_budgets: dict[int, list[AssignmentBudget]] = {}
    for budget in (
        AssignmentBudget.objects.filter(assignment__in=assignments, period__in=visible_periods)
        .select_related("period__year")
        .order_by("-period__end_month", "-period__pk", "unit")
    ):
        rows = latest_budgets.setdefault(budget.assignment_id, [])
        if not rows or rows[0].period_id == budget.period_id:
            rows.append(budget)

    items = []
    for a in assignments:
        history = notes[a.pk]
        status = history[0].status if history else AssignmentStatus.NOT_STARTED
        budgets = latest_budgets.get(a.pk, [])
        items.append(
            AssignmentItem(
                assignment=a,
                status=status,
                overdue=rules.is_overdue(due_date=a.due_date, status=status, today=today),
                notes=history,
                budget_period=budgets[0].period if budgets else None,
                budgets=[
                    BudgetLine(
                        b,
                        rules.budget_forecast(
                            budget=b.budget, outcome=b.outcome, remaining=b.remaining
                        ),
                    )
                    for b in budgets
                ],
            )
        )
    shown = [
        item
        for item in items
        if (not filters.status or item.status == filters.status)
        and (not filters.overdue_only or item.overdue)
    ]
    return YearPage(unit=unit, year=year, items=shown, total=len(items), filters=filters)
