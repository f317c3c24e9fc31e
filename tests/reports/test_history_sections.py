"""The history page lists internal control follow-ups, assignment budgets and nuläge,
goal follow-ups and indicator counts like the figures: who, when, path, old → new."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from assignments.services import assignment_note_set, budget_set
from goals.services import goal_follow_up_set, indicator_count_set
from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from internal_control.services import follow_up_set
from reports import history
from scorecards.models import Measure, Role
from scorecards.services import Via
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    root, (div_a, div_b) = factories.organisation_tree(2, slug="hs")
    p = factories.periods(root.organisation, 2021)
    up = factories.unit_period(div_a, p["T1"])
    factories.unit_period(div_a, p["T2"])
    factories.unit_period(div_b, p["T1"])
    factories.scorecard_model(div_a, p["T1"], 1)
    measure = Measure.objects.get(goal__unit=div_a, key="m0")
    plan = ControlPlan.objects.create(unit=div_a, year=p["T1"].year)
    risk = Risk.objects.create(plan=plan, description="Avtal", probability=2, consequence=2)
    activity = ControlActivity.objects.create(risk=risk, what="Avtalsuppföljning", method="-")
    return {
        "a": div_a,
        "up": up,
        "period": p["T1"],
        "measure": measure,
        "activity": activity,
        "assignment": factories.assignment(div_a, p["T1"].year, "arkiv", title="E-arkiv"),
        "controller": factories.user("c", unit=div_a, role=Role.CONTROLLER),
        "manager": factories.user("m", unit=div_a, role=Role.MANAGER),
        "admin": factories.user("adm", superuser=True),
    }


def url(world: dict) -> str:
    return f"/styrkort/{world['a'].slug}/2021-T1/historik/"


def page(world: dict, **query: str) -> str:
    client = Client()
    client.force_login(world["controller"])
    response = client.get(url(world), query)
    assert response.status_code == 200
    return response.content.decode()


def follow_up(world: dict, version: int | None, via: str = Via.WEB, **changes: str) -> None:
    follow_up_set(
        actor=world["controller"],
        unit_period=world["up"],
        activity=world["activity"],
        changes=changes,
        expected_version=version,
        via=via,
    )


def test_internal_control_follow_ups_are_listed_with_old_and_new_values(world: dict) -> None:
    follow_up(world, None, performed="Mars", assessment="partly")
    follow_up(world, 1, Via.IMPORT, assessment="sufficient", result="Inga avvikelser.")
    changes = [c for c in history.history(unit_period=world["up"]) if c.row.startswith("intern")]
    assert [(c.field_label, c.via, c.old, c.new) for c in changes] == [
        ("Uppföljning/resultat", "import", "", "Inga avvikelser."),
        ("Bedömning", "import", "Delvis", "Tillräckligt"),
        ("Utfört", "webb", "", "Mars"),
        ("Bedömning", "webb", "", "Delvis"),
    ]
    assert {c.what for c in changes} == {"Internkontroll: Avtalsuppföljning"}
    assert {c.who for c in changes} == {"c"}

    html = page(world)
    assert "Internkontroll: Avtalsuppföljning" in html
    assert ">Delvis<" in html and ">Tillräckligt<" in html and ">import<" in html
    # Narrowed to the row, then to one field of it.
    row = f"internkontroll-{ActivityFollowUp.objects.get().pk}"
    narrowed = page(world, rad=row, falt="assessment")
    assert "Tillräckligt" in narrowed and "Inga avvikelser." not in narrowed


def test_assignment_nulage_budget_goal_and_indicator_changes_are_listed(world: dict) -> None:
    up, controller = world["up"], world["controller"]
    assignment_note_set(
        actor=controller,
        unit_period=up,
        assignment=world["assignment"],
        changes={"status": "in_progress", "text": "Upphandling pågår."},
        expected_version=None,
    )
    budget_set(
        actor=controller,
        unit_period=up,
        assignment=world["assignment"],
        changes={"unit": "hours", "budget": Decimal(180), "outcome": Decimal("173.5")},
        expected_version=None,
    )
    goal_follow_up_set(
        actor=world["manager"],
        unit_period=up,
        goal=world["measure"].goal,
        changes={"forecast": "at_risk", "comment": "Osäkert."},
        expected_version=None,
    )
    indicator_count_set(
        actor=controller,
        unit_period=up,
        measure=world["measure"],
        changes={"numerator": Decimal(9), "denominator": Decimal(14)},
        expected_version=None,
        via=Via.IMPORT,
    )
    found = {(c.what, c.field_label): c for c in history.history(unit_period=up)}
    assert found[("Uppdrag: E-arkiv", "Nuläge")].new == "Upphandling pågår."
    assert found[("Uppdrag: E-arkiv", "Status")].new == "Pågår"
    assert found[("Uppdrag: E-arkiv (timmar)", "Utfall hittills")].new == "173,5"
    goal = world["measure"].goal.title
    assert found[(f"Mål: {goal}", "Prognos")].new == "Risk att målet ej nås"
    assert found[(f"Mål: {goal}", "Prognos")].who == "m"
    count = found[(f"Indikatorer: {world['measure'].name}", "Täljare")]
    assert (count.old, count.new, count.via) == ("", "9", "import")

    html = page(world)
    for text in ("Uppdrag: E-arkiv (timmar)", "Upphandling pågår.", f"Mål: {goal}", "14"):
        assert text in html


def test_another_periods_follow_up_is_not_in_this_periods_history(world: dict) -> None:
    t2 = world["up"].unit.unit_periods.get(period__key="2021-T2")
    follow_up_set(
        actor=world["controller"],
        unit_period=t2,
        activity=world["activity"],
        changes={"result": "T2-resultat"},
        expected_version=None,
    )
    assert "T2-resultat" not in page(world)
