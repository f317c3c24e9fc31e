"""The demo committee's delårsrapport jan–maj 2023 carries its project's hours budget."""

from __future__ import annotations

import pytest

from reports.builder import report_data
from scorecards.models import UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

NBSP = "\u00a0"


def test_the_committees_report_has_the_hours_and_kr_budget_of_its_project() -> None:
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="gemensam-namnd", period__key="2023-M05"
    )
    items = report_data(unit_period=up, with_figures=False).section_data("assignments")
    tables = [item.shown_budget for item in items if item.shown_budget is not None]
    assert tables, "no assignment of the committee shows a budget"
    rows = {row.label: row.cells for table in tables for row in table.rows}
    assert rows["Timmar"][0].endswith(f"{NBSP}h")
    assert rows["Kronor"][0].endswith(f"{NBSP}kr") and "mnkr" not in rows["Kronor"][0]
