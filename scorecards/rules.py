"""The scorecard rules: goal attainment and trend, computed from figures.

These are the only places attainment and trend are decided. Views, the entry page,
the report builder and the tests all call them; nothing stores their result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.numbers import format_number
from scorecards.models import (
    MONTHS_LONG,
    Attainment,
    Direction,
    Forecast,
    Measure,
    MeasureOutcome,
)


class Trend(models.TextChoices):
    """Development against the comparison figure (utveckling, trendpil)."""

    IMPROVING = "improving", _("Förbättring")
    UNCHANGED = "unchanged", _("Oförändrat")
    WORSENING = "worsening", _("Försämring")


def computed_attainment(
    *,
    direction: str,
    value: Decimal | None,
    target: Decimal | None,
    partly_threshold: Decimal | None,
    baseline: Decimal | None,
) -> str:
    """Attainment of a numeric outcome against its target.

    - "högst X" / "minst X": reached when on the right side of X (inclusive);
      "delvis" when between X and the threshold (inclusive); otherwise not reached.
    - "minska" / "öka": measured against the baseline; strictly better is reached,
      unchanged or within the threshold is "delvis", worse is not reached.
    - "likvärdigt med övriga" and qualitative targets cannot be computed: "ej bedömt"
      unless a person assesses them (manual attainment with a justification).
    """
    if value is None:
        return Attainment.NOT_ASSESSED
    if direction in (Direction.AT_MOST, Direction.AT_LEAST):
        if target is None:
            return Attainment.NOT_ASSESSED
        lower_is_better = direction == Direction.AT_MOST
        reference = target
    elif direction in (Direction.DECREASE, Direction.INCREASE):
        if baseline is None:
            return Attainment.NOT_ASSESSED
        lower_is_better = direction == Direction.DECREASE
        if value == baseline:
            return Attainment.PARTLY
        if (value < baseline) == lower_is_better:
            return Attainment.ACHIEVED
        reference = baseline
    else:
        return Attainment.NOT_ASSESSED

    sign = -1 if lower_is_better else 1
    if sign * (value - reference) >= 0:
        return Attainment.ACHIEVED
    if partly_threshold is not None and sign * (value - partly_threshold) >= 0:
        return Attainment.PARTLY
    return Attainment.NOT_ACHIEVED


def attainment(measure: Measure, outcome: MeasureOutcome | None, *, end_month: int = 12) -> str:
    """The traffic light of a measure for a period: the manual override wins if justified.

    ``end_month``: the last month of the period (jan–``end_month``); a measure that
    accumulates over the year is judged against the year so far (``part_year_attainment``).
    """
    if outcome is None:
        return Attainment.NOT_ASSESSED
    return attainment_from(
        manual=outcome.manual_attainment,
        justification=outcome.override_justification,
        direction=measure.target_direction,
        value=outcome.value,
        target=measure.target_value,
        partly_threshold=measure.partly_threshold,
        baseline=measure.baseline_value,
        part_year=part_year_of(measure.accumulates, end_month, outcome.forecast),
    )


@dataclass(frozen=True)
class PartYear:
    """A period before year end of a measure that accumulates: how far the year has come
    (jan–``end_month``) and the prognosis entered for the year, if any."""

    end_month: int
    forecast: str = ""


def part_year_of(accumulates: bool, end_month: int, forecast: str | None) -> PartYear | None:
    """The part-year state of a measure in a period, or None when the ordinary rule
    applies (the measure does not accumulate, or the period is the whole year)."""
    return PartYear(end_month, forecast or "") if accumulates and end_month < 12 else None


def attainment_from(
    *,
    manual: str | None,
    justification: str | None,
    direction: str,
    value: Decimal | None,
    target: Decimal | None,
    partly_threshold: Decimal | None,
    baseline: Decimal | None,
    part_year: PartYear | None = None,
) -> str:
    """``attainment`` from plain column values (the overview reads rows, not models)."""
    if manual and justification and justification.strip():
        return manual
    if part_year is not None and direction in (Direction.AT_LEAST, Direction.AT_MOST):
        return part_year_attainment(
            direction=direction,
            value=value,
            target=target,
            partly_threshold=partly_threshold,
            part_year=part_year,
        )
    return computed_attainment(
        direction=direction,
        value=value,
        target=target,
        partly_threshold=partly_threshold,
        baseline=baseline,
    )


# The year-end prognosis as a light (uppnås / uppnås delvis / uppnås inte); the
# region's "risk att målet ej nås" is a "delvis" on the scale of a goal follow-up.
FORECAST_LIGHT = {
    Forecast.WILL_BE_REACHED: Attainment.ACHIEVED,
    Forecast.PARTLY: Attainment.PARTLY,
    Forecast.AT_RISK: Attainment.PARTLY,
    Forecast.WILL_NOT_BE_REACHED: Attainment.NOT_ACHIEVED,
}


def pro_rata(amount: Decimal, end_month: int) -> Decimal:
    """The share of a year's target that belongs to jan–``end_month``."""
    return amount * end_month / 12


def part_year_attainment(
    *,
    direction: str,
    value: Decimal | None,
    target: Decimal | None,
    partly_threshold: Decimal | None,
    part_year: PartYear,
) -> str:
    """A count that grows through the year (meetings held, incidents) judged before year
    end against its target for the whole year, never "ej uppnått" only because the year
    is not over.

    - A target already settled by the count stays settled: "minst 6" with 6 held is
      uppnått; "högst 10" with 11 already is over the target whatever comes (the
      ordinary rule, as for the year).
    - Otherwise the prognosis entered for the year decides (uppnås / delvis / inte).
    - Without a prognosis, the count is compared with the target pro rata: "minst 6"
      by May is 6 × 5/12 = 2,5. "Högst" not yet exceeded is at worst delvis.
    """
    if value is None or target is None:
        return Attainment.NOT_ASSESSED
    at_least = direction == Direction.AT_LEAST
    if (value >= target) if at_least else (value > target):
        return computed_attainment(
            direction=direction,
            value=value,
            target=target,
            partly_threshold=partly_threshold,
            baseline=None,
        )
    if part_year.forecast in FORECAST_LIGHT:
        return FORECAST_LIGHT[Forecast(part_year.forecast)]
    light = computed_attainment(
        direction=direction,
        value=value,
        target=pro_rata(target, part_year.end_month),
        partly_threshold=(
            pro_rata(partly_threshold, part_year.end_month)
            if partly_threshold is not None
            else None
        ),
        baseline=None,
    )
    if not at_least and light == Attainment.NOT_ACHIEVED:
        return Attainment.PARTLY
    return light


# Worst first: how lights rank when several are summed up or sorted.
SEVERITY = {
    Attainment.NOT_ACHIEVED: 3,
    Attainment.PARTLY: 2,
    Attainment.ACHIEVED: 1,
    Attainment.NOT_ASSESSED: 0,
}


def overall_light(counts: Mapping[str, int]) -> str:
    """The light of a group of measures (an overview tile): the most common assessed
    light, a tie going to the worse one; "ej bedömt" when none is assessed.

    A majority rather than the worst light: one red measure among twelve green would
    otherwise paint the whole perspective red; the counts beside it say the rest.
    """
    assessed = [a for a in SEVERITY if a != Attainment.NOT_ASSESSED and counts.get(a, 0)]
    if not assessed:
        return Attainment.NOT_ASSESSED
    return max(assessed, key=lambda a: (counts[a], SEVERITY[a]))


class ValueRule(models.TextChoices):
    """What a numeric outcome can hold, read from the measure's unit and decimals."""

    COUNT = "count", _("antal")
    SHARE = "share", _("andel")
    ANY = "any", _("tal")


# Units that name a count of things ("11 st") and a share of a whole ("72,5 %").
COUNT_UNITS = frozenset({"st", "st.", "antal", "stycken"})
SHARE_UNITS = frozenset({"%", "procent"})


def value_rule(measure: Measure) -> str:
    """Counts are whole and never negative; shares lie within 0–100 %; the rest is free.

    A count with decimals set (an average of counts, "4,8 st per månad") is free too.
    """
    unit = measure.unit_of_measurement.strip().lower()
    if unit in COUNT_UNITS and measure.decimals == 0:
        return ValueRule.COUNT
    if unit in SHARE_UNITS:
        return ValueRule.SHARE
    return ValueRule.ANY


def looks_like_fraction(value: Decimal) -> bool:
    """0,725 typed for a share: probably 72,5 % written as a fraction of one."""
    return Decimal(0) < value < Decimal(1)


def trend(*, lower_is_better: bool, value: Decimal | None, previous: Decimal | None) -> str | None:
    """Direction of development from ``previous`` to ``value``; None when either is missing.

    The arrow follows the figures, never the narrative: seed 001 says extra time
    "har minskat" while its table shows 450 h → 602 h, which is a worsening.
    """
    if value is None or previous is None:
        return None
    if value == previous:
        return Trend.UNCHANGED
    improved = (value < previous) if lower_is_better else (value > previous)
    return Trend.IMPROVING if improved else Trend.WORSENING


@dataclass(frozen=True)
class Comparison:
    """The figure a trend is computed against, and what it is (for the explanation)."""

    value: Decimal
    label: str


def comparison_for(
    measure: Measure, previous_outcome: MeasureOutcome | None, *, full_year: bool
) -> Comparison | None:
    """Same period last year if it has a figure, else the baseline (ingångsvärde).

    The baseline is a full-year figure, so a measure that accumulates over the year
    (a count, hours) falls back to it only in the full-year period: 11 major incidents
    by April say nothing against 13 for the whole of last year.
    """
    if previous_outcome is not None and previous_outcome.value is not None:
        return Comparison(
            value=previous_outcome.value,
            label=str(
                _("Samma period föregående år (%(period)s)")
                % {"period": previous_outcome.period.label}
            ),
        )
    if measure.baseline_value is not None and (full_year or not measure.accumulates):
        return Comparison(
            value=measure.baseline_value,
            label=str(
                _("Ingångsvärde (%(label)s)")
                % {"label": measure.baseline_label or measure.baseline_text}
            ),
        )
    return None


def explain_attainment(
    measure: Measure, outcome: MeasureOutcome | None, *, end_month: int = 12
) -> str:
    """Why the light is what it is, in the users' words: the rule and the figures, or the
    manual assessment and its justification."""
    result = Attainment(attainment(measure, outcome, end_month=end_month)).label
    if outcome is not None and outcome.manual_attainment and outcome.override_justification:
        return str(
            _("Manuell bedömning: %(result)s. Motivering: %(why)s")
            % {"result": result, "why": outcome.override_justification.strip()}
        )
    if outcome is None or outcome.value is None:
        return str(_("Inget numeriskt utfall registrerat: %(result)s.") % {"result": result})
    value = _fmt(outcome.value, measure)
    direction = measure.target_direction
    part_year = part_year_of(measure.accumulates, end_month, outcome.forecast)
    if (
        part_year is not None
        and direction in (Direction.AT_MOST, Direction.AT_LEAST)
        and measure.target_value is not None
    ):
        return _explain_part_year(measure, outcome, part_year, str(result))
    if direction in (Direction.AT_MOST, Direction.AT_LEAST) and measure.target_value is not None:
        text = _("Utfall %(value)s mot målet %(dir)s %(target)s") % {
            "value": value,
            "dir": Direction(direction).label,
            "target": _fmt(measure.target_value, measure),
        }
    elif (
        direction in (Direction.DECREASE, Direction.INCREASE) and measure.baseline_value is not None
    ):
        text = _("Utfall %(value)s mot ingångsvärdet %(base)s, målet är att %(dir)s") % {
            "value": value,
            "base": _fmt(measure.baseline_value, measure),
            "dir": Direction(direction).label,
        }
    else:
        return str(
            _("Målet (%(dir)s) kan inte bedömas med en regel: %(result)s.")
            % {"dir": Direction(direction).label, "result": result}
        )
    if measure.partly_threshold is not None:
        text = _("%(text)s (delvis uppnått till och med %(limit)s)") % {
            "text": text,
            "limit": _fmt(measure.partly_threshold, measure),
        }
    return f"{text}: {result}."


def _explain_part_year(
    measure: Measure, outcome: MeasureOutcome, part_year: PartYear, result: str
) -> str:
    """ "2 st hittills (januari–maj) mot målet minst 6 st för året; prognos: Målet kommer
    nås: Uppnått." — which of the part-year rules decided, with its figures."""
    assert outcome.value is not None and measure.target_value is not None
    text = _("%(value)s hittills (januari–%(month)s) mot målet %(dir)s %(target)s för året") % {
        "value": _fmt(outcome.value, measure),
        "month": MONTHS_LONG[part_year.end_month],
        "dir": Direction(measure.target_direction).label,
        "target": _fmt(measure.target_value, measure),
    }
    at_least = measure.target_direction == Direction.AT_LEAST
    settled = (
        outcome.value >= measure.target_value if at_least else outcome.value > measure.target_value
    )
    basis: str
    if settled:
        basis = str(_("målet är redan avgjort av utfallet"))
    elif part_year.forecast in FORECAST_LIGHT:
        basis = _("bedöms efter prognosen: %(forecast)s") % {
            "forecast": Forecast(part_year.forecast).label
        }
    else:
        basis = _("ingen prognos, så jämfört med målet i takt med året: %(share)s") % {
            # One decimal at least: "6 × 5/12" is 2,5, not 3.
            "share": _fmt(
                pro_rata(measure.target_value, part_year.end_month),
                measure,
                decimals=max(1, measure.decimals),
            )
        }
    return f"{text}; {basis}: {result}."


def _fmt(value: Decimal, measure: Measure, *, decimals: int | None = None) -> str:
    number = format_number(value, decimals=measure.decimals if decimals is None else decimals)
    unit = measure.unit_of_measurement
    return f"{number}\u00a0{unit}" if unit else number
