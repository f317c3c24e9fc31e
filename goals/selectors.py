"""Reads for the goals page: goals of a unit period with their indicators and follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from goals import rules
from goals.models import GoalFollowUp, IndicatorCount, Occasion
from scorecards.models import Measure, MeasureOutcome, UnitGoal, UnitPeriod


@dataclass(frozen=True)
class IndicatorData:
    """A measure (indikator) with its counts for the period and the value computed from them.

    ``outcome`` is the period's outcome entered on the scorecard instead of as counts
    (read only when asked for, see ``goals_for``).
    """

    measure: Measure
    count: IndicatorCount | None
    outcome: MeasureOutcome | None = None

    @property
    def value(self) -> Decimal | None:
        if self.count is None:
            return None
        return rules.indicator_value(
            numerator=self.count.numerator, denominator=self.count.denominator
        )


@dataclass(frozen=True)
class GoalData:
    """A goal with its follow-up and indicators; ``occasions`` are the goal's occasions up
    to the period's end when one of its indicators is computed from them, else None."""

    goal: UnitGoal
    follow_up: GoalFollowUp | None
    indicators: list[IndicatorData]
    occasions: list[Occasion] | None = None

    @property
    def typed_indicators(self) -> list[IndicatorData]:
        return [i for i in self.indicators if not i.measure.from_occasions]

    @property
    def occasion_indicators(self) -> list[IndicatorData]:
        return [i for i in self.indicators if i.measure.from_occasions]


def goals_for(
    *,
    unit_period: UnitPeriod,
    only: int | None = None,
    with_outcomes: bool = False,
    with_occasions: bool = False,
) -> list[GoalData]:
    """The unit's goals of the period's year, in scorecard order, with follow-ups and counts.

    Four queries whatever the number of goals and indicators: goals, their measures,
    the period's follow-ups, the period's counts. ``only`` limits them to one goal.
    ``with_outcomes`` adds a fifth, the period's scorecard outcomes of the measures: the
    report shows an indicator from whichever holds its figure. ``with_occasions`` adds
    one for the occasions up to the period's end of the goals that have indicators
    computed from them (none when no goal has).
    """
    period = unit_period.period
    goals = UnitGoal.objects.filter(
        unit=unit_period.unit_id, perspective__year=period.year_id
    ).select_related("perspective")
    if only is not None:
        goals = goals.filter(pk=only)
    listed = list(goals.order_by("perspective__order", "order", "pk"))
    measures: dict[int, list[Measure]] = {g.pk: [] for g in listed}
    for measure in Measure.objects.filter(goal__in=listed).order_by("order", "pk"):
        measures[measure.goal_id].append(measure)
    follow_ups = {
        f.goal_id: f for f in GoalFollowUp.objects.filter(goal__in=listed, period=period.pk)
    }
    counts = {
        c.measure_id: c
        for c in IndicatorCount.objects.filter(measure__goal__in=listed, period=period.pk)
    }
    outcomes: dict[int, MeasureOutcome] = {}
    if with_outcomes:
        outcomes = {
            o.measure_id: o
            for o in MeasureOutcome.objects.filter(measure__goal__in=listed, period=period.pk)
        }
    occasions: dict[int, list[Occasion]] = {}
    if with_occasions:
        occasions = {g.pk: [] for g in listed if any(m.from_occasions for m in measures[g.pk])}
        if occasions:
            for occasion in Occasion.objects.filter(
                goal__in=list(occasions), date__month__lte=period.end_month
            ):
                occasions[occasion.goal_id].append(occasion)
    return [
        GoalData(
            goal=g,
            follow_up=follow_ups.get(g.pk),
            indicators=[
                IndicatorData(m, counts.get(m.pk), outcomes.get(m.pk)) for m in measures[g.pk]
            ],
            occasions=occasions.get(g.pk),
        )
        for g in listed
    ]


def indicator_for(*, unit_period: UnitPeriod, measure: Measure) -> IndicatorData:
    """One measure's counts for the period: one query."""
    count = IndicatorCount.objects.filter(measure=measure, period=unit_period.period_id).first()
    return IndicatorData(measure, count)
