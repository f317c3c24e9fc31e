"""Writes for goals: a goal's follow-up (comment, prognosis) and an indicator's counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from goals.models import GoalFollowUp, IndicatorCount
from scorecards.models import Action, Measure, UnitGoal, UnitPeriod
from scorecards.services import EntryError, Via, guarded_save

if TYPE_CHECKING:
    from scorecards.services import User


def _goal_check(goal: UnitGoal, unit_period: UnitPeriod) -> None:
    if goal.unit_id != unit_period.unit_id or (
        goal.perspective.year_id != unit_period.period.year_id
    ):
        raise EntryError(_("Målet hör inte till enheten och periodens år."))


def goal_follow_up_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    goal: UnitGoal,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> GoalFollowUp:
    """Set a goal's comment and prognosis for the period; the row is created if missing.

    Analysis, so controllers and managers may write it (an open period only).
    """
    _goal_check(goal, unit_period)
    if set(changes) - {"comment", "forecast"}:
        raise EntryError(_("Okända fält för uppföljningen av målet."))

    def find() -> GoalFollowUp:
        found = GoalFollowUp.objects.filter(goal=goal, period=unit_period.period).first()
        return found or GoalFollowUp(goal=goal, period=unit_period.period, version=0)

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.ANALYSE,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]


def indicator_count_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    measure: Measure,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> IndicatorCount:
    """Set the counts (numerator, denominator) of an indicator for the period.

    Figures, so the controller's. The value is computed by ``goals.rules``.
    """
    _goal_check(measure.goal, unit_period)
    if set(changes) - {"numerator", "denominator"}:
        raise EntryError(_("Okända fält för indikatorns antal."))
    for name in ("numerator", "denominator"):
        value = changes.get(name)
        if value is not None and value < 0:
            raise EntryError(_("Antal kan inte vara negativa."))

    def find() -> IndicatorCount:
        found = IndicatorCount.objects.filter(measure=measure, period=unit_period.period).first()
        return found or IndicatorCount(measure=measure, period=unit_period.period, version=0)

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.EDIT,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]
