"""The assignments page of a unit and year: decisions, status, late ones, nuläge history."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from assignments.models import AssignmentBudget, AssignmentNote, AssignmentStatus
from scorecards.models import Role, UnitPeriod
from tests import factories

pytestmark = pytest.mark.django_db

DEMO_SLUGS = [
    "ultraljudsbilder",
    "arkitektur",
    "integration",
    "investeringsplanering",
    "forvaltningsetableringar-mt",
    "datacenter",
    "ekonomisk-uppfoljningsmodell",
    "forstudiemetodik",
]


def logged_in(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def cards(html: str) -> list[str]:
    return re.findall(r'<article class="assignment-card[^"]*" id="uppdrag-([^"]+)"', html)


# ------------------------------------------------------------------------ the demo


@pytest.mark.usefixtures("demo_module")
def test_demo_year_lists_the_eight_assignments_with_t1_and_year_end_nulage() -> None:
    response = logged_in("controller").get("/uppdrag/lansteknik/2019/")
    html = response.content.decode()
    assert response.status_code == 200
    assert cards(html) == DEMO_SLUGS
    assert html.count('<li class="note">') == 16  # T1 and helår for each, both kept
    first = html.split('id="uppdrag-ultraljudsbilder"')[1].split("</article>")[0]
    # Newest first: the year-end nuläge, then T1's.
    assert first.index("Helår 2019") < first.index("T1 2019")
    assert "Uppdraget ska återupptas 2020." in first
    assert "Uppdraget påbörjat under april" in first
    assert "Vilande/nedprioriterat" in first  # status = the latest note's


@pytest.mark.usefixtures("demo_module")
def test_demo_reader_sees_the_approved_2019_notes_and_other_division_404() -> None:
    assert len(cards(logged_in("reader").get("/uppdrag/lansteknik/2019/").content.decode())) == 8
    assert logged_in("controller_other").get("/uppdrag/lansteknik/2019/").status_code == 404
    assert logged_in("controller").get("/uppdrag/ingen-sadan/2019/").status_code == 404
    assert logged_in("controller").get("/uppdrag/lansteknik/1999/").status_code == 404
    assert logged_in("controller").get("/uppdrag/lansteknik/nagot/").status_code == 404


@pytest.mark.usefixtures("demo_module")
def test_demo_filter_by_status() -> None:
    html = logged_in("controller").get("/uppdrag/lansteknik/2019/?status=done").content.decode()
    assert cards(html) == ["forstudiemetodik"]
    assert "Visar 1 av 8 uppdrag." in html


# ------------------------------------------------------------------- built worlds


@pytest.fixture
def world() -> dict[str, Any]:
    root, (div_a, div_b) = factories.organisation_tree(2, slug="yr")
    p = factories.periods(root.organisation, 2021)
    factories.unit_period(div_a, p["T1"], UnitPeriod.Status.APPROVED)
    factories.unit_period(div_a, p["T2"])  # open: not for readers
    year = p["T1"].year
    late = factories.assignment(div_a, year, "sen", title="Sent uppdrag", order=1)
    late.decision_body, late.decision_date = "Regionstyrelsen", datetime.date(2021, 2, 1)
    late.decision_reference, late.due_date = "RS 2021/7", datetime.date(2021, 3, 31)
    late.save()
    finished = factories.assignment(div_a, year, "klar", title="Klart uppdrag", order=2)
    finished.due_date = datetime.date(2021, 3, 31)
    finished.save()
    factories.assignment(div_a, year, "senare", title="Inte förfallet", order=3)
    factories.assignment_note(late, p["T1"], status="in_progress", text="Godkänt T1.")
    factories.assignment_note(late, p["T2"], status="paused", text="Öppet T2.")
    factories.assignment_note(finished, p["T1"], status="done", text="Klart.")
    AssignmentBudget.objects.create(
        assignment=late,
        period=p["T1"],
        unit="hours",
        budget=Decimal("180"),
        outcome=Decimal("173.5"),
        remaining=Decimal("9"),
    )
    return {
        "a": div_a,
        "p": p,
        "late": late,
        "controller": factories.user("yc", unit=div_a, role=Role.CONTROLLER),
        "reader": factories.user("yr", unit=root, role=Role.READER),
        "other": factories.user("yo", unit=div_b, role=Role.CONTROLLER),
    }


def get(world: dict[str, Any], who: str, query: str = "") -> Any:
    c = Client()
    c.force_login(world[who])
    return c.get(f"/uppdrag/{world['a'].slug}/2021/{query}")


def test_overdue_is_flagged_with_symbol_and_word(world: dict[str, Any]) -> None:
    html = get(world, "controller").content.decode()
    late = html.split('id="uppdrag-sen"')[1].split("</article>")[0]
    assert '<span aria-hidden="true">⚠</span> Försenat' in late
    assert "Regionstyrelsen 2021-02-01" in late and "RS 2021/7" in late
    assert "2021-03-31" in late
    finished = html.split('id="uppdrag-klar"')[1].split("</article>")[0]
    assert "Försenat" not in finished  # klart is never late
    assert "Försenat" not in html.split('id="uppdrag-senare"')[1]  # no due date


def test_filters_overdue_and_status(world: dict[str, Any]) -> None:
    assert cards(get(world, "controller", "?forsenade=1").content.decode()) == ["sen"]
    assert cards(get(world, "controller", "?status=done").content.decode()) == ["klar"]
    assert cards(get(world, "controller", "?status=not_started").content.decode()) == ["senare"]
    # An unknown status is ignored rather than hiding everything.
    assert len(cards(get(world, "controller", "?status=x").content.decode())) == 3


def test_controller_sees_every_period_newest_first(world: dict[str, Any]) -> None:
    late = get(world, "controller").content.decode().split('id="uppdrag-sen"')[1]
    assert late.index("Öppet T2.") < late.index("Godkänt T1.")
    assert "Vilande/nedprioriterat" in late


def test_reader_sees_only_approved_periods_notes(world: dict[str, Any]) -> None:
    response = get(world, "reader")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Godkänt T1." in html
    assert "Öppet T2." not in html
    late = html.split('id="uppdrag-sen"')[1].split("</article>")[0]
    assert "Pågår" in late and "Vilande" not in late  # status from what the reader may see


def test_other_division_gets_404(world: dict[str, Any]) -> None:
    assert get(world, "other").status_code == 404


def test_budget_with_forecast_and_difference(world: dict[str, Any]) -> None:
    late = get(world, "controller").content.decode().split('id="uppdrag-sen"')[1]
    late = late.split("</article>")[0]
    assert "Budget, T1 2021" in late
    assert "182,5" in late and "\u22122,5" in late


def test_a_period_key_shows_its_year(world: dict[str, Any]) -> None:
    c = Client()
    c.force_login(world["controller"])
    html = c.get(f"/uppdrag/{world['a'].slug}/2021-T1/").content.decode()
    assert len(cards(html)) == 3


@pytest.mark.parametrize("n", [1, 10])
def test_query_count_does_not_grow_with_assignments(
    world: dict[str, Any], n: int, django_assert_num_queries: Any
) -> None:
    year = world["p"]["T1"].year
    for i in range(n):
        extra = factories.assignment(world["a"], year, f"extra{i}", title=f"Extra {i}")
        factories.assignment_note(extra, world["p"]["T1"], text=f"T1 {i}")
        factories.assignment_note(extra, world["p"]["T2"], text=f"T2 {i}")
        AssignmentBudget.objects.create(
            assignment=extra, period=world["p"]["T2"], unit="kr", budget=Decimal(i)
        )
    c = Client()
    c.force_login(world["controller"])
    # session, user, roles, unit, year; assignments, notes, budgets (the visible
    # periods are a subquery).
    with django_assert_num_queries(8):
        response = c.get(f"/uppdrag/{world['a'].slug}/2021/")
    assert len(cards(response.content.decode())) == n + 3
    assert AssignmentNote.objects.filter(status=AssignmentStatus.IN_PROGRESS).exists()
