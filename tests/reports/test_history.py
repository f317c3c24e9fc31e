"""The change history of a unit period: who, when, which path, old → new, per row and field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.test import Client

from assignments.services import assignment_note_set
from finance.models import CostKind
from reports import history, selectors
from reports.services import narrative_set
from scorecards import services
from scorecards.models import Measure, Role, UnitPeriod
from scorecards.services import Via
from tests import factories

pytestmark = pytest.mark.django_db

NBSP, MINUS = "\u00a0", "\u2212"


@pytest.fixture
def world() -> dict:
    root, (div_a, div_b) = factories.organisation_tree(2, slug="h")
    p = factories.periods(root.organisation, 2021)
    up = factories.unit_period(div_a, p["T1"])
    factories.unit_period(div_b, p["T1"])
    factories.scorecard_model(div_a, p["T1"], 1)
    measure = Measure.objects.get(goal__unit=div_a, key="m0")
    Measure.objects.filter(pk=measure.pk).update(name="Antal major incidents")
    measure.refresh_from_db()
    return {
        "a": div_a,
        "up": up,
        "period": p["T1"],
        "measure": measure,
        "controller": factories.user("c", unit=div_a, role=Role.CONTROLLER),
        "manager": factories.user("m", unit=div_a, role=Role.MANAGER),
        "reader": factories.user("r", unit=root, role=Role.READER),
        "other": factories.user("o", unit=div_b, role=Role.CONTROLLER),
        "admin": factories.user("adm", superuser=True),
    }


def url(world: dict) -> str:
    return f"/styrkort/{world['a'].slug}/2021-T1/historik/"


def client(world: dict, who: str) -> Client:
    c = Client()
    c.force_login(world[who])
    return c


def audited_save(instance: models.Model, user: User, via: str, **values: object) -> None:
    """Change a row the way an import would (these apps have no services of their own yet)."""
    for name, value in values.items():
        setattr(instance, name, value)
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = via  # type: ignore[attr-defined]
    instance.save()


def save_summary(world: dict, who: str, body: str, via: str = Via.WEB) -> None:
    current = selectors.text_slots(unit_period=world["up"])[0].section
    narrative_set(
        actor=world[who],
        unit_period=world["up"],
        kind="summary",
        perspective=None,
        changes={"body": body},
        expected_version=current.version if current else None,
        via=via,
    )


def save_outcome(world: dict, value: str, via: str = Via.WEB) -> None:
    outcome = world["measure"].outcomes.get(period=world["period"])
    services.outcome_set(
        actor=world["controller"],
        unit_period=world["up"],
        measure=world["measure"],
        changes={"value": Decimal(value)},
        expected_version=outcome.version,
        via=via,
    )


def test_history_shows_who_when_path_and_old_to_new_after_two_saves(world: dict) -> None:
    save_summary(world, "controller", "Första versionen.")
    save_summary(world, "manager", "Andra versionen.")
    changes = history.history(unit_period=world["up"])
    text_changes = [c for c in changes if c.what == "Text: Sammanfattning"]
    assert [(c.who, c.old, c.new) for c in text_changes] == [
        ("m", "Första versionen.", "Andra versionen."),  # newest first
        ("c", "", "Första versionen."),
    ]
    assert {c.via for c in text_changes} == {"webb"}
    assert text_changes[0].field_label == "Text (Markdown)"
    assert text_changes[0].when >= text_changes[1].when

    response = client(world, "controller").get(url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Text: Sammanfattning" in html
    assert "Första versionen." in html and "Andra versionen." in html
    assert ">webb<" in html and ">m<" in html and ">c<" in html
    assert '<time datetime="' in html


def test_figures_are_formatted_the_swedish_way_and_the_import_path_is_shown(world: dict) -> None:
    save_outcome(world, "12.5", via=Via.IMPORT)
    change = next(c for c in history.history(unit_period=world["up"]) if c.via == "import")
    assert change.what == "Styrmått: Antal major incidents"
    assert (change.field_label, change.old, change.new) == ("Utfall", "0", "12,5")
    html = client(world, "controller").get(url(world)).content.decode()
    assert ">import<" in html and "12,5" in html


def test_every_source_is_listed_with_its_section_and_row(world: dict) -> None:
    a, period, user = world["a"], world["period"], world["admin"]
    staff = factories.staff_month(a, 2021, 4, sick_leave_total="4.45")
    audited_save(staff, user, Via.IMPORT, sick_leave_total=Decimal("5.3"))
    factories.staff_month(a, 2021, 9, headcount=3)  # after the period: not its history
    category = factories.cost_category(
        period.year, "personal", CostKind.STAFF, name="Personalkostnader"
    )
    figure = factories.finance_figure(a, period, category, outcome="-32533999")
    audited_save(figure, user, Via.IMPORT, outcome=Decimal("-32465224"))
    table = factories.follow_up_table(a, period, "Covid-19", [("Skyddsutrustning", "1000")])
    audited_save(table.rows.get(), user, Via.ADMIN, amount=Decimal(2500))
    it = factories.investment_category(period.year, "it", name="IT")
    investment = factories.investment_outcome(a, period, it, current="100")
    audited_save(investment, user, Via.COMMAND, outcome_current_decisions=Decimal(250))
    architecture = factories.assignment(a, period.year, "arkitektur", title="Arkitektur")
    assignment_note_set(
        actor=world["controller"],
        unit_period=world["up"],
        assignment=architecture,
        changes={"status": "done", "text": "Klart."},
        expected_version=None,
    )
    services.perspective_assessment_set(
        actor=world["manager"],
        unit_period=world["up"],
        perspective=world["measure"].goal.perspective,
        changes={"attainment": "partly"},
        expected_version=None,
    )
    services.unit_period_transition(
        actor=world["controller"], unit_period=world["up"], step="submit"
    )
    services.unit_period_reopen(actor=user, unit_period=world["up"], reason="Rättning av HME.")

    changes = history.history(unit_period=world["up"])
    by_what: dict[tuple[str, str], history.Change] = {}
    for c in changes:  # the newest change of each row and field
        by_what.setdefault((c.what, c.field_label), c)
    assert by_what[("Personal: april", "Sjukfrånvaro totalt (%)")].new == "5,3"
    assert not any(c.what == "Personal: september" for c in changes)
    money = by_what[("Ekonomi: Personalkostnader", "Utfall")]
    assert (money.old, money.new) == (
        f"{MINUS}32{NBSP}533{NBSP}999",
        f"{MINUS}32{NBSP}465{NBSP}224",
    )
    assert by_what[("Ekonomi: Covid-19 – Skyddsutrustning", "Belopp")].via == "admin"
    assert by_what[("Investeringar: IT", "Utfall beslut inför/under året")].via == "kommando"
    assert by_what[("Uppdrag: Arkitektur", "Status")].new == "Klart"
    assert by_what[("Bedömning: Samhälle", "Bedömning")].new == "Delvis uppnått"
    status = [c for c in changes if c.what == "Period: T1 2021"]
    assert [(c.via, c.old, c.new) for c in status[:2]] == [
        ("webb: Rättning av HME.", "Klarmarkerad", "Öppen"),
        ("webb", "Öppen", "Klarmarkerad"),
    ]
    assert [c.when for c in changes] == sorted((c.when for c in changes), reverse=True)


def test_history_can_be_narrowed_to_one_row_and_one_field(world: dict) -> None:
    save_summary(world, "controller", "Text.")
    save_outcome(world, "3")
    services.outcome_set(
        actor=world["controller"],
        unit_period=world["up"],
        measure=world["measure"],
        changes={"comment": "Kommentar."},
        expected_version=world["measure"].outcomes.get(period=world["period"]).version,
    )
    outcome_id = world["measure"].outcomes.get(period=world["period"]).pk
    c = client(world, "controller")
    html = c.get(url(world), {"rad": f"styrmatt-{outcome_id}"}).content.decode()
    assert "Antal major incidents" in html and "Kommentar." in html
    assert "Text: Sammanfattning" not in html
    assert "Visa alla ändringar" in html
    html = c.get(url(world), {"rad": f"styrmatt-{outcome_id}", "falt": "comment"}).content.decode()
    assert "Kommentar." in html and ">Utfall<" not in html
    # A row key that names nothing shows everything.
    assert "Text: Sammanfattning" in c.get(url(world), {"rad": "nonsense-1"}).content.decode()


def test_reader_sees_history_of_an_approved_period_only(world: dict) -> None:
    assert client(world, "reader").get(url(world)).status_code == 404
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    response = client(world, "reader").get(url(world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ändringshistorik" in html and "Avsnitt att registrera" not in html
    # Those who enter see the history among the entry tabs.
    html = client(world, "controller").get(url(world)).content.decode()
    assert 'aria-current="page">Historik<' in html
    assert client(world, "other").get(url(world)).status_code == 404
    assert client(world, "controller").post(url(world)).status_code == 405


def test_history_is_paginated_by_fifty(world: dict) -> None:
    for i in range(60):
        save_outcome(world, str(i + 1))
    c = client(world, "controller")
    first = c.get(url(world)).content.decode()
    assert first.count('<td class="history-value">') == 2 * 50
    assert "Sida 1 av 2" in first
    second = c.get(url(world), {"sida": 2}).content.decode()
    assert "Sida 2 av 2" in second


def make_changes(world: dict, n: int) -> None:
    """``n`` saves of each kind the history reads."""
    architecture = factories.assignment(world["a"], world["period"].year, f"u{n}", title="Uppdrag")
    for i in range(n):
        save_outcome(world, str(i + 1))
        save_summary(world, "controller", f"Version {i}.")
        note = architecture.notes.first()
        assignment_note_set(
            actor=world["controller"],
            unit_period=world["up"],
            assignment=architecture,
            changes={"text": f"Nuläge {i}."},
            expected_version=note.version if note else None,
        )


@pytest.mark.parametrize("n", [1, 10])
def test_query_count_does_not_grow_with_the_history(
    world: dict, n: int, django_assert_num_queries: object
) -> None:
    make_changes(world, n)
    c = client(world, "controller")
    # session, user, memberships, unit period; one query per audited model (13);
    # whether the user may enter (memberships + EXISTS), for the entry tabs.
    with django_assert_num_queries(18):  # type: ignore[operator]
        response = c.get(url(world))
    assert response.status_code == 200
    assert response.content.decode().count("Text: Sammanfattning") == n
    # Narrowed to one row: only that model's history is read.
    summary = selectors.text_slots(unit_period=world["up"])[0].section
    assert summary is not None
    with django_assert_num_queries(6):  # type: ignore[operator]
        c.get(url(world), {"rad": f"text-{summary.pk}"})
