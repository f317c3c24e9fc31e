"""export_figures and import_figures: the same functions as the page, from the shell."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scorecards.models import MeasureOutcome, UnitPeriod
from tests.spreadsheets.workbook import edit

pytestmark = pytest.mark.django_db


def run(name: str, *args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def exported(world: dict[str, Any], tmp_path: Path, *user: str) -> Path:
    path = tmp_path / "f.xlsx"
    run("export_figures", "--unit", "xl-div0", "--period", "2021-T1", "--output", str(path), *user)
    return path


def value(world: dict[str, Any], key: str) -> Decimal | None:
    return MeasureOutcome.objects.get(measure=world[key], period=world["periods"]["T1"]).value


def test_export_then_import_saves_the_changes(world: dict, tmp_path: Path) -> None:
    path = exported(world, tmp_path, "--user", "xl-c")
    path.write_bytes(edit(path.read_bytes(), {("Styrkort", world["m1"].pk): {"Utfall": "4,8"}}))
    out, _err = run("import_figures", str(path), "--user", "xl-c")
    assert "Styrkort: 1 värden ändrade" in out and "Sparat: 1 värden ändrade" in out
    assert value(world, "m1") == Decimal("4.8")
    record = MeasureOutcome.objects.get(measure=world["m1"]).history.first()
    assert record.history_change_reason == "import"
    assert record.history_user.username == "xl-c"


def test_export_without_user_runs_as_the_operator(world: dict, tmp_path: Path) -> None:
    path = exported(world, tmp_path)
    assert path.read_bytes().startswith(b"PK")


def test_import_prints_every_error_and_exits_non_zero(world: dict, tmp_path: Path) -> None:
    path = exported(world, tmp_path, "--user", "xl-c")
    path.write_bytes(
        edit(
            path.read_bytes(),
            {
                ("Styrkort", world["m0"].pk): {"Utfall": "7"},
                ("Styrkort", world["m1"].pk): {"Utfall": "abc"},
                ("Ekonomi", world["staff"].pk): {"Årsbudget (kr)": "1,2,3"},
            },
        )
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 fel\. Inget sparades"):
        call_command(
            "import_figures", str(path), "--user", "xl-c", stdout=io.StringIO(), stderr=err
        )
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Styrkort, rad 3, Utfall: ”abc” är inte ett tal")
    assert lines[1].startswith("Ekonomi, rad 2, Årsbudget (kr): ”1,2,3”")
    assert value(world, "m0") == Decimal(0)


def test_another_units_controller_cannot_import_or_export(world: dict, tmp_path: Path) -> None:
    path = exported(world, tmp_path, "--user", "xl-c")
    with pytest.raises(CommandError, match="hittades inte"):
        run("import_figures", str(path), "--user", "xl-o")
    with pytest.raises(CommandError, match="hittades inte"):
        exported(world, tmp_path, "--user", "xl-o")


def test_import_into_a_locked_period_is_refused(world: dict, tmp_path: Path) -> None:
    path = exported(world, tmp_path, "--user", "xl-c")
    path.write_bytes(edit(path.read_bytes(), {("Styrkort", world["m1"].pk): {"Utfall": 5}}))
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.LOCKED)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 fel"):
        call_command(
            "import_figures", str(path), "--user", "xl-c", stdout=io.StringIO(), stderr=err
        )
    assert "är låst och kan inte ändras" in err.getvalue()
    assert value(world, "m1") == Decimal(1)


def test_unknown_user_and_unreadable_file_are_refused(world: dict, tmp_path: Path) -> None:
    path = exported(world, tmp_path, "--user", "xl-c")
    with pytest.raises(CommandError, match="finns inte"):
        run("import_figures", str(path), "--user", "nobody")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"junk")
    with pytest.raises(CommandError, match="kunde inte läsas"):
        run("import_figures", str(junk), "--user", "xl-c")
