"""Reads of internal control: the plan page, the follow-up page and the report's table.

Each returns everything its page needs in a fixed number of queries, whatever the
number of risks, activities and follow-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from internal_control import rules
from internal_control.models import (
    ActivityFollowUp,
    Consequence,
    ControlActivity,
    ControlPlan,
    Probability,
    Risk,
)
from scorecards import selectors as scorecard_selectors
from scorecards.models import Action, Period, Unit, UnitPeriod, Year, allowed_actions

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# The plan's URL names its year ("2019"); any period key of the year ("2019-T1") too.

SORT_BY_SCORE = "risk"  # ?sortera=risk


@dataclass(frozen=True)
class RiskRow:
    """A risk with its number in the plan (R1, R2, …), score and level."""

    risk: Risk
    number: int
    score: int
    level: rules.Level

    @property
    def label(self) -> str:
        return f"R{self.number}"

    @property
    def level_label(self) -> str:
        return str(self.level.label)


@dataclass(frozen=True)
class MatrixCell:
    probability: int
    consequence: int
    score: int
    level: rules.Level
    risks: list[RiskRow]

    @property
    def count(self) -> int:
        return len(self.risks)

    @property
    def level_label(self) -> str:
        return str(self.level.label)


@dataclass(frozen=True)
class MatrixRow:
    """One consequence row of the matrix, its cells by probability 1 → 4."""

    consequence: int
    label: str
    cells: list[MatrixCell]


@dataclass(frozen=True)
class ActivityRow:
    activity: ControlActivity
    risk: RiskRow
    follow_ups: list[ActivityFollowUp]


@dataclass(frozen=True)
class PlanContents:
    plan: ControlPlan
    risks: list[RiskRow]  # the register, in the plan's order or by score
    matrix: list[MatrixRow]
    activities: list[ActivityRow]

    @property
    def matrix_columns(self) -> list[str]:
        """Column headers of the matrix: sannolikhet 1 → 4."""
        return [str(label) for label in Probability.labels]


@dataclass(frozen=True)
class PlanPage:
    unit: Unit
    year: Year
    contents: PlanContents | None  # None: no plan for the year
    sorted_by_score: bool
    # Periods whose follow-ups this user may enter (controller, admin).
    entry_periods: list[UnitPeriod]


def matrix(risks: list[RiskRow]) -> list[MatrixRow]:
    """The 4 × 4 risk matrix: rows konsekvens 4 → 1, columns sannolikhet 1 → 4 (no queries)."""
    rows = []
    labels = dict(Consequence.choices)
    for consequence in reversed(rules.SCALE):
        cells = []
        for probability in rules.SCALE:
            score = rules.risk_score(probability, consequence)
            cells.append(
                MatrixCell(
                    probability=probability,
                    consequence=consequence,
                    score=score,
                    level=rules.risk_level(score),
                    risks=[
                        r
                        for r in risks
                        if r.risk.probability == probability and r.risk.consequence == consequence
                    ],
                )
            )
        rows.append(MatrixRow(consequence, str(labels[consequence]), cells))
    return rows


def _risk_row(risk: Risk, number: int) -> RiskRow:
    score = rules.risk_score(risk.probability, risk.consequence)
    return RiskRow(risk=risk, number=number, score=score, level=rules.risk_level(score))


def plan_contents(
    plan: ControlPlan,
    *,
    sorted_by_score: bool = False,
    follow_ups: dict[int, list[ActivityFollowUp]] | None = None,
) -> PlanContents:
    """Register, matrix and activities of a plan: two queries (risks, activities)."""
    risks = plan.risks.order_by("order", "pk").prefetch_related(
        Prefetch("activities", queryset=ControlActivity.objects.order_by("order", "pk"))
    )
    rows = [_risk_row(risk, number) for number, risk in enumerate(risks, start=1)]
    register = sorted(rows, key=lambda r: (-r.score, r.number)) if sorted_by_score else list(rows)
    follow_ups = follow_ups or {}
    activities = [
        ActivityRow(activity, row, follow_ups.get(activity.pk, []))
        for row in rows
        for activity in row.risk.activities.all()
    ]
    return PlanContents(plan=plan, risks=register, matrix=matrix(rows), activities=activities)


def visible_unit(*, user: User, unit_slug: str) -> Unit:
    """The one rule: a unit the user may view, else 404."""
    return get_object_or_404(
        Unit.objects.for_user(user, Action.VIEW).select_related("organisation"), slug=unit_slug
    )


def plan_page(
    *, user: User, unit_slug: str, year_key: str, sorted_by_score: bool = False
) -> PlanPage:
    """The unit's plan of the year with the follow-ups of the periods the user may see.

    Queries: roles, unit, year, the visible unit periods, plan, risks, activities,
    follow-ups — whatever the size of the plan. A reader sees the follow-ups of
    approved and locked periods only, as with every figure.
    """
    unit = visible_unit(user=user, unit_slug=unit_slug)
    year = scorecard_selectors.year_for(unit=unit, key=year_key)
    visible = list(
        UnitPeriod.objects.for_user(user, Action.VIEW)
        .filter(unit=unit, period__year=year)
        .select_related("unit", "period__year")
        .order_by("period__end_month", "period__pk")
    )
    entry_periods = [up for up in visible if Action.EDIT in allowed_actions(user, up)]
    plan = ControlPlan.objects.filter(unit=unit, year=year).first()
    if plan is None:
        return PlanPage(unit, year, None, sorted_by_score, entry_periods)
    plan.unit, plan.year = unit, year
    follow_ups: dict[int, list[ActivityFollowUp]] = {}
    for follow_up in (
        ActivityFollowUp.objects.filter(
            activity__risk__plan=plan, period__in=[up.period_id for up in visible]
        )
        .select_related("period__year")
        .order_by("period__end_month", "period__pk")
    ):
        follow_ups.setdefault(follow_up.activity_id, []).append(follow_up)
    contents = plan_contents(plan, sorted_by_score=sorted_by_score, follow_ups=follow_ups)
    return PlanPage(unit, year, contents, sorted_by_score, entry_periods)


def plan_for_pdf(*, plan_id: int) -> PlanContents:
    """The plan document (register, matrix, activities; no follow-ups): three queries."""
    plan = ControlPlan.objects.select_related("unit__organisation", "year").get(pk=plan_id)
    return plan_contents(plan)


@dataclass(frozen=True)
class EntryRow:
    """An activity of the plan with its follow-up for the period (None: not yet written)."""

    activity: ControlActivity
    risk: RiskRow
    follow_up: ActivityFollowUp | None


def entry_rows(*, unit_period: UnitPeriod, only: int | None = None) -> list[EntryRow]:
    """The activities of the unit's plan for the period's year, with this period's follow-up.

    Three queries (risks, activities, follow-ups); ``only`` keeps one activity (one row).
    """
    risks = (
        Risk.objects.filter(plan__unit=unit_period.unit_id, plan__year=unit_period.period.year_id)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("activities", queryset=ControlActivity.objects.order_by("order", "pk"))
        )
    )
    follow_ups = {
        f.activity_id: f
        for f in ActivityFollowUp.objects.filter(
            activity__risk__plan__unit=unit_period.unit_id,
            activity__risk__plan__year=unit_period.period.year_id,
            period=unit_period.period_id,
        )
    }
    rows = []
    for number, risk in enumerate(risks, start=1):
        row = _risk_row(risk, number)
        for activity in risk.activities.all():
            if only is None or activity.pk == only:
                activity.risk = risk
                rows.append(EntryRow(activity, row, follow_ups.get(activity.pk)))
    return rows


@dataclass(frozen=True)
class ReportContents:
    """The unit's plan of the period's year with each activity's follow-up for the period."""

    contents: PlanContents
    follow_ups: dict[int, ActivityFollowUp]

    def follow_up(self, activity: ControlActivity) -> ActivityFollowUp | None:
        return self.follow_ups.get(activity.pk)


def report_contents(*, unit: Unit, period: Period) -> ReportContents | None:
    """The plan of the period's year (register, matrix, activities) and the follow-ups
    written for this period; None when the unit has no plan for the year.

    Four queries whatever the size of the plan (plan, risks, activities, follow-ups).
    """
    plan = ControlPlan.objects.filter(unit=unit, year=period.year_id).first()
    if plan is None:
        return None
    plan.unit, plan.year = unit, period.year
    follow_ups = {
        f.activity_id: f
        for f in ActivityFollowUp.objects.filter(activity__risk__plan=plan, period=period)
    }
    return ReportContents(plan_contents(plan), follow_ups)
