"""The acceptance check: the demo's SIE file sums to the demo's T1 2021 finance figures."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from finance.models import FinanceFigure
from finance.services import finance_figure_set
from scorecards.models import UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

FILE = str(Path(settings.BASE_DIR) / "fixtures/ledger/region-norrbotten-2021-T1.se")


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(
        "import_ledger",
        "--organisation",
        "region-norrbotten",
        "--period",
        "2021-T1",
        *args,
        FILE,
        stdout=out,
    )
    return out.getvalue()


def _personal() -> FinanceFigure:
    return FinanceFigure.objects.get(
        unit__slug="lansteknik", period__key="2021-T1", category__slug="personalkostnader"
    )


def test_dry_run_prints_totals_equal_to_the_demo_figures() -> None:
    before = list(FinanceFigure.objects.values_list("pk", "version"))
    out = _run("--dry-run")
    assert "Division Länsteknik (lansteknik)" in out
    assert "Personalkostnader: utfall −27\u00a0300\u00a0000 (=)" in out
    assert "Division Närsjukvård (narsjukvard)" in out and "Division Service (service)" in out
    assert "0 av 14 rader skiljer sig" in out
    assert "utan mappning" not in out and "utan enhet" not in out
    assert list(FinanceFigure.objects.values_list("pk", "version")) == before


def test_import_changes_nothing_then_restores_a_figure_changed_in_the_portal() -> None:
    history = FinanceFigure.history.count()
    assert "Sparat: 0 belopp ändrade" in _run()
    assert FinanceFigure.history.count() == history

    figure = _personal()
    finance_figure_set(
        actor=User.objects.get(username="controller"),
        unit_period=UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2021-T1"),
        category=figure.category,
        changes={"outcome": Decimal("-1")},
        expected_version=figure.version,
    )
    assert "≠ −1" in _run("--dry-run")
    assert "Sparat: 1 belopp ändrade" in _run()
    restored = _personal()
    assert restored.outcome == Decimal("-27300000")
    assert restored.history.first().history_change_reason == "ekonomisystem"


def test_a_controller_of_one_division_may_not_import_the_whole_region() -> None:
    with pytest.raises(CommandError, match="Division Närsjukvård"):
        _run("--user", "controller")


def test_a_year_without_a_mapping_is_refused_with_the_reason() -> None:
    with pytest.raises(CommandError, match="ingen mappning mot ekonomisystemet för 2019"):
        call_command(
            "import_ledger",
            "--organisation",
            "region-norrbotten",
            "--period",
            "2019-T1",
            FILE,
            stdout=io.StringIO(),
        )


def test_a_file_that_does_not_parse_saves_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "trasig.se"
    broken.write_bytes(b"#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#TRANS 5010 {} x\r\n")
    with pytest.raises(CommandError, match="Rad 4"):
        call_command(
            "import_ledger",
            "--organisation",
            "region-norrbotten",
            "--period",
            "2021-T1",
            str(broken),
            stdout=io.StringIO(),
        )
