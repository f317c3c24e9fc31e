"""Attainment and trend rules, checked with the seed reports' own numbers."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from scorecards.models import Attainment, Direction, Forecast, Measure, MeasureOutcome
from scorecards.rules import Trend, attainment, computed_attainment, explain_attainment, trend


def light(
    direction: str,
    value: str | None,
    *,
    target: str | None = None,
    threshold: str | None = None,
    baseline: str | None = None,
) -> str:
    return computed_attainment(
        direction=direction,
        value=D(value) if value is not None else None,
        target=D(target) if target is not None else None,
        partly_threshold=D(threshold) if threshold is not None else None,
        baseline=D(baseline) if baseline is not None else None,
    )


def test_major_incidents_over_max_is_not_achieved() -> None:
    # Seed 001/000: target "max 10 st"; T1 2019 11, year 2019 16.
    assert light(Direction.AT_MOST, "11", target="10") == Attainment.NOT_ACHIEVED
    assert light(Direction.AT_MOST, "16", target="10") == Attainment.NOT_ACHIEVED
    assert light(Direction.AT_MOST, "10", target="10") == Attainment.ACHIEVED


def test_threshold_makes_partly_achieved() -> None:
    assert light(Direction.AT_MOST, "11", target="10", threshold="12") == Attainment.PARTLY
    assert light(Direction.AT_MOST, "12", target="10", threshold="12") == Attainment.PARTLY
    assert light(Direction.AT_MOST, "13", target="10", threshold="12") == Attainment.NOT_ACHIEVED
    assert light(Direction.AT_LEAST, "75", target="80", threshold="70") == Attainment.PARTLY
    assert light(Direction.AT_LEAST, "69", target="80", threshold="70") == Attainment.NOT_ACHIEVED


def test_at_least_target_reached_at_the_target() -> None:
    # Seed 001: managers with at most 25 staff, 92 % → target 100 %.
    assert light(Direction.AT_LEAST, "100", target="100") == Attainment.ACHIEVED
    assert light(Direction.AT_LEAST, "92", target="100") == Attainment.NOT_ACHIEVED


def test_decrease_is_measured_against_the_baseline() -> None:
    # Seed 001: extra time 450 h (2018-04) → 602 h (2019-04), target "Minska".
    assert light(Direction.DECREASE, "602", baseline="450") == Attainment.NOT_ACHIEVED
    assert light(Direction.DECREASE, "400", baseline="450") == Attainment.ACHIEVED
    assert light(Direction.DECREASE, "450", baseline="450") == Attainment.PARTLY
    assert light(Direction.INCREASE, "76", baseline="75") == Attainment.ACHIEVED


def test_qualitative_and_peer_targets_are_not_assessed_by_rule() -> None:
    assert light(Direction.QUALITATIVE, "1") == Attainment.NOT_ASSESSED
    assert light(Direction.EQUAL_TO_PEERS, "13") == Attainment.NOT_ASSESSED
    assert light(Direction.AT_MOST, None, target="10") == Attainment.NOT_ASSESSED


def test_manual_override_needs_a_justification() -> None:
    measure = Measure(target_direction=Direction.AT_MOST, target_value=D(10))
    outcome = MeasureOutcome(value=D(11), manual_attainment=Attainment.ACHIEVED)
    assert attainment(measure, outcome) == Attainment.NOT_ACHIEVED
    outcome.override_justification = "Rutinen för att klassa incidenter ändrades i mars."
    assert attainment(measure, outcome) == Attainment.ACHIEVED


@pytest.mark.parametrize(
    ("lower_is_better", "value", "previous", "expected"),
    [
        (True, "602", "450", Trend.WORSENING),  # extra time grew, though the text says it fell
        (True, "4.45", "4.3", Trend.WORSENING),  # sick leave T1 2019 vs T1 2018
        (True, "5.3", "6.3", Trend.IMPROVING),  # sick leave T1 2021 vs T1 2020
        (False, "100", "92", Trend.IMPROVING),
        (False, "80", "80", Trend.UNCHANGED),
        (False, None, "80", None),
    ],
)
def test_trend_is_computed_from_figures(
    lower_is_better: bool, value: str | None, previous: str, expected: str | None
) -> None:
    got = trend(
        lower_is_better=lower_is_better,
        value=D(value) if value is not None else None,
        previous=D(previous),
    )
    assert got == expected


# ------------------------------------------------ counts that accumulate (issue 15)


def meetings(value: str, *, end_month: int = 5, forecast: str = "", **fields: str) -> Measure:
    measure = Measure(
        key="sammantraden",
        name="Antal nämndsammanträden",
        unit_of_measurement="st",
        target_direction=fields.get("direction", Direction.AT_LEAST),
        target_value=D(fields.get("target", "6")),
        partly_threshold=D(fields["threshold"]) if "threshold" in fields else None,
        accumulates=True,
    )
    outcome = MeasureOutcome(measure=measure, value=D(value), forecast=forecast)
    measure._outcome = outcome  # type: ignore[attr-defined]
    measure._end_month = end_month  # type: ignore[attr-defined]
    return measure


def judged(measure: Measure) -> str:
    return attainment(measure, measure._outcome, end_month=measure._end_month)  # type: ignore[attr-defined]


def test_two_of_six_meetings_by_may_with_the_prognosis_reached_is_achieved() -> None:
    m = meetings("2", forecast=Forecast.WILL_BE_REACHED)
    assert judged(m) == Attainment.ACHIEVED
    why = explain_attainment(m, m._outcome, end_month=5)  # type: ignore[attr-defined]
    assert why == (
        "2\xa0st hittills (januari–maj) mot målet minst 6\xa0st för året; "
        "bedöms efter prognosen: Målet kommer nås: Uppnått."
    )
    assert judged(meetings("2", forecast=Forecast.PARTLY)) == Attainment.PARTLY
    assert judged(meetings("2", forecast=Forecast.AT_RISK)) == Attainment.PARTLY
    assert judged(meetings("2", forecast=Forecast.WILL_NOT_BE_REACHED)) == Attainment.NOT_ACHIEVED
    # The same count at year end is what it is.
    assert judged(meetings("2", end_month=12, forecast=Forecast.WILL_BE_REACHED)) == (
        Attainment.NOT_ACHIEVED
    )


def test_without_a_prognosis_the_target_counts_pro_rata() -> None:
    # 6 × 5/12 = 2,5 by May: 3 is ahead, 2 behind (no threshold: ej uppnått).
    assert judged(meetings("3")) == Attainment.ACHIEVED
    assert judged(meetings("2")) == Attainment.NOT_ACHIEVED
    # With "delvis from 4": 4 × 5/12 = 1,67, so 2 is delvis.
    assert judged(meetings("2", threshold="4")) == Attainment.PARTLY
    m = meetings("2")
    assert "i takt med året: 2,5\xa0st" in explain_attainment(
        m,
        m._outcome,
        end_month=5,  # type: ignore[attr-defined]
    )


def test_a_target_reached_early_stays_reached_and_an_at_most_exceeded_stays_not() -> None:
    assert judged(meetings("6", forecast=Forecast.WILL_NOT_BE_REACHED)) == Attainment.ACHIEVED
    # "Högst 10" major incidents with 11 by April: over the target whatever comes.
    over = meetings("11", end_month=4, direction=Direction.AT_MOST, target="10")
    assert judged(over) == Attainment.NOT_ACHIEVED
    hopeful = meetings(
        "11",
        end_month=4,
        direction=Direction.AT_MOST,
        target="10",
        forecast=Forecast.WILL_BE_REACHED,
    )
    assert judged(hopeful) == Attainment.NOT_ACHIEVED
    # Not yet over, but ahead of the pace (10 × 4/12 = 3,3): delvis, never ej uppnått.
    assert judged(meetings("7", end_month=4, direction=Direction.AT_MOST, target="10")) == (
        Attainment.PARTLY
    )
    assert judged(meetings("3", end_month=4, direction=Direction.AT_MOST, target="10")) == (
        Attainment.ACHIEVED
    )
