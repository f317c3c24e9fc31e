"""Risk score and level (internal_control.rules) and the matrix placement."""

from __future__ import annotations

import pytest

from internal_control import rules
from internal_control.models import Risk
from internal_control.selectors import RiskRow, matrix


def test_score_is_probability_times_consequence() -> None:
    assert rules.risk_score(3, 4) == 12
    assert rules.risk_score(1, 1) == 1
    assert rules.risk_score(4, 4) == 16


@pytest.mark.parametrize(("p", "c"), [(0, 1), (5, 1), (1, 0), (1, 5)])
def test_score_refuses_values_outside_one_to_four(p: int, c: int) -> None:
    with pytest.raises(ValueError):
        rules.risk_score(p, c)


@pytest.mark.parametrize(
    ("score", "level"),
    [(1, "low"), (3, "low"), (4, "medium"), (8, "medium"), (9, "high"), (16, "high")],
)
def test_level_bands(score: int, level: str) -> None:
    assert rules.risk_level(score) == level


def test_risk_score_is_computed_not_stored() -> None:
    risk = Risk(probability=3, consequence=4)
    assert risk.score == 12
    assert "score" not in {f.name for f in Risk._meta.get_fields()}


def test_probability_3_consequence_4_lands_in_cell_4_3() -> None:
    risk = Risk(description="Ändringar utan process", probability=3, consequence=4)
    row = RiskRow(risk=risk, number=1, score=12, level=rules.Level.HIGH)
    grid = matrix([row])
    # Rows konsekvens 4 → 1, columns sannolikhet 1 → 4.
    assert [r.consequence for r in grid] == [4, 3, 2, 1]
    assert [c.probability for c in grid[0].cells] == [1, 2, 3, 4]
    cell = grid[0].cells[2]
    assert (cell.consequence, cell.probability, cell.score, cell.count) == (4, 3, 12, 1)
    assert cell.risks == [row]
    assert cell.level_label == "Hög"
    assert sum(c.count for r in grid for c in r.cells) == 1
    assert grid[3].cells[0].level_label == "Låg"
