"""The scorecard rules: goal attainment and trend, computed from figures.

These are the only places attainment and trend are decided. Views, the entry page,
the report builder and the tests all call them; nothing stores their result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.numbers import format_number
from scorecards.models import Attainment, Direction, Measure, MeasureOutcome


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


def attainment(measure: Measure, outcome: MeasureOutcome | None) -> str:
    """The traffic light of a measure for a period: the manual override wins if justified."""
    if outcome is None:
        return Attainment.NOT_ASSESSED
    if outcome.manual_attainment and outcome.override_justification.strip():
        return outcome.manual_attainment
    return computed_attainment(
        direction=measure.target_direction,
        value=outcome.value,
        target=measure.target_value,
        partly_threshold=measure.partly_threshold,
        baseline=measure.baseline_value,
    )


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


def explain_attainment(measure: Measure, outcome: MeasureOutcome | None) -> str:
    """Why the light is what it is, in the users' words: the rule and the figures, or the
    manual assessment and its justification."""
    result = Attainment(attainment(measure, outcome)).label
    if outcome is not None and outcome.manual_attainment and outcome.override_justification:
        return str(
            _("Manuell bedömning: %(result)s. Motivering: %(why)s")
            % {"result": result, "why": outcome.override_justification.strip()}
        )
    if outcome is None or outcome.value is None:
        return str(_("Inget numeriskt utfall registrerat: %(result)s.") % {"result": result})
    value = _fmt(outcome.value, measure)
    direction = measure.target_direction
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


def _fmt(value: Decimal, measure: Measure) -> str:
    number = format_number(value, decimals=measure.decimals)
    unit = measure.unit_of_measurement
    return f"{number}\u00a0{unit}" if unit else number
