"""The årshjul's rules: a deadline's date in a year, reached steps, states, validation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from annual_cycle import rules
from annual_cycle.models import Deadline, Step
from scorecards.models import Organisation, UnitPeriod

D = datetime.date


def rule(**fields: object) -> Deadline:
    values: dict[str, object] = {
        "pk": 1,
        "title": "Delårsrapport 1",
        "period_kind": "T1",
        "step": Step.SUBMISSION,
        "month": 5,
        "day": 17,
        "year_offset": 0,
    }
    values.update(fields)
    return Deadline(**values)


def test_date_is_in_the_periods_year() -> None:
    assert rules.deadline_date(rule(), 2021) == D(2021, 5, 17)
    assert rules.deadline_date(rule(), 2022) == D(2022, 5, 17)


def test_year_offset_moves_the_date_into_the_following_year() -> None:
    annual_report = rule(period_kind="year", month=2, day=14, year_offset=1)
    assert rules.deadline_date(annual_report, 2020) == D(2021, 2, 14)
    # …and the calendar of 2021 shows it for the periods of 2020.
    assert rules.base_year(annual_report, 2021) == 2020


def test_a_moved_date_wins_for_its_year_only() -> None:
    overrides = {(1, 2021): D(2021, 5, 14)}
    assert rules.deadline_date(rule(), 2021, overrides) == D(2021, 5, 14)
    assert rules.deadline_date(rule(), 2022, overrides) == D(2022, 5, 17)
    assert rules.deadline_date(rule(pk=2), 2021, overrides) == D(2021, 5, 17)


def test_29_february_falls_on_the_28th_in_other_years() -> None:
    leap = rule(month=2, day=29)
    assert rules.deadline_date(leap, 2024) == D(2024, 2, 29)
    assert rules.deadline_date(leap, 2021) == D(2021, 2, 28)


@pytest.mark.parametrize(
    ("step", "status", "reached"),
    [
        (Step.ENTRY, UnitPeriod.Status.OPEN, False),
        (Step.ENTRY, UnitPeriod.Status.SUBMITTED, True),
        (Step.SUBMISSION, UnitPeriod.Status.OPEN, False),
        (Step.SUBMISSION, UnitPeriod.Status.SUBMITTED, True),
        (Step.APPROVAL, UnitPeriod.Status.SUBMITTED, False),
        (Step.APPROVAL, UnitPeriod.Status.APPROVED, True),
        (Step.APPROVAL, UnitPeriod.Status.LOCKED, True),
        (Step.EVENT, UnitPeriod.Status.LOCKED, False),
    ],
)
def test_step_reached_by_status(step: str, status: str, reached: bool) -> None:
    assert rules.is_reached(step, status) is reached


def test_state_is_done_pending_or_overdue() -> None:
    due = D(2021, 5, 17)
    open_ = UnitPeriod.Status.OPEN
    assert rules.state(step=Step.SUBMISSION, status=open_, due=due, today=D(2021, 5, 17)) == (
        rules.State.PENDING
    )
    assert rules.state(step=Step.SUBMISSION, status=open_, due=due, today=D(2021, 5, 18)) == (
        rules.State.OVERDUE
    )
    assert rules.state(
        step=Step.SUBMISSION, status=UnitPeriod.Status.SUBMITTED, due=due, today=D(2021, 6, 1)
    ) == (rules.State.DONE)


def test_reminder_window_opens_days_before_and_stays_open() -> None:
    due = D(2021, 5, 28)
    assert not rules.in_reminder_window(due=due, days_before=7, today=D(2021, 5, 20))
    assert rules.in_reminder_window(due=due, days_before=7, today=D(2021, 5, 21))
    assert rules.in_reminder_window(due=due, days_before=7, today=D(2021, 6, 30))


def test_swedish_date() -> None:
    assert rules.format_date(D(2021, 5, 14)) == "14 maj 2021"


@pytest.mark.django_db
def test_rule_validation_in_swedish() -> None:
    org = Organisation.objects.create(slug="o", name="O")
    april_31 = Deadline(
        organisation=org, title="X", period_kind="T1", step=Step.ENTRY, month=4, day=31
    )
    with pytest.raises(ValidationError) as error:
        april_31.full_clean()
    assert error.value.message_dict["day"] == ["Månaden har inte så många dagar."]
    with pytest.raises(ValidationError) as error:
        Deadline(organisation=org, title="X", step=Step.APPROVAL, month=4, day=30).full_clean()
    assert "period_kind" in error.value.message_dict
    Deadline(organisation=org, title="Budget", step=Step.EVENT, month=2, day=29).full_clean()
