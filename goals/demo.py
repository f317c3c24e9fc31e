"""Demo data for goals, read by ``loaddemo``: the ``goal_follow_ups`` (comment and
prognosis per goal and period) and ``indicator_counts`` (täljare, nämnare per indicator
and period) of each unit file. The goals and their indicators themselves are the
core's (``goals`` with ``measures`` in the unit file).
"""

from __future__ import annotations

from django.core.management.base import CommandError

from demo.loading import Data, DemoLoader, Loader, number, text
from goals.models import GoalFollowUp, IndicatorCount
from scorecards.models import Measure, Period, Unit, UnitGoal


def load_unit(loader: Loader, unit: Unit, doc: Data) -> None:
    for data in doc.get("goal_follow_ups", []):
        period = loader.periods[data["period"]]
        loader.upsert(
            GoalFollowUp,
            {"goal": _goal(unit, period, data["goal"]), "period": period},
            {"comment": text(data, "comment"), "forecast": data.get("forecast", "")},
        )
    for data in doc.get("indicator_counts", []):
        period = loader.periods[data["period"]]
        measure = Measure.objects.filter(
            goal__unit=unit, goal__perspective__year=period.year, key=data["measure"]
        ).first()
        if measure is None:
            raise CommandError(
                f"{unit.slug}: indikatorn {data['measure']!r} saknas för {period.year.year}."
            )
        # The value (täljare / nämnare in percent) is computed by goals.rules.
        loader.upsert(
            IndicatorCount,
            {"measure": measure, "period": period},
            {
                "numerator": number(data, "numerator"),
                "denominator": number(data, "denominator"),
            },
        )


def _goal(unit: Unit, period: Period, title: str) -> UnitGoal:
    """The unit's goal of the period's year with this title (the goals' natural key)."""
    goal = UnitGoal.objects.filter(unit=unit, perspective__year=period.year, title=title).first()
    if goal is None:
        raise CommandError(f"{unit.slug}: målet {title!r} saknas för {period.year.year}.")
    return goal


GOALS_DEMO = DemoLoader(name="goals", unit=load_unit)
