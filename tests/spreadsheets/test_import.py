"""Excel round trip: export, edit as a user would, import all values or none."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from assignments.models import AssignmentNote
from finance.models import FinanceFigure, FollowUpRow
from investments.models import InvestmentOutcome
from reports.models import NarrativeSection
from scorecards.models import MeasureOutcome, UnitPeriod
from scorecards.services import Via, outcome_set
from spreadsheets.importers import ImportResult, unit_period_import
from staff.models import StaffMonth
from tests import factories
from tests.spreadsheets.workbook import cell, edit, export

pytestmark = pytest.mark.django_db


def outcome(world: dict[str, Any], key: str) -> MeasureOutcome:
    return MeasureOutcome.objects.get(measure=world[key], period=world["periods"]["T1"])


def versions() -> dict[str, list[int]]:
    """Every stored row's version, per model: an import that refuses changes none."""
    models = (
        MeasureOutcome,
        StaffMonth,
        FinanceFigure,
        FollowUpRow,
        InvestmentOutcome,
        AssignmentNote,
        NarrativeSection,
    )
    return {
        m.__name__: list(m.objects.order_by("pk").values_list("version", flat=True)) for m in models
    }


def run(world: dict[str, Any], content: bytes, who: str = "controller") -> ImportResult:
    return unit_period_import(user=world[who], unit_period=world["up"], content=content)


def messages(result: ImportResult) -> list[tuple[str, int | None, str, str]]:
    return [(e.sheet, e.row, e.column, e.message) for e in result.errors]


# ------------------------------------------------------------------------- the export


def test_export_is_named_after_the_unit_period_with_one_sheet_per_section(world: dict) -> None:
    from spreadsheets.exporters import unit_period_export

    filename, content_type, content = unit_period_export(
        user=world["controller"], unit_period=world["up"]
    )
    assert filename == "styrkort-xl-div0-2021-T1.xlsx"
    assert content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(BytesIO(content))
    assert book.sheetnames == [
        "Styrkort",
        "Personal",
        "Ekonomi",
        "Uppföljning",
        "Investeringar",
        "Uppdrag",
        "Uppdragsbudget",
        "Internkontroll",
        "Indikatorer",
        "Texter",
        "Info",
    ]
    assert book["Info"].sheet_state == "hidden"
    info = {row[0]: row[1] for row in book["Info"].iter_rows(values_only=True)}
    assert (info["Enhet"], info["Period"]) == ("xl-div0", "2021-T1")


def test_only_the_entry_cells_are_unlocked_and_the_sheets_are_protected(world: dict) -> None:
    content = export(world["controller"], world["up"])
    book = load_workbook(BytesIO(content))
    ws = book["Styrkort"]
    assert ws.protection.sheet
    headers = {h.value: c for h, c in zip(ws[1], ws[2], strict=True)}
    locked = {h: c.protection.locked for h, c in headers.items()}
    assert locked["Id"] and locked["Nyckel"] and locked["Styrmått"] and locked["version"]
    assert not locked["Utfall"] and not locked["Kommentar"] and not locked["Prognos"]
    assert ws.column_dimensions["O"].hidden  # version
    assert headers["Utfall"].number_format == '#,##0;"−"#,##0'
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    forecasts = "Målet kommer nås,Målet nås delvis,Risk att målet ej nås,Målet kommer inte nås"
    assert f'"{forecasts}"' in lists
    status = book["Uppdrag"].data_validations.dataValidation[0].formula1
    assert "Pågår" in status and "Ej påbörjat" in status
    assert cell(content, "Ekonomi", world["staff"].pk, "Utfall (kr)").value == -27300000


def test_a_reader_gets_a_file_with_everything_locked(world: dict) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    content = export(world["reader"], world["up"])
    assert cell(content, "Styrkort", world["m0"].pk, "Utfall").protection.locked


def test_a_closed_month_and_a_rolled_up_amount_are_locked(world: dict) -> None:
    # Datacenter carries "beslut före året" in T1, so IT (its parent) shows their sum.
    content = export(world["controller"], world["up"])
    it = cell(content, "Investeringar", world["it"].pk, "Utfall beslut före året (kr)")
    assert it.protection.locked
    assert not cell(content, "Investeringar", world["it"].pk, "Årsprognos (kr)").protection.locked
    # T1 submitted closes January–April on the T2 file too.
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.SUBMITTED)
    content = export(world["controller"], world["up_t2"])
    assert cell(content, "Personal", 1, "Antal anställda").protection.locked
    assert not cell(content, "Personal", 5, "Antal anställda").protection.locked
    edited = edit(content, {("Personal", 2): {"Antal anställda": 99}})
    result = unit_period_import(
        user=world["controller"], unit_period=world["up_t2"], content=edited
    )
    (error,) = result.errors
    assert "Februari 2021 kan inte ändras" in error.message


# ---------------------------------------------------------------------- the round trip


def test_round_trip_changes_exactly_the_edited_values_and_audits_them(world: dict) -> None:
    content = export(world["controller"], world["up"])
    before_m0 = outcome(world, "m0").version
    edited = edit(
        content,
        {
            ("Styrkort", world["m1"].pk): {"Utfall": "4,8", "Prognos": "Risk att målet ej nås"},
            ("Styrkort", world["m2"].pk): {"Kommentar": "Bättre än väntat."},
            ("Personal", 1): {"Antal anställda": 130, "Sjukfrånvaro totalt (%)": "5,1 %"},
            ("Personal", 2): {"Antal anställda": "128"},
            ("Ekonomi", world["staff"].pk): {"Utfall (kr)": "−27 400 000"},
            ("Ekonomi", world["other_costs"].pk): {"Årsbudget (kr)": -1200000},
            ("Uppföljning", world["covid"].rows.get(label="Personal").pk): {"Belopp (kr)": 150000},
            ("Investeringar", world["mt"].pk): {"Årsprognos (kr)": "3 000 000"},
            ("Uppdrag", world["assignment"].pk): {"Status": "Pågår", "Nuläge": "Utredning klar."},
            ("Texter", ("summary",)): {"Text (Markdown)": "Ny **sammanfattning**."},
            ("Texter", ("perspective", "samhälle")): {"Text (Markdown)": "Samhället."},
        },
    )
    result = run(world, edited)
    assert result.ok, messages(result)
    assert result.changed == {
        "Styrkort": 3,
        "Personal": 3,
        "Ekonomi": 2,
        "Uppföljning": 1,
        "Investeringar": 1,
        "Uppdrag": 2,
        "Uppdragsbudget": 0,
        "Internkontroll": 0,
        "Indikatorer": 0,
        "Texter": 2,
    }
    m1 = outcome(world, "m1")
    assert (m1.value, m1.forecast) == (Decimal("4.8"), "at_risk")
    assert outcome(world, "m2").comment == "Bättre än väntat."
    assert outcome(world, "m0").version == before_m0  # untouched row: not written
    january = StaffMonth.objects.get(unit=world["a"], year=2021, month=1)
    assert (january.headcount, january.sick_leave_total) == (130, Decimal("5.1"))
    assert StaffMonth.objects.get(unit=world["a"], year=2021, month=2).headcount == 128
    figure = FinanceFigure.objects.get(unit=world["a"], category=world["staff"])
    assert figure.outcome == Decimal("-27400000")
    assert figure.period_budget == Decimal("-28800000")
    assert FinanceFigure.objects.get(category=world["other_costs"]).annual_budget == -1200000
    assert FollowUpRow.objects.get(label="Personal").amount == 150000
    assert InvestmentOutcome.objects.get(category=world["mt"]).forecast == 3000000
    note = AssignmentNote.objects.get(assignment=world["assignment"])
    assert (note.status, note.text) == ("in_progress", "Utredning klar.")
    assert NarrativeSection.objects.get(kind="summary").body == "Ny **sammanfattning**."
    assert NarrativeSection.objects.get(perspective=world["samhalle"]).body == "Samhället."

    record = m1.history.first()
    assert record.history_change_reason == Via.IMPORT == "import"
    assert record.history_user == world["controller"]
    assert figure.history.first().history_change_reason == "import"
    assert note.history.first().history_change_reason == "import"


def test_importing_an_unchanged_file_writes_nothing(world: dict) -> None:
    content = export(world["controller"], world["up"])
    before = versions()
    result = run(world, content)
    assert result.ok and result.total == 0
    assert versions() == before


def test_numbers_are_read_as_numbers_or_as_swedish_text(world: dict) -> None:
    content = export(world["controller"], world["up"])
    edited = edit(
        content,
        {
            ("Styrkort", world["m0"].pk): {"Utfall": 4.8},
            ("Styrkort", world["m1"].pk): {"Utfall": "−32 533 999"},
            ("Styrkort", world["m2"].pk): {"Utfall": "13 %"},
            ("Personal", 1): {"Sjukfrånvaro kort (%)": 0.0245},
        },
        # Typing "2,45 %" in Excel stores 0,0245 formatted as a percentage.
        formats={("Personal", 1, "Sjukfrånvaro kort (%)"): "0.00%"},
    )
    result = run(world, edited)
    assert result.ok, messages(result)
    assert outcome(world, "m0").value == Decimal("4.8")
    assert outcome(world, "m1").value == Decimal("-32533999")
    assert outcome(world, "m2").value == Decimal("13")
    january = StaffMonth.objects.get(unit=world["a"], year=2021, month=1)
    assert january.sick_leave_short == Decimal("2.45")


def test_a_percentage_in_a_format_of_its_own_is_read_as_shown(world: dict) -> None:
    """calamine gives 0,031; the style table says the cell shows "3,1 %"."""
    content = export(world["controller"], world["up"])
    edited = edit(
        content,
        {("Personal", 1): {"Sjukfrånvaro kort (%)": 0.031, "Sjukfrånvaro totalt (%)": 4.5}},
        formats={("Personal", 1, "Sjukfrånvaro kort (%)"): '0.0" "%'},
    )
    result = run(world, edited)
    assert result.ok, messages(result)
    january = StaffMonth.objects.get(unit=world["a"], year=2021, month=1)
    assert (january.sick_leave_short, january.sick_leave_total) == (Decimal("3.1"), Decimal("4.5"))


def test_text_that_looks_like_a_formula_stays_text(world: dict) -> None:
    outcome_set(
        actor=world["controller"],
        unit_period=world["up"],
        measure=world["m0"],
        changes={"comment": "=SUMMA(A1:A3) är inte en formel"},
        expected_version=outcome(world, "m0").version,
    )
    content = export(world["controller"], world["up"])
    assert cell(content, "Styrkort", world["m0"].pk, "Kommentar").data_type == "s"
    result = run(world, content)
    assert result.ok and result.total == 0


def test_clearing_a_cell_clears_the_value(world: dict) -> None:
    content = export(world["controller"], world["up"])
    result = run(world, edit(content, {("Styrkort", world["m2"].pk): {"Utfall": None}}))
    assert result.ok, messages(result)
    assert outcome(world, "m2").value is None


# ------------------------------------------------------------------------- refusals


def test_bad_rows_in_two_sheets_are_all_listed_and_nothing_is_saved(world: dict) -> None:
    content = export(world["controller"], world["up"])
    before = versions()
    edited = edit(
        content,
        {
            ("Styrkort", world["m0"].pk): {"Utfall": "7"},  # fine on its own
            ("Styrkort", world["m1"].pk): {"Utfall": "abc"},
            ("Ekonomi", world["staff"].pk): {"Utfall (kr)": "12 kr", "Förklaring": "Ny"},
            ("Personal", 3): {"Sjukfrånvaro totalt (%)": "140"},  # model rule: 0–100
        },
    )
    result = run(world, edited)
    assert not result.ok
    found = {(sheet, column) for sheet, _row, column, _message in messages(result)}
    assert found == {
        ("Styrkort", "Utfall"),
        ("Ekonomi", "Utfall (kr)"),
        ("Personal", "Sjukfrånvaro totalt (%)"),
    }
    rows = {(e.sheet, e.row) for e in result.errors}
    assert ("Styrkort", 3) in rows and ("Ekonomi", 2) in rows and ("Personal", 4) in rows
    bad = next(e for e in result.errors if e.sheet == "Styrkort")
    assert "”abc” är inte ett tal" in bad.message
    assert versions() == before
    assert outcome(world, "m0").value == Decimal(0)


def test_a_manual_attainment_without_justification_is_refused(world: dict) -> None:
    content = export(world["controller"], world["up"])
    edited = edit(content, {("Styrkort", world["m0"].pk): {"Manuell måluppfyllelse": "Uppnått"}})
    result = run(world, edited)
    assert [(e.column, e.message) for e in result.errors] == [
        ("Motivering", "En manuell måluppfyllelse måste motiveras.")
    ]


def test_a_bad_cell_and_a_rule_broken_in_another_row_are_both_listed(world: dict) -> None:
    """The model's rules are the service's: the rows without a bad cell are still written
    (then rolled back) so that their refusals are listed beside the cell's."""
    content = export(world["controller"], world["up"])
    edited = edit(
        content,
        {
            ("Styrkort", world["m0"].pk): {"Utfall": "abc"},
            ("Styrkort", world["m1"].pk): {"Manuell måluppfyllelse": "Uppnått", "Utfall": "7"},
        },
    )
    before = versions()
    result = run(world, edited)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Utfall"), (3, "Motivering")]
    assert versions() == before
    assert outcome(world, "m1").value != Decimal(7)


def test_the_history_of_an_imported_row_is_the_row_as_saved(world: dict) -> None:
    content = export(world["controller"], world["up"])
    edited = edit(content, {("Styrkort", world["m0"].pk): {"Utfall": "4,8", "Kommentar": "Ny."}})
    assert run(world, edited).ok
    saved = outcome(world, "m0")
    record = saved.history.first()  # type: ignore[attr-defined]
    assert (record.value, record.comment, record.version) == (Decimal("4.8"), "Ny.", saved.version)
    assert (record.history_type, record.history_change_reason) == ("~", Via.IMPORT)
    assert record.history_user == world["controller"]
    assert record.updated_at == saved.updated_at and record.measure_id == saved.measure_id


def test_an_unknown_choice_is_refused_with_the_allowed_labels(world: dict) -> None:
    content = export(world["controller"], world["up"])
    result = run(world, edit(content, {("Uppdrag", world["assignment"].pk): {"Status": "Klar?"}}))
    (error,) = result.errors
    assert error.column == "Status" and "”Pågår”" in error.message


def test_a_row_changed_in_the_portal_after_the_export_is_refused(world: dict) -> None:
    content = export(world["controller"], world["up"])
    outcome_set(
        actor=world["colleague"],
        unit_period=world["up"],
        measure=world["m1"],
        changes={"value": Decimal(9)},
        expected_version=outcome(world, "m1").version,
    )
    before = versions()
    edited = edit(
        content,
        {
            ("Styrkort", world["m1"].pk): {"Utfall": "5"},
            ("Styrkort", world["m2"].pk): {"Utfall": "6"},
        },
    )
    result = run(world, edited)
    (error,) = result.errors
    assert (error.sheet, error.row) == ("Styrkort", 3)
    assert error.message.startswith("Ändrad i portalen efter exporten av xl-c2 ")
    assert versions() == before
    assert outcome(world, "m1").value == Decimal(9)


def test_a_stale_row_the_user_did_not_change_is_not_an_error(world: dict) -> None:
    content = export(world["controller"], world["up"])
    outcome_set(
        actor=world["colleague"],
        unit_period=world["up"],
        measure=world["m1"],
        changes={"value": Decimal(9)},
        expected_version=outcome(world, "m1").version,
    )
    # The file still holds the old value 1 for m1: importing it would undo the
    # colleague's 9, so it is refused; a file with m1 brought up to date is fine.
    assert not run(world, content).ok
    fresh = edit(content, {("Styrkort", world["m1"].pk): {"Utfall": 9}})
    assert run(world, fresh).ok


@pytest.mark.parametrize("status", ["submitted", "approved", "locked"])
def test_a_closed_period_refuses_the_import(world: dict, status: str) -> None:
    content = edit(
        export(world["controller"], world["up"]), {("Styrkort", world["m0"].pk): {"Utfall": 3}}
    )
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=status)
    before = versions()
    result = run(world, content, "admin")
    (error,) = result.errors
    assert "kan inte ändras" in error.message
    assert versions() == before


def test_another_units_controller_is_refused_as_not_found(world: dict) -> None:
    content = edit(
        export(world["controller"], world["up"]), {("Styrkort", world["m0"].pk): {"Utfall": 3}}
    )
    result = run(world, content, "other")
    assert [e.message for e in result.errors] == ["Enheten eller perioden hittades inte."]
    assert outcome(world, "m0").value == Decimal(0)


@pytest.mark.parametrize("who", ["reader", "manager"])
def test_a_user_who_may_not_enter_figures_is_refused(world: dict, who: str) -> None:
    content = edit(
        export(world["controller"], world["up"]), {("Styrkort", world["m0"].pk): {"Utfall": 3}}
    )
    if who == "reader":  # readers see approved periods only
        UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)
    result = run(world, content, who)
    assert [e.message for e in result.errors] == [
        "Du har inte behörighet att ändra den här perioden."
    ]
    assert outcome(world, "m0").value == Decimal(0)


def test_a_file_for_another_unit_period_is_refused(world: dict) -> None:
    content = edit(
        export(world["controller"], world["up_t2"]), {("Personal", 5): {"Antal anställda": 1}}
    )
    result = run(world, content)
    (error,) = result.errors
    assert "gäller" in error.message and "T2 2021" in error.message
    assert not StaffMonth.objects.filter(month=5).exists()


def test_a_file_that_is_not_an_exported_workbook_is_refused(world: dict) -> None:
    assert "kunde inte läsas" in run(world, b"not a zip").errors[0].message
    book = Workbook()
    book.active.append(["Id", "Utfall"])
    out = BytesIO()
    book.save(out)
    assert "”Info”" in run(world, out.getvalue()).errors[0].message


def test_changed_identity_columns_are_refused(world: dict) -> None:
    content = export(world["controller"], world["up"])
    edited = edit(content, {("Styrkort", world["m0"].pk): {"Nyckel": "m1", "Utfall": 5}})
    result = run(world, edited)
    (error,) = result.errors
    assert "finns inte" in error.message


def test_a_locked_cell_changed_anyway_is_refused_with_the_reason(world: dict) -> None:
    content = export(world["controller"], world["up"])
    # Datacenter carries "beslut före året": IT shows their sum and takes no own amount.
    result = run(
        world,
        edit(content, {("Investeringar", world["it"].pk): {"Utfall beslut före året (kr)": 1}}),
    )
    (error,) = result.errors
    assert error.column == "Utfall beslut före året (kr)"
    assert "underliggande typer (datacenter) har belopp" in error.message


def test_a_service_refusal_while_writing_rolls_back_every_row(world: dict) -> None:
    # MT and a new sub-type are fine one by one; the roll-up rule refuses the pair,
    # which only the investments service knows, when the rows are written.

    sub = factories.investment_category(world["periods"]["T1"].year, "mt-sub", parent=world["mt"])
    content = export(world["controller"], world["up"])
    before = versions()
    edited = edit(
        content,
        {
            ("Styrkort", world["m0"].pk): {"Utfall": 5},
            ("Investeringar", world["mt"].pk): {"Årsprognos (kr)": 10},
            ("Investeringar", sub.pk): {"Årsprognos (kr)": 20},
        },
    )
    result = run(world, edited)
    assert not result.ok
    assert any("MT" in e.message for e in result.errors)
    assert versions() == before


def test_export_and_a_refused_import_cost_the_same_queries_for_3_or_30_measures(
    world: dict,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> tuple[int, int]:
        # A fresh user object each time, as each request has: roles are read once per user.
        controller = type(world["controller"]).objects.get(pk=world["controller"].pk)
        with CaptureQueriesContext(connection) as exporting:
            content = export(controller, world["up"])
        bad = edit(content, {("Styrkort", world["m0"].pk): {"Utfall": "abc"}})
        with CaptureQueriesContext(connection) as importing:
            result = unit_period_import(user=controller, unit_period=world["up"], content=bad)
            assert not result.ok
        return len(exporting), len(importing)

    small = queries()
    factories.many_measures(world["a"], world["periods"]["T1"], 27)
    assert queries() == small


def test_a_bulk_import_costs_the_same_queries_for_3_or_30_changed_figures(
    world: dict, django_assert_num_queries: Any
) -> None:
    """The changed rows are written in one statement per set of fields and their history
    in batches: the queries of an import do not grow with the rows of the file."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scorecards.models import Measure

    def changed_file(comment: str, tenths: int) -> tuple[Any, bytes, int]:
        # A fresh user object each time, as each request has: roles are read once per user.
        controller = type(world["controller"]).objects.get(pk=world["controller"].pk)
        measures = Measure.objects.filter(goal__unit=world["a"])
        content = export(controller, world["up"])
        edits = {
            ("Styrkort", m.pk): {"Utfall": f"{m.pk},{tenths}", "Kommentar": comment}
            for m in measures
        }
        return controller, edit(content, edits), len(edits)

    controller, content, rows = changed_file("Ny.", 5)
    with CaptureQueriesContext(connection) as small:
        result = unit_period_import(user=controller, unit_period=world["up"], content=content)
    assert result.ok and rows == 3 and result.changed["Styrkort"] == 2 * rows, result.changed

    factories.many_measures(world["a"], world["periods"]["T1"], 27)
    controller, content, rows = changed_file("Ny igen.", 7)
    with django_assert_num_queries(len(small)):
        result = unit_period_import(user=controller, unit_period=world["up"], content=content)
    assert result.ok and rows == 30 and result.changed["Styrkort"] == 2 * rows, result.changed
    assert MeasureOutcome.objects.filter(comment="Ny igen.").count() == 30
    history = MeasureOutcome.history  # type: ignore[attr-defined]
    assert history.filter(history_change_reason=Via.IMPORT, comment="Ny igen.").count() == 30
