"""Review where the scorecard is, Klarmarkera's checklist, what a measure can hold, and
conflicts per field."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from annual_cycle import selectors as cycle_selectors
from annual_cycle.models import Deadline, Step
from annual_cycle.services import reminder_message
from scorecards import checklist, services
from scorecards.errors import EntryError, StaleVersion
from scorecards.forms import OutcomeForm
from scorecards.models import Measure, MeasureOutcome, Role, UnitPeriod
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    root, (div,) = factories.organisation_tree(1, slug="rv")
    periods = factories.periods(root.organisation, 2021)
    up = factories.unit_period(div, periods["T1"])
    factories.scorecard_model(div, periods["T1"], 3)
    measures = list(Measure.objects.filter(goal__unit=div).order_by("key"))
    return {
        "div": div,
        "up": up,
        "period": periods["T1"],
        "measures": measures,
        "controller": factories.user("rv-c", unit=div, role=Role.CONTROLLER),
        "manager": factories.user("rv-m", unit=div, role=Role.MANAGER),
    }


def fresh(up: UnitPeriod) -> UnitPeriod:
    return UnitPeriod.objects.get(pk=up.pk)


def submit(world: dict, **kwargs: object) -> UnitPeriod:
    return services.unit_period_transition(
        actor=world["controller"], unit_period=world["up"], step="submit", **kwargs
    )


# ------------------------------------------------------------------ Klarmarkera


def test_checklist_names_measures_without_outcome(world: dict) -> None:
    assert checklist.gaps(world["up"]) == []
    MeasureOutcome.objects.filter(measure=world["measures"][1]).update(value=None)
    (gap,) = checklist.gaps(world["up"])
    assert gap.what == "Mått 1: inget utfall"
    assert gap.url.endswith(f"/registrera/#m{world['measures'][1].pk}")


def test_submit_with_gaps_needs_confirmation_and_records_it(world: dict) -> None:
    MeasureOutcome.objects.filter(measure=world["measures"][0]).delete()
    with pytest.raises(EntryError, match="1 uppgifter saknas"):
        submit(world)
    assert fresh(world["up"]).status == UnitPeriod.Status.OPEN
    submit(world, gaps_confirmed=True)
    up = fresh(world["up"])
    assert up.status == UnitPeriod.Status.SUBMITTED
    assert up.history.first().history_change_reason == (
        "webb: klarmarkerad med 1 uppgifter som saknas"
    )


def test_organisation_may_refuse_submitting_with_gaps(world: dict) -> None:
    organisation = world["div"].organisation
    organisation.allow_submit_with_gaps = False
    organisation.save()
    MeasureOutcome.objects.filter(measure=world["measures"][0]).delete()
    with pytest.raises(EntryError, match="kan inte klarmarkeras"):
        submit(world, gaps_confirmed=True)
    assert fresh(world["up"]).status == UnitPeriod.Status.OPEN


def test_entry_page_lists_gaps_and_asks_for_confirmation(world: dict) -> None:
    MeasureOutcome.objects.filter(measure=world["measures"][2]).delete()
    client = Client()
    client.force_login(world["controller"])
    html = client.get(f"/styrkort/{world['div'].slug}/2021-T1/registrera/").content.decode()
    assert "1 uppgift saknas" in html
    assert "Mått 2: inget utfall" in html
    assert 'name="confirm" value="1" required' in html


# ----------------------------------------------------------- review on the scorecard


def test_return_needs_a_comment_and_keeps_it_in_the_history(world: dict) -> None:
    submit(world)
    with pytest.raises(EntryError, match="Skriv i kommentaren"):
        services.unit_period_transition(
            actor=world["manager"], unit_period=world["up"], step="return", comment="  "
        )
    services.unit_period_transition(
        actor=world["manager"],
        unit_period=world["up"],
        step="return",
        comment="Komplettera analysen av Mått 1.",
    )
    up = fresh(world["up"])
    assert up.status == UnitPeriod.Status.OPEN
    assert up.review_comment == "Komplettera analysen av Mått 1."
    record = up.history.first()
    assert record.history_change_reason == "webb: Komplettera analysen av Mått 1."
    assert record.review_comment == "Komplettera analysen av Mått 1."
    assert record.history_user == world["manager"]


def test_manager_reviews_on_the_scorecard_and_controller_reads_the_comment(world: dict) -> None:
    submit(world)
    base = f"/styrkort/{world['div'].slug}/2021-T1/"
    manager = Client()
    manager.force_login(world["manager"])
    page = manager.get(base).content.decode()
    assert 'id="granskning"' in page and "Skicka tillbaka" in page
    response = manager.post(
        f"{base}status/", {"step": "return", "comment": "Rätta Mått 0.", "from": "styrkort"}
    )
    assert response.status_code == 302 and response["Location"] == base
    controller = Client()
    controller.force_login(world["controller"])
    entry = controller.get(f"{base}registrera/").content.decode()
    assert "Skickad tillbaka av chefen" in entry and "Rätta Mått 0." in entry
    assert 'id="granskning"' not in controller.get(base).content.decode()


def test_reminder_email_carries_the_managers_comment(world: dict) -> None:
    submit(world)
    services.unit_period_transition(
        actor=world["manager"], unit_period=world["up"], step="return", comment="Rätta Mått 0."
    )
    reminder = cycle_selectors.Reminder(
        user=world["controller"],
        unit_period=fresh(world["up"]),
        deadline=Deadline(title="Delårsrapport 1", step=Step.SUBMISSION),
        date=datetime.date(2021, 5, 10),
        overdue=False,
    )
    _subject, body = reminder_message(reminder)
    assert "Chefens kommentar: Rätta Mått 0." in body


# ------------------------------------------------------------ what a measure can hold


def form(measure: Measure, **data: str) -> OutcomeForm:
    return OutcomeForm({"version": "0", **data}, measure=measure, prefix_id="x")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("−3", "kan inte vara negativt"),
        ("1 234,5", "måste vara ett heltal"),
    ],
)
def test_a_count_is_whole_and_not_negative(world: dict, typed: str, message: str) -> None:
    measure = world["measures"][0]
    measure.unit_of_measurement = "st"
    bound = form(measure, value=typed)
    assert not bound.is_valid()
    assert message in bound.errors["value"][0]
    assert "Utfall (st)" in bound.errors["value"][0]
    assert form(measure, value="12").is_valid()


def test_a_share_lies_within_0_and_100_and_a_fraction_is_asked_about(world: dict) -> None:
    measure = world["measures"][0]
    measure.unit_of_measurement = "%"
    measure.decimals = 1
    assert "mellan 0 och 100" in form(measure, value="120").errors["value"][0]
    asked = form(measure, value="0,725")
    assert not asked.is_valid() and asked.asks_fraction
    assert "Menade du 72,5 %" in asked.errors["value"][0]
    assert form(measure, value="0,725", confirm_fraction="on").is_valid()
    assert form(measure, value="72,5").is_valid()


# ------------------------------------------------------------------ conflicts per field


def test_a_comment_saved_beside_someone_elses_value_does_not_conflict(world: dict) -> None:
    measure = world["measures"][0]
    loaded = MeasureOutcome.objects.get(measure=measure, period=world["period"])
    services.outcome_set(  # the controller changes the value meanwhile
        actor=world["controller"],
        unit_period=world["up"],
        measure=measure,
        changes={"value": Decimal(7)},
        expected_version=loaded.version,
    )
    saved = services.outcome_set(  # the manager's page still shows the old value
        actor=world["manager"],
        unit_period=world["up"],
        measure=measure,
        changes={"comment": "Analys."},
        expected_version=loaded.version,
    )
    assert (saved.value, saved.comment) == (Decimal(7), "Analys.")
    stale_value = services.outcome_set  # a value changed by both still conflicts
    with pytest.raises(StaleVersion):
        stale_value(
            actor=world["controller"],
            unit_period=world["up"],
            measure=measure,
            changes={"value": Decimal(9), "comment": "Analys."},
            expected_version=loaded.version,
        )
