"""Reads for scorecard pages: each returns everything a page needs in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from scorecards import rules
from scorecards.models import (
    Action,
    Frequency,
    Measure,
    MeasureOutcome,
    Period,
    Perspective,
    Unit,
    UnitGoal,
    UnitPeriod,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class HomeUnit:
    unit: Unit
    unit_periods: list[UnitPeriod]


def home_units(*, user: AbstractBaseUser | AnonymousUser) -> list[HomeUnit]:
    """Units the user may see with the periods visible to them, newest period first.

    Three queries whatever the number of units: the user's roles, the visible units,
    and their visible unit periods (with period and year joined).
    """
    units = list(Unit.objects.for_user(user, Action.VIEW).select_related("organisation"))
    unit_periods = (
        UnitPeriod.objects.for_user(user, Action.VIEW)
        .filter(unit__in=[u.pk for u in units])
        .select_related("period__year")
        .order_by("unit__path", "-period__year__year", "-period__end_month")
    )
    by_unit: dict[int, list[UnitPeriod]] = {u.pk: [] for u in units}
    for up in unit_periods:
        by_unit[up.unit_id].append(up)
    return [HomeUnit(unit=u, unit_periods=by_unit[u.pk]) for u in units]


@dataclass(frozen=True)
class MeasureRow:
    """A measure with its outcome for the period and the derived light and trend."""

    measure: Measure
    outcome: MeasureOutcome | None
    attainment: str
    trend: str | None
    comparison: rules.Comparison | None


@dataclass(frozen=True)
class GoalBlock:
    goal: UnitGoal
    rows: list[MeasureRow]


@dataclass(frozen=True)
class PerspectiveBlock:
    perspective: Perspective
    goals: list[GoalBlock]


@dataclass(frozen=True)
class Scorecard:
    unit_period: UnitPeriod
    perspectives: list[PerspectiveBlock]


def unit_period_for(
    *, user: AbstractBaseUser | AnonymousUser, unit_slug: str, period_key: str, action: str
) -> UnitPeriod:
    """The unit period at a URL, if this user may ``action`` it; else Http404."""
    return get_object_or_404(
        UnitPeriod.objects.for_user(user, action).select_related(
            "unit__organisation", "period__year"
        ),
        unit__slug=unit_slug,
        period__key=period_key,
    )


def measures_followed_up(unit: Unit, period: Period) -> QuerySet[Measure]:
    """The unit's measures of the period's year that are followed up in this kind of period."""
    qs = Measure.objects.filter(goal__unit=unit, goal__perspective__year=period.year_id)
    if period.kind != Period.Kind.YEAR:
        qs = qs.filter(frequency=Frequency.TERTIAL)
    return qs


def scorecard(*, unit_period: UnitPeriod) -> Scorecard:
    """Perspective → goal → measure with light and trend: three queries in all.

    The trend compares with the same kind of period last year, matching measures by
    their stable key, since a measure carried forward is a new row each year.
    """
    unit, period = unit_period.unit, unit_period.period
    measures = list(
        measures_followed_up(unit, period)
        .select_related("goal__perspective")
        .order_by("goal__perspective__order", "goal__order", "order", "pk")
    )
    outcomes = {
        o.measure_id: o for o in MeasureOutcome.objects.filter(measure__in=measures, period=period)
    }
    previous = {
        o.measure.key: o
        for o in MeasureOutcome.objects.filter(
            measure__goal__unit=unit,
            period__year__organisation=period.year.organisation_id,
            period__year__year=period.year.year - 1,
            period__kind=period.kind,
            period__end_month=period.end_month,
        ).select_related("measure", "period__year")
    }
    blocks: dict[int, PerspectiveBlock] = {}
    goals: dict[int, GoalBlock] = {}
    for measure in measures:
        goal = measure.goal
        perspective = goal.perspective
        if perspective.pk not in blocks:
            blocks[perspective.pk] = PerspectiveBlock(perspective, [])
        if goal.pk not in goals:
            goals[goal.pk] = GoalBlock(goal, [])
            blocks[perspective.pk].goals.append(goals[goal.pk])
        outcome = outcomes.get(measure.pk)
        comparison = rules.comparison_for(measure, previous.get(measure.key))
        goals[goal.pk].rows.append(
            MeasureRow(
                measure=measure,
                outcome=outcome,
                attainment=rules.attainment(measure, outcome),
                trend=rules.trend(
                    lower_is_better=measure.lower_is_better,
                    value=outcome.value if outcome else None,
                    previous=comparison.value if comparison else None,
                ),
                comparison=comparison,
            )
        )
    return Scorecard(unit_period=unit_period, perspectives=list(blocks.values()))
