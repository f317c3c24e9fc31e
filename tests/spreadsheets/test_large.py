"""A 10 000-row file: one bad row anywhere and nothing is saved."""

from __future__ import annotations

import time
from typing import Any

import pytest

from scorecards.models import MeasureOutcome
from spreadsheets.importers import unit_period_import
from tests import factories
from tests.spreadsheets.workbook import edit, export

pytestmark = pytest.mark.django_db

N = 10_000


@pytest.fixture
def large() -> dict[str, Any]:
    w: dict[str, Any] = factories.entry_world("big")
    factories.many_measures(w["a"], w["periods"]["T1"], N)
    return w


def test_a_10000_row_file_with_one_bad_row_saves_nothing(large: dict[str, Any]) -> None:
    start = time.perf_counter()
    content = export(large["controller"], large["up"])
    exported = time.perf_counter() - start
    last = MeasureOutcome.objects.filter(measure__key=f"m{N - 1}").get()
    edited = edit(
        content,
        {
            ("Styrkort", last.measure_id - N + 2): {"Utfall": "1 234,5"},
            ("Styrkort", last.measure_id): {"Utfall": "abc"},
        },
    )
    start = time.perf_counter()
    result = unit_period_import(user=large["controller"], unit_period=large["up"], content=edited)
    imported = time.perf_counter() - start
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Styrkort", N + 1, "Utfall")]
    assert not MeasureOutcome.objects.filter(version__gt=1).exists()
    print(f"export {exported:.2f} s, refused import {imported:.2f} s")
