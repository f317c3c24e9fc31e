"""Deviation and net cost development, with the seed reports' numbers."""

from __future__ import annotations

from decimal import Decimal as D

from common.numbers import format_number, format_percent
from finance.rules import deviation, net_cost_change


def test_net_cost_change_personal_t1_2019() -> None:
    change = net_cost_change(D("-32533999"), D("-32465224"))
    assert format_number(change.change) == "−68\u00a0775"
    assert format_percent(change.percent) == "0,21\u00a0%"


def test_net_cost_change_other_costs_t1_2019() -> None:
    change = net_cost_change(D("-32120055"), D("-26125442"))
    assert format_number(change.change) == "−5\u00a0994\u00a0613"
    assert format_percent(change.percent) == "22,95\u00a0%"


def test_net_cost_change_depreciation_t1_2019() -> None:
    change = net_cost_change(D("-6077282"), D("-5306925"))
    assert format_percent(change.percent) == "14,52\u00a0%"


def test_net_cost_change_without_previous_year_has_no_percent() -> None:
    assert net_cost_change(D("-700000"), D("0")).percent is None


def test_deviation_is_outcome_minus_budget() -> None:
    # Seed 001: outcome −1,4 mnkr, period budget −2,2 mnkr → surplus 0,8 mnkr.
    assert deviation(D("-1400000"), D("-2200000")) == D("800000")
    assert deviation(None, D("1")) is None
