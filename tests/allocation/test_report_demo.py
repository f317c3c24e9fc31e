"""The demo committee's delårsrapport jan–maj 2023 carries its allocation (loaddemo)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from allocation.models import BudgetLine
from common.numbers import parse_number
from reports.builder import report_data
from scorecards.models import UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def test_the_committees_report_has_the_allocation_summing_to_its_budget_lines() -> None:
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="gemensam-namnd", period__key="2023-M05"
    )
    data = report_data(unit_period=up, with_figures=False)
    section = data.section_data("allocation")
    assert section is not None and section.has_content
    lines = BudgetLine.objects.filter(year=up.period.year).order_by("order", "pk")
    [table] = section.shown_tables
    assert table.caption.endswith(", kr")  # the committee's unit: never mnkr
    total = table.rows[-1]
    assert total.label == "Summa"
    for column, line in enumerate(lines, start=2):
        assert parse_number(total.cells[column]) == line.amount
        members = sum((parse_number(r.cells[column]) for r in table.rows[:-1]), Decimal(0))
        assert members == line.amount
