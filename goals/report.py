"""The report's goal follow-up section (Uppföljning av mål) and its summary key points.

Per goal of the unit's year: its indicators with target and outcome written as a person
reads them ("minst 6", "6 av 10 (60 %)"), the prognosis for the year on the three-step
scale (uppnås / uppnås delvis / uppnås inte) as symbol + word, and the comment. For an
organisation that steers with goals and indicators; the region's default report shows
its goals in the perspectives' scorecards instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.charts import Table, TableRow
from common.numbers import NBSP, format_number, format_percent
from goals import rules, selectors
from goals.models import GoalFollowUp
from reports.sections import ReportSection, SectionContext, SectionOption, SnapshotFigures
from scorecards.models import (
    Attainment,
    Direction,
    Forecast,
    Measure,
    MeasureOutcome,
    Perspective,
    UnitGoal,
)
from scorecards.templatetags.scorecard import SYMBOLS

# ------------------------------------------------------------------------- prognosis


@dataclass(frozen=True)
class Prognosis:
    """A goal's prognosis for the year as printed: symbol, word and the light's colour class.

    The symbols and colours are the scorecard's lights (``scorecards.templatetags``), so
    "◐" means "partly" wherever a reader meets it.
    """

    forecast: str
    symbol: str
    word: str
    css: str


# The three-step scale a goal follow-up uses, in its words; "at risk" (the region's
# step) keeps its own label and a symbol between partly and not reached.
_PROGNOSES: dict[str, tuple[str, Promise, str]] = {
    Forecast.WILL_BE_REACHED: (
        SYMBOLS[Attainment.ACHIEVED],
        gettext_lazy("Uppnås"),
        Attainment.ACHIEVED,
    ),
    Forecast.PARTLY: (
        SYMBOLS[Attainment.PARTLY],
        gettext_lazy("Uppnås delvis"),
        Attainment.PARTLY,
    ),
    Forecast.AT_RISK: ("◔", gettext_lazy("Risk att inte uppnås"), Attainment.PARTLY),
    Forecast.WILL_NOT_BE_REACHED: (
        SYMBOLS[Attainment.NOT_ACHIEVED],
        gettext_lazy("Uppnås inte"),
        Attainment.NOT_ACHIEVED,
    ),
    "": (SYMBOLS[Attainment.NOT_ASSESSED], gettext_lazy("Ingen prognos"), Attainment.NOT_ASSESSED),
}


def prognosis(follow_up: GoalFollowUp | None) -> Prognosis:
    """The follow-up's forecast on the printed scale; "Ingen prognos" without one."""
    forecast = follow_up.forecast if follow_up is not None else ""
    symbol, word, css = _PROGNOSES.get(forecast, _PROGNOSES[""])
    return Prognosis(forecast=forecast, symbol=symbol, word=str(word), css=css)


# ------------------------------------------------------------- target and outcome text


def _places(value: Decimal) -> int:
    """Decimals as entered, at most two: a count of 6 is "6", 2,5 stays "2,5"."""
    exponent = value.normalize().as_tuple().exponent
    return min(2, max(0, -exponent)) if isinstance(exponent, int) else 2


def _count(value: Decimal) -> str:
    return format_number(value, decimals=_places(value))


def _with_unit(number: str, measure: Measure) -> str:
    unit = measure.unit_of_measurement
    return f"{number}{NBSP}{unit}" if unit else number


def _measured(value: Decimal, measure: Measure) -> str:
    """A value in the measure's unit and decimals: "80 %", "4 st", "12,5 h"."""
    return _with_unit(format_number(value, decimals=measure.decimals), measure)


def target_text(measure: Measure) -> str:
    """The target as the outcome is written: "minst 6", "högst 2", "80 %", or its text.

    A numeric direction with a value is written from the value, so target and outcome
    read in the same unit and format; otherwise the organisation's own text says it.
    """
    direction, value = measure.target_direction, measure.target_value
    if direction in (Direction.AT_LEAST, Direction.AT_MOST) and value is not None:
        return f"{Direction(direction).label} {_measured(value, measure)}"
    if measure.target_text.strip():
        return measure.target_text.strip()
    if value is not None:
        return _measured(value, measure)
    if direction in (Direction.DECREASE, Direction.INCREASE, Direction.EQUAL_TO_PEERS):
        return str(Direction(direction).label).capitalize()
    return ""


def _from_counts(measure: Measure, numerator: Decimal, denominator: Decimal | None) -> str:
    """ "4" for a count, "6 av 10" of a whole, "6 av 10 (60 %)" when it is a share."""
    if denominator is None:
        return _with_unit(_count(numerator), measure)
    text = _("%(part)s av %(whole)s") % {"part": _count(numerator), "whole": _count(denominator)}
    share = rules.indicator_value(numerator=numerator, denominator=denominator)
    if rules.is_share(measure) and share is not None:
        text += f" ({format_percent(share, decimals=measure.decimals)})"
    return text


def outcome_text(data: selectors.IndicatorData, *, part_year: bool) -> str:
    """The period's outcome as a person reads it, from the counts when they hold it, else
    from the outcome entered on the scorecard ("79 %", "4", a text); "" without either.

    A count that grows through the year is only the year so far in an interim report:
    it says so, as the target beside it is the whole year's.
    """
    measure, count, outcome = data.measure, data.count, data.outcome
    numeric = True
    if count is not None and count.numerator is not None:
        text = _from_counts(measure, count.numerator, count.denominator)
    elif outcome is not None and outcome.value is not None:
        text = _measured(outcome.value, measure)
    else:
        text, numeric = _outcome_words(outcome), False
    if text and numeric and measure.accumulates and part_year:
        text = _("%(value)s hittills i år") % {"value": text}
    return text


def _outcome_words(outcome: MeasureOutcome | None) -> str:
    return outcome.text.strip() if outcome is not None else ""


# --------------------------------------------------------------------------- section


@dataclass(frozen=True)
class IndicatorLine:
    """An indicator of a goal as the section prints it."""

    measure: Measure
    target: str
    outcome: str


@dataclass(frozen=True)
class GoalReport:
    """A goal as the section prints it; ``table`` is None when no indicator has a target
    or a figure, or the template leaves indicators out (``indicators`` keeps them all).
    """

    goal: UnitGoal
    prognosis: Prognosis
    comment: str
    indicators: list[IndicatorLine]
    table: Table | None


@dataclass(frozen=True)
class PerspectiveGoals:
    perspective: Perspective
    goals: list[GoalReport]


@dataclass(frozen=True)
class GoalsSection:
    # What the organisation calls these goals: "Nämndens mål", "Divisionens mål".
    heading: str
    year: int
    groups: list[PerspectiveGoals]

    @property
    def goals(self) -> list[GoalReport]:
        return [goal for group in self.groups for goal in group.goals]

    @property
    def by_perspective(self) -> bool:
        """Headed by perspective only when the goals span more than one."""
        return len(self.groups) > 1


def indicator_table(goal: UnitGoal, lines: list[IndicatorLine]) -> Table | None:
    """Indikator | Målvärde | Utfall as printed: no row without a target and an outcome,
    no column empty in every row; None when nothing is left."""
    table = Table(
        id=f"mal-{goal.pk}-indikatorer",
        caption=_("Indikatorer"),
        headers=[_("Indikator"), _("Målvärde"), _("Utfall")],
        rows=[
            TableRow(label=line.measure.name, cells=[line.target, line.outcome]) for line in lines
        ],
    ).compact()
    return table if table.rows else None


def _goal_report(
    data: selectors.GoalData, *, part_year: bool, indicators: bool, comments: bool
) -> GoalReport:
    lines = [
        IndicatorLine(
            measure=i.measure,
            target=target_text(i.measure),
            outcome=outcome_text(i, part_year=part_year),
        )
        for i in data.indicators
    ]
    follow_up = data.follow_up
    return GoalReport(
        goal=data.goal,
        prognosis=prognosis(follow_up),
        comment=follow_up.comment if comments and follow_up is not None else "",
        indicators=lines,
        table=indicator_table(data.goal, lines) if indicators else None,
    )


def build(context: SectionContext) -> GoalsSection:
    """The unit's goals of the year with their follow-up for the period: five queries."""
    up = context.unit_period
    part_year = not context.is_annual
    groups: list[PerspectiveGoals] = []
    for data in selectors.goals_for(unit_period=up, with_outcomes=True):
        goal = _goal_report(
            data,
            part_year=part_year,
            indicators=context.option("indicators"),
            comments=context.option("comments"),
        )
        if groups and groups[-1].perspective.pk == data.goal.perspective_id:
            groups[-1].goals.append(goal)
        else:
            groups.append(PerspectiveGoals(data.goal.perspective, [goal]))
    return GoalsSection(
        heading=context.words.goals_of(is_top_unit=up.unit.parent_id is None),
        year=context.period.year.year,
        groups=groups,
    )


def snapshot(section: GoalsSection) -> SnapshotFigures:
    """Each indicator's outcome and each goal's prognosis, under keys stable between
    editions (the measure's key, the goal's id)."""
    figures: SnapshotFigures = {}
    for goal in section.goals:
        title = goal.goal.title
        for line in goal.indicators:
            figures[f"mål|{line.measure.key}|utfall"] = {
                "label": f"{title} › {line.measure.name} › {_('utfall')}",
                "value": line.outcome,
            }
        figures[f"mål|{goal.goal.pk}|prognos"] = {
            "label": f"{title} › {_('prognos')}",
            "value": goal.prognosis.word if goal.prognosis.forecast else "",
        }
    return figures


# The order the key point lists the other steps in, after those that will be reached.
_KEY_POINT_STEPS: list[tuple[str, Promise]] = [
    (Forecast.PARTLY, gettext_lazy("%(n)s uppnås delvis")),
    (Forecast.AT_RISK, gettext_lazy("%(n)s med risk att inte uppnås")),
    (Forecast.WILL_NOT_BE_REACHED, gettext_lazy("%(n)s uppnås inte")),
    ("", gettext_lazy("%(n)s utan prognos")),
]


def key_points(section: GoalsSection, context: SectionContext) -> list[str]:
    """ "3 av 4 mål bedöms uppnås, 1 uppnås delvis": counted from the prognoses, none
    when no goal has one."""
    forecasts = [goal.prognosis.forecast for goal in section.goals]
    if not any(forecasts):
        return []
    parts = [
        _("%(n)s av %(total)s mål bedöms uppnås")
        % {"n": forecasts.count(Forecast.WILL_BE_REACHED), "total": len(forecasts)}
    ]
    for step, words in _KEY_POINT_STEPS:
        if n := forecasts.count(step):
            parts.append(str(words) % {"n": n})
    return [", ".join(parts)]


GOALS_SECTION = ReportSection(
    key="goals",
    title=gettext_lazy("Uppföljning av mål"),
    position=35,
    build=build,
    template="goals/report_section.html",
    has_content=lambda section: bool(section.groups),
    # The region's default report shows its goals in the perspectives' scorecards; an
    # organisation steering with goals and indicators adds this section in its template.
    in_default=False,
    options=(
        SectionOption("indicators", gettext_lazy("Visa indikatorer")),
        SectionOption("comments", gettext_lazy("Visa kommentarer")),
    ),
    snapshot=snapshot,
    key_points=key_points,
    # After finance (10) and staff (20), as a summary reads money and people first.
    key_points_order=30,
)
