"""Ledger import: summed per unit × category, unmapped rows listed, saved all-or-nothing
through the finance services (rights per unit, the period lock, history "ekonomisystem")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from finance.models import FinanceFigure
from ledger.selectors import aggregate, mapping_for
from ledger.services import ledger_import
from ledger.sie import read_sie
from ledger.tabular import read_table
from scorecards.errors import NotAllowed, PeriodClosed, StaleVersion
from scorecards.models import UnitPeriod
from tests import factories
from tests.ledger.conftest import sie

# Ansvar 100 is division a, 200 division b; 5xxx personal, 3xxx income, 2440 ignored.
VOUCHERS = """#VER A 1 20210115
{
   #TRANS 5010 {1 "100"} 1000.00
   #TRANS 5020 {1 "100"} 500.50
   #TRANS 3010 {1 "100"} -300.00
   #TRANS 2440 {} -1200.50
}
#VER A 2 20210510
{
   #TRANS 5010 {1 "100"} 7777.00
   #TRANS 2440 {} -7777.00
}
"""


def _aggregate(world: dict[str, Any], content: bytes, **kwargs: Any) -> Any:
    mapping = mapping_for(world["year"])
    assert mapping is not None
    return aggregate(read_sie(content), mapping, world["periods"]["T1"], **kwargs)


def _figure(world: dict[str, Any], unit: str, category: str) -> FinanceFigure:
    return FinanceFigure.objects.get(
        unit=world[unit], period=world["periods"]["T1"], category=world[category]
    )


def test_trans_only_file_is_summed_to_the_period_end_with_the_sign_reversed(world) -> None:
    result = _aggregate(world, sie(VOUCHERS))
    assert result.outcome_source == "#TRANS"
    cells = {(c.unit.pk, c.category.slug): c.new for c in result.cells}
    # May is after T1 (jan–apr); costs become negative, income positive.
    assert cells == {
        (world["a"].pk, "personal"): {"outcome": Decimal("-1500.5")},
        (world["a"].pk, "intakter"): {"outcome": Decimal("300")},
    }
    assert result.unmapped_accounts == [] and result.unmapped_cost_centres == []


def test_psaldo_only_file_gives_outcome_budget_and_last_year(world) -> None:
    body = (
        "#RAR -1 20200101 20201231\n"
        '#PSALDO 0 202101 5010 {1 "200"} 100.00 0\n'
        '#PSALDO 0 202104 5010 {1 "200"} 50.00 0\n'
        '#PSALDO 0 202105 5010 {1 "200"} 999.00 0\n'
        "#PSALDO 0 202101 5010 {} 150.00 0\n"  # the account's total: not counted again
        '#PSALDO -1 202002 5010 {1 "200"} 80.00 0\n'
        '#PBUDGET 0 202102 5010 {1 "200"} 120.00 0\n'
        '#PBUDGET 0 202111 5010 {1 "200"} 30.00 0\n'
    )
    result = _aggregate(world, sie(body))
    assert result.outcome_source == "#PSALDO"
    [cell] = result.cells
    assert cell.unit == world["b"]
    assert cell.new == {
        "outcome": Decimal("-150"),
        "period_budget": Decimal("-120"),
        "annual_budget": Decimal("-150"),
        "outcome_previous_year": Decimal("-80"),
    }
    assert result.skipped_balances == 1


def test_unmapped_accounts_and_cost_centres_are_listed_not_dropped(world) -> None:
    body = """#KONTO 8410 "Räntekostnader"
#VER A 1 20210115
{
   #TRANS 8410 {1 "100"} 40.00
   #TRANS 5010 {1 "999"} 60.00
   #TRANS 5010 {} 5.00
   #TRANS 2440 {} -105.00
}
"""
    result = _aggregate(world, sie(body))
    assert [(u.code, u.name, u.amount, u.rows) for u in result.unmapped_accounts] == [
        ("8410", "Räntekostnader", Decimal("40"), 1)
    ]
    assert [(u.code, u.amount) for u in result.unmapped_cost_centres] == [
        ("", Decimal("5")),
        ("999", Decimal("60")),
    ]
    assert result.cells == [] and not result.complete


def test_import_saves_every_figure_with_the_path_ekonomisystem(world) -> None:
    factories.finance_figure(world["a"], world["periods"]["T1"], world["staff"], outcome="-1")
    result = _aggregate(world, sie(VOUCHERS))
    done = ledger_import(actor=world["controller"], aggregation=result)
    assert (done.units, done.changed) == (1, 2)
    staff = _figure(world, "a", "staff")
    assert staff.outcome == Decimal("-1500.50") and staff.version == 2
    assert staff.history.first().history_change_reason == "ekonomisystem"
    assert staff.history.first().history_user == world["controller"]
    # A changed figure's record is a change ("~"), a new one's a creation ("+").
    assert staff.history.first().history_type == "~"
    assert staff.history.first().outcome == Decimal("-1500.50")
    assert _figure(world, "a", "income").outcome == Decimal("300")
    assert _figure(world, "a", "income").history.get().history_type == "+"
    # The same file again changes nothing: no version, no history.
    again = ledger_import(actor=world["controller"], aggregation=_aggregate(world, sie(VOUCHERS)))
    assert again.changed == 0
    assert _figure(world, "a", "staff").history.count() == 2


def test_closed_period_refuses_the_import_and_saves_nothing(world) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.SUBMITTED)
    with pytest.raises(PeriodClosed):
        ledger_import(actor=world["controller"], aggregation=_aggregate(world, sie(VOUCHERS)))
    assert not FinanceFigure.objects.exists()


def test_another_units_cost_centre_refuses_a_controller_of_one_unit(world) -> None:
    both = VOUCHERS + '#VER A 3 20210120\n{\n   #TRANS 5010 {1 "200"} 10.00\n}\n'
    with pytest.raises(NotAllowed) as refused:
        ledger_import(actor=world["controller"], aggregation=_aggregate(world, sie(both)))
    assert "Division 1" in refused.value.message
    assert not FinanceFigure.objects.exists()  # not even division a's figures
    # An administrator may import both units.
    done = ledger_import(actor=world["admin"], aggregation=_aggregate(world, sie(both)))
    assert done.units == 2


def test_the_unit_page_import_leaves_other_units_rows_out(world) -> None:
    both = VOUCHERS + '#VER A 3 20210120\n{\n   #TRANS 5010 {1 "200"} 10.00\n}\n'
    result = _aggregate(world, sie(both), unit=world["a"])
    assert {c.unit for c in result.cells} == {world["a"]}
    assert result.other_units == [world["b"]]
    ledger_import(actor=world["controller"], aggregation=result)
    assert not FinanceFigure.objects.filter(unit=world["b"]).exists()


def test_a_figure_changed_after_the_preview_refuses_the_import(world) -> None:
    figure = factories.finance_figure(
        world["a"], world["periods"]["T1"], world["staff"], outcome="-1"
    )
    result = _aggregate(world, sie(VOUCHERS))
    expected = {(c.unit.pk, c.category.pk): c.version for c in result.cells}
    FinanceFigure.objects.filter(pk=figure.pk).update(outcome=Decimal("-2"), version=2)
    with pytest.raises(StaleVersion):
        ledger_import(actor=world["controller"], aggregation=result, expected=expected)
    assert _figure(world, "a", "staff").outcome == Decimal("-2")
    assert not FinanceFigure.objects.filter(category=world["income"]).exists()


def test_csv_with_named_columns_is_summed_like_sie(world) -> None:
    content = (
        "Period;Ansvar;Konto;Belopp;Budget\n"
        "2021-01;100;5010;1 000,00;900\n"
        "2021-02;100;5020;500,50;\n"
        "2021-05;100;5010;7 777;\n"
    ).encode("cp1252")
    ledger = read_table(content, "huvudbok.csv", dimension=1)
    mapping = mapping_for(world["year"])
    assert mapping is not None
    [cell] = aggregate(ledger, mapping, world["periods"]["T1"]).cells
    assert cell.new == {
        "outcome": Decimal("-1500.5"),
        "period_budget": Decimal("-900"),
        "annual_budget": Decimal("-900"),
    }


def test_csv_row_that_does_not_parse_names_the_row(world) -> None:
    from ledger.sie import SieError

    content = b"period,ansvar,konto,belopp\n2021-01,100,5010,12\n2021-13,100,5010,1\n"
    with pytest.raises(SieError) as refused:
        read_table(content, "f.csv", dimension=1)
    assert refused.value.line == 3 and "Rad 3" in refused.value.message
