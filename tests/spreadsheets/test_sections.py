"""Excel round trip of assignments (status, nuläge, budget), internal control follow-ups
and indicator counts: the same services, audit, lock and all-or-nothing as the figures."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from assignments.models import AssignmentBudget, AssignmentNote
from goals.models import IndicatorCount
from internal_control.models import (
    ActivityFollowUp,
    ControlActivity,
    ControlPlan,
    Risk,
)
from reports.history import history as change_history
from scorecards.models import Measure, MeasureOutcome, UnitPeriod
from scorecards.services import Via
from spreadsheets.importers import ImportResult, unit_period_import
from tests import factories
from tests.spreadsheets.workbook import cell, edit, export

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(world: dict[str, Any]) -> dict[str, Any]:
    """The Excel world plus a control plan with two risks and three activities; m0–m2
    are count indicators (no figure typed on the scorecard)."""
    a, year = world["a"], world["periods"]["T1"].year
    MeasureOutcome.objects.filter(measure__goal__unit=a).update(value=None)
    plan = ControlPlan.objects.create(unit=a, year=year)
    first = Risk.objects.create(
        plan=plan, description="Avtal förnyas inte", probability=2, consequence=3, order=1
    )
    second = Risk.objects.create(
        plan=plan, description="Behörigheter", probability=3, consequence=4, order=2
    )
    world["contracts"] = ControlActivity.objects.create(
        risk=first, what="Avtalsuppföljning", method="Stickprov", when="Mars"
    )
    world["access"] = ControlActivity.objects.create(
        risk=second, what="Behörighetskontroll", method="Logggranskning", order=1
    )
    world["access_b"] = ControlActivity.objects.create(
        risk=second, what="Kontroll av konton", method="Lista", order=2
    )
    # Another unit's plan: none of its activities reach this unit's file.
    other_plan = ControlPlan.objects.create(unit=world["b"], year=year)
    other_risk = Risk.objects.create(plan=other_plan, description="X", probability=1, consequence=1)
    ControlActivity.objects.create(risk=other_risk, what="Annan enhets kontroll", method="-")
    return world


def run(world: dict[str, Any], content: bytes, who: str = "controller") -> ImportResult:
    return unit_period_import(user=world[who], unit_period=world["up"], content=content)


def versions() -> dict[str, list[int]]:
    models = (AssignmentNote, AssignmentBudget, ActivityFollowUp, IndicatorCount)
    return {
        m.__name__: list(m.objects.order_by("pk").values_list("version", flat=True)) for m in models
    }


def history_count() -> int:
    models = (AssignmentNote, AssignmentBudget, ActivityFollowUp, IndicatorCount)
    return sum(m.history.count() for m in models)  # type: ignore[attr-defined]


def headers(content: bytes, title: str) -> list[str]:
    ws = load_workbook(BytesIO(content))[title]
    return [c.value for c in ws[1]]


# ------------------------------------------------------------------------- the export


def test_new_sheets_have_swedish_headers_and_only_entry_cells_unlocked(sections: dict) -> None:
    content = export(sections["controller"], sections["up"])
    assert headers(content, "Internkontroll") == [
        "Id",
        "Risk",
        "Kontrollaktivitet",
        "Ansvarig",
        "Kontrollmetod",
        "När",
        "Utfört",
        "Uppföljning/resultat",
        "Eventuella åtgärder/förändringar",
        "Bedömning",
        "version",
    ]
    assert headers(content, "Uppdragsbudget")[:7] == [
        "Id",
        "Kortnamn",
        "Enhet",
        "Uppdrag",
        "Budget",
        "Utfall hittills",
        "Beräknat återstående",
    ]
    assert headers(content, "Indikatorer")[4:6] == ["Täljare", "Nämnare"]

    book = load_workbook(BytesIO(content))
    ws = book["Internkontroll"]
    assert ws.protection.sheet
    # Activities in the plan's order, numbered by risk; the other unit's are not there.
    assert [r[2] for r in ws.iter_rows(min_row=2, values_only=True)] == [
        "Avtalsuppföljning",
        "Behörighetskontroll",
        "Kontroll av konton",
    ]
    assert ws.cell(3, 2).value == "R2 Behörigheter"
    row = {h.value: c for h, c in zip(ws[1], ws[2], strict=True)}
    assert row["Id"].protection.locked and row["Kontrollaktivitet"].protection.locked
    assert not row["Utfört"].protection.locked and not row["Bedömning"].protection.locked
    assessment = ws.data_validations.dataValidation[0].formula1
    assert assessment == '"Tillräckligt,Delvis,Otillräckligt"'
    assert ws.column_dimensions["H"].width == 48

    budget = book["Uppdragsbudget"]
    assert [r[2] for r in budget.iter_rows(min_row=2, values_only=True)] == ["timmar", "kr"]
    hours = cell(content, "Uppdragsbudget", sections["assignment"].pk, "Budget")
    assert hours.number_format == '#,##0.0;"−"#,##0.0' and not hours.protection.locked
    assert cell(content, "Uppdragsbudget", sections["assignment"].pk, "Enhet").protection.locked

    indicators = [r[1] for r in book["Indikatorer"].iter_rows(min_row=2, values_only=True)]
    assert indicators == ["m0", "m1", "m2"]


def test_the_indicator_sheet_lists_only_count_indicators(sections: dict) -> None:
    """Counted in some period of the year, or nothing typed yet: listed. A figure typed on
    the scorecard, or a text measure: that measure is the Styrkort sheet's alone."""
    t1, t2 = sections["periods"]["T1"], sections["periods"]["T2"]
    goal = sections["m0"].goal

    def measure(key: str, kind: str = Measure.ValueKind.NUMBER) -> Measure:
        return Measure.objects.create(
            goal=goal, key=key, name=key, value_kind=kind, target_direction="at_least"
        )

    typed, commented, both = measure("typed"), measure("commented"), measure("both")
    measure("text", Measure.ValueKind.TEXT)
    MeasureOutcome.objects.create(measure=typed, period=t2, value=Decimal(7))
    MeasureOutcome.objects.create(measure=commented, period=t1, comment="Inget utfall än.")
    MeasureOutcome.objects.create(measure=both, period=t1, value=Decimal(3))
    IndicatorCount.objects.create(measure=both, period=t2, numerator=3, denominator=4)

    content = export(sections["controller"], sections["up"])
    book = load_workbook(BytesIO(content))
    listed = [r[1] for r in book["Indikatorer"].iter_rows(min_row=2, values_only=True)]
    assert sorted(listed) == ["both", "commented", "m0", "m1", "m2"]
    scorecard = [r[1] for r in book["Styrkort"].iter_rows(min_row=2, values_only=True)]
    assert {"typed", "text", "both"} <= set(scorecard)


def test_a_period_without_a_note_starts_from_the_earlier_status(sections: dict) -> None:
    """As on the entry page: T2 shows T1's status, and a nuläge typed alone keeps it."""
    factories.assignment_note(sections["assignment"], sections["periods"]["T1"], status="paused")
    up_t2 = sections["up_t2"]
    content = export(sections["controller"], up_t2)
    assert cell(content, "Uppdrag", sections["assignment"].pk, "Status").value == (
        "Vilande/nedprioriterat"
    )
    # Unchanged: nothing is written for T2.
    same = unit_period_import(user=sections["controller"], unit_period=up_t2, content=content)
    assert same.ok and same.total == 0
    assert not AssignmentNote.objects.filter(period=up_t2.period).exists()

    edited = edit(content, {("Uppdrag", sections["assignment"].pk): {"Nuläge": "Pausat."}})
    result = unit_period_import(user=sections["controller"], unit_period=up_t2, content=edited)
    assert result.ok, result.errors
    note = AssignmentNote.objects.get(period=up_t2.period)
    assert (note.status, note.text) == ("paused", "Pausat.")


# ---------------------------------------------------------------------- the round trip


def test_round_trip_of_the_new_sheets_writes_through_the_services_with_audit(
    sections: dict,
) -> None:
    a = sections["assignment"]
    content = export(sections["controller"], sections["up"])
    edited = edit(
        content,
        {
            ("Uppdrag", a.pk): {"Status": "pågår", "Nuläge": "Förstudie klar."},
            ("Uppdragsbudget", (a.pk, a.slug, "timmar")): {
                "Budget": 180,
                "Utfall hittills": "173,5",
                "Beräknat återstående": 9,
            },
            ("Uppdragsbudget", (a.pk, a.slug, "kr")): {"Budget": "1 200 000"},
            ("Internkontroll", sections["contracts"].pk): {
                "Utfört": "Mars 2021",
                "Uppföljning/resultat": "Två avtal förnyade.",
                "Eventuella åtgärder/förändringar": "Ny rutin.",
                "Bedömning": "Delvis",
            },
            ("Internkontroll", sections["access"].pk): {"Bedömning": "Tillräckligt"},
            ("Indikatorer", sections["m1"].pk): {"Täljare": 9, "Nämnare": "14"},
        },
    )
    result = run(sections, edited)
    assert result.ok, [str(e) for e in result.errors]
    assert result.changed["Uppdrag"] == 2
    assert result.changed["Uppdragsbudget"] == 4
    assert result.changed["Internkontroll"] == 5
    assert result.changed["Indikatorer"] == 2

    note = AssignmentNote.objects.get(assignment=a, period=sections["periods"]["T1"])
    assert (note.status, note.text, note.version) == ("in_progress", "Förstudie klar.", 1)
    hours = AssignmentBudget.objects.get(assignment=a, unit="hours")
    assert (hours.budget, hours.outcome, hours.remaining) == (
        Decimal(180),
        Decimal("173.5"),
        Decimal(9),
    )
    assert AssignmentBudget.objects.get(assignment=a, unit="kr").budget == Decimal(1200000)
    follow_up = ActivityFollowUp.objects.get(activity=sections["contracts"])
    assert (follow_up.performed, follow_up.result, follow_up.actions, follow_up.assessment) == (
        "Mars 2021",
        "Två avtal förnyade.",
        "Ny rutin.",
        "partly",
    )
    assert ActivityFollowUp.objects.get(activity=sections["access"]).assessment == "sufficient"
    assert not ActivityFollowUp.objects.filter(activity=sections["access_b"]).exists()
    count = IndicatorCount.objects.get(measure=sections["m1"])
    assert (count.numerator, count.denominator) == (Decimal(9), Decimal(14))

    for row in (note, hours, follow_up, count):
        record = row.history.first()
        assert record.history_change_reason == Via.IMPORT
        assert record.history_user == sections["controller"]

    # The history page lists them with the import path, old → new.
    changes = change_history(unit_period=sections["up"])
    found = {(c.what, c.field_label): c for c in changes}
    assert found[("Internkontroll: Avtalsuppföljning", "Bedömning")].new == "Delvis"
    assert found[("Internkontroll: Avtalsuppföljning", "Utfört")].via == "import"
    assert found[("Uppdrag: Lokalförsörjning (timmar)", "Utfall hittills")].new == "173,5"
    assert found[("Indikatorer: Mått 1", "Täljare")].new == "9"
    assert found[("Uppdrag: Lokalförsörjning", "Nuläge")].new == "Förstudie klar."

    # A second import of the same file, and of a fresh export, writes nothing.
    before, audited = versions(), history_count()
    again = run(sections, edited)
    assert again.ok and again.total == 0, again.changed
    fresh = run(sections, export(sections["controller"], sections["up"]))
    assert fresh.ok and fresh.total == 0, fresh.changed
    assert versions() == before and history_count() == audited


def test_a_date_typed_into_the_performed_cell_is_kept_as_an_iso_date(sections: dict) -> None:
    from datetime import datetime

    content = export(sections["controller"], sections["up"])
    edited = edit(
        content, {("Internkontroll", sections["contracts"].pk): {"Utfört": datetime(2021, 3, 15)}}
    )
    assert run(sections, edited).ok
    assert ActivityFollowUp.objects.get(activity=sections["contracts"]).performed == "2021-03-15"


def test_clearing_an_indicator_count_clears_it(sections: dict) -> None:
    IndicatorCount.objects.create(
        measure=sections["m0"], period=sections["periods"]["T1"], numerator=3, denominator=4
    )
    content = export(sections["controller"], sections["up"])
    assert cell(content, "Indikatorer", sections["m0"].pk, "Täljare").value == 3
    assert run(sections, edit(content, {("Indikatorer", sections["m0"].pk): {"Täljare": None}})).ok
    count = IndicatorCount.objects.get(measure=sections["m0"])
    assert (count.numerator, count.denominator, count.version) == (None, Decimal(4), 2)


# ------------------------------------------------------------------------- refusals


def test_bad_rows_in_the_new_sheets_are_all_listed_and_nothing_is_saved(sections: dict) -> None:
    a = sections["assignment"]
    content = export(sections["controller"], sections["up"])
    before, audited = versions(), history_count()
    edited = edit(
        content,
        {
            ("Uppdrag", a.pk): {"Status": "Halvklart", "Nuläge": "Fint i sig."},
            ("Uppdragsbudget", (a.pk, a.slug, "timmar")): {"Budget": "abc"},
            ("Uppdragsbudget", (a.pk, a.slug, "kr")): {"Budget": 1000},  # fine on its own
            ("Internkontroll", sections["contracts"].pk): {"Bedömning": "Grön"},
            ("Internkontroll", sections["access"].pk): {"Utfört": "x" * 201},
            ("Internkontroll", sections["access_b"].pk): {"Uppföljning/resultat": "Bra."},
            ("Indikatorer", sections["m0"].pk): {"Täljare": -1},
            ("Indikatorer", sections["m2"].pk): {"Nämnare": "fjorton"},
        },
    )
    result = run(sections, edited)
    assert not result.ok
    found = {(e.sheet, e.row, e.column) for e in result.errors}
    assert found == {
        ("Uppdrag", 2, "Status"),
        ("Uppdragsbudget", 2, "Budget"),
        ("Internkontroll", 2, "Bedömning"),
        ("Internkontroll", 3, "Utfört"),
        ("Indikatorer", 2, "Täljare"),
        ("Indikatorer", 4, "Nämnare"),
    }
    by_where = {(e.sheet, e.column): e.message for e in result.errors}
    assert "”Halvklart” är inget av värdena" in by_where[("Uppdrag", "Status")]
    assert "”abc” är inte ett tal" in by_where[("Uppdragsbudget", "Budget")]
    assert "”Tillräckligt”, ”Delvis”, ”Otillräckligt”" in by_where[("Internkontroll", "Bedömning")]
    assert "200" in by_where[("Internkontroll", "Utfört")]
    assert by_where[("Indikatorer", "Täljare")] == "Ange 0 eller mer."
    # Every message names where it is: sheet, row and column.
    assert str(result.errors[0]).startswith("Uppdrag, rad 2, Status: ")
    assert versions() == before and history_count() == audited
    assert not AssignmentBudget.objects.exists()
    assert not ActivityFollowUp.objects.exists()


@pytest.mark.parametrize("status", ["submitted", "approved", "locked"])
def test_a_closed_period_refuses_an_import_of_the_new_sheets(sections: dict, status: str) -> None:
    a = sections["assignment"]
    content = edit(
        export(sections["controller"], sections["up"]),
        {
            ("Internkontroll", sections["contracts"].pk): {"Bedömning": "Delvis"},
            ("Uppdragsbudget", (a.pk, a.slug, "kr")): {"Budget": 1000},
            ("Indikatorer", sections["m0"].pk): {"Täljare": 1},
        },
    )
    UnitPeriod.objects.filter(pk=sections["up"].pk).update(status=status)
    result = run(sections, content, "admin")
    (error,) = result.errors
    assert "kan inte ändras" in error.message
    assert not ActivityFollowUp.objects.exists()
    assert not AssignmentBudget.objects.exists()
    assert not IndicatorCount.objects.exists()


def test_a_follow_up_changed_in_the_portal_after_the_export_is_refused(sections: dict) -> None:
    from internal_control.services import follow_up_set

    content = export(sections["controller"], sections["up"])
    follow_up_set(
        actor=sections["colleague"],
        unit_period=sections["up"],
        activity=sections["contracts"],
        changes={"result": "Från webben."},
        expected_version=None,
    )
    edited = edit(
        content, {("Internkontroll", sections["contracts"].pk): {"Uppföljning/resultat": "Excel."}}
    )
    (error,) = run(sections, edited).errors
    assert (error.sheet, error.row) == ("Internkontroll", 2)
    assert "xl-c2" in error.message
    assert ActivityFollowUp.objects.get().result == "Från webben."


def test_changed_activity_id_is_refused(sections: dict) -> None:
    content = export(sections["controller"], sections["up"])
    book = load_workbook(BytesIO(content))
    book["Internkontroll"].cell(2, 1).value = 999_999
    book["Internkontroll"].cell(2, 7).value = "Mars"
    out = BytesIO()
    book.save(out)
    (error,) = run(sections, out.getvalue()).errors
    assert error.sheet == "Internkontroll" and "finns inte" in error.message


# ------------------------------------------------------------- the page and the commands


def test_the_page_lists_every_bad_row_of_the_new_sheets(sections: dict) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    content = edit(
        export(sections["controller"], sections["up"]),
        {
            ("Internkontroll", sections["contracts"].pk): {"Bedömning": "Grön"},
            ("Indikatorer", sections["m1"].pk): {"Nämnare": "abc"},
        },
    )
    c = Client()
    c.force_login(sections["controller"])
    response = c.post(
        "/styrkort/xl-div0/2021-T1/excel/", {"file": SimpleUploadedFile("f.xlsx", content)}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Inget sparades: 2 fel i filen" in html
    assert "<td>Internkontroll</td>" in html and "<td>Bedömning</td>" in html
    assert "<td>Indikatorer</td>" in html and "”abc” är inte ett tal." in html
    assert "Internkontroll (uppföljning av kontrollaktiviteterna)" in html
    assert not ActivityFollowUp.objects.exists() and not IndicatorCount.objects.exists()


def test_import_figures_reports_the_new_sheets(sections: dict, tmp_path: Any) -> None:
    import io

    from django.core.management import call_command

    path = tmp_path / "f.xlsx"
    call_command(
        "export_figures",
        "--unit",
        "xl-div0",
        "--period",
        "2021-T1",
        "--output",
        str(path),
        stdout=io.StringIO(),
    )
    edited = edit(
        path.read_bytes(), {("Internkontroll", sections["access"].pk): {"Utfört": "Vecka 12"}}
    )
    path.write_bytes(edited)
    out = io.StringIO()
    call_command("import_figures", str(path), "--user", "xl-c", stdout=out)
    assert "Internkontroll: 1 värden ändrade" in out.getvalue()
    record = ActivityFollowUp.objects.get(activity=sections["access"]).history.first()
    assert (record.performed, record.history_change_reason) == ("Vecka 12", "import")
