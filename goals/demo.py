"""Demo data for goals, read by ``loaddemo``: the ``goal_follow_ups`` (comment and
prognosis per goal and period) and ``indicator_counts`` (täljare, nämnare per indicator
and period) of each unit file. The goals and their indicators themselves are the
core's (``goals`` with ``measures`` in the unit file); a measure's ``value_source`` is
read here, with the goals' dated ``occasions`` and the ``occasion_outcomes`` (comment
and prognosis of an outcome computed from them). The figures computed from occasions
are written for every unit period of the year by the rule the service uses
(``goals.rules.occasion_figures``), so the demo shows what entering them would.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError

from demo.loading import Data, DemoLoader, Loader, number, text
from goals import rules
from goals.models import GoalFollowUp, IndicatorCount, Occasion
from scorecards.models import Measure, MeasureOutcome, Period, Unit, UnitGoal, UnitPeriod


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

    _load_occasions(loader, unit, doc)


def _load_occasions(loader: Loader, unit: Unit, doc: Data) -> None:
    computed: dict[int, list[Measure]] = {}  # goal id → its measures computed from occasions
    for goal_data in doc.get("goals", []):
        for data in goal_data.get("measures", []):
            source = data.get("value_source")
            if not source:
                continue
            for year in goal_data["years"]:
                measure = Measure.objects.select_related("goal").get(
                    goal__unit=unit, goal__perspective__year__year=year, key=data["key"]
                )
                measure = loader.upsert(Measure, {"pk": measure.pk}, {"value_source": source})
                computed.setdefault(measure.goal_id, []).append(measure)
    for data in doc.get("occasions", []):
        day: date = data["date"]
        goal = _goal_of_year(unit, day.year, data["goal"])
        loader.upsert(
            Occasion,
            {"goal": goal, "date": day, "title": data["title"]},
            {"attended": data.get("attended"), "of_total": data.get("of_total")},
        )
    notes = {(d["period"], d["measure"]): d for d in doc.get("occasion_outcomes", [])}
    for measures in computed.values():
        goal = measures[0].goal
        occasions = list(
            Occasion.objects.filter(goal=goal).values_list("date", "attended", "of_total")
        )
        periods = UnitPeriod.objects.filter(
            unit=unit, period__year=goal.perspective.year_id
        ).select_related("period")
        for up in periods:
            figures = rules.occasion_figures(occasions, end_month=up.period.end_month)
            for measure in measures:
                note = notes.get((up.period.key, measure.key), {})
                loader.upsert(
                    MeasureOutcome,
                    {"measure": measure, "period": up.period},
                    {
                        **figures.outcome_changes(measure),
                        **(
                            {"comment": text(note, "comment"), "forecast": note.get("forecast", "")}
                            if note
                            else {}
                        ),
                    },
                )
                counts = figures.count_changes(measure)
                if counts is not None:
                    loader.upsert(IndicatorCount, {"measure": measure, "period": up.period}, counts)


def _goal_of_year(unit: Unit, year: int, title: str) -> UnitGoal:
    goal = UnitGoal.objects.filter(unit=unit, perspective__year__year=year, title=title).first()
    if goal is None:
        raise CommandError(f"{unit.slug}: målet {title!r} saknas för {year}.")
    return goal


def _goal(unit: Unit, period: Period, title: str) -> UnitGoal:
    """The unit's goal of the period's year with this title (the goals' natural key)."""
    goal = UnitGoal.objects.filter(unit=unit, perspective__year=period.year, title=title).first()
    if goal is None:
        raise CommandError(f"{unit.slug}: målet {title!r} saknas för {period.year.year}.")
    return goal


GOALS_DEMO = DemoLoader(name="goals", unit=load_unit)
