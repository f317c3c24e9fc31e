"""Resultatutveckling: the accumulated result month by month against the budget."""

from __future__ import annotations

from decimal import Decimal

import pytest

from common.numbers import MNKR
from finance.charts import MonthPoint, result_development_chart
from finance.report import build
from reports.builder import report_context, report_sections, report_template
from scorecards.models import UnitPeriod


def test_the_chart_draws_outcome_and_budget_per_month_with_a_table() -> None:
    points = [
        MonthPoint(1, Decimal("-900000"), Decimal("-600000")),
        MonthPoint(2, Decimal("-1200000"), None),
    ]
    chart = result_development_chart(points, year=2019, amounts=MNKR)
    assert [trace.name for trace in chart.figure.data] == ["Budget", "Utfall"]
    assert list(chart.figure.data[1].y) == [-0.9, -1.2]
    assert chart.rows == [["jan", "−0,9", "−0,6"], ["feb", "−1,2", ""]]
    assert chart.is_worth_drawing
    assert chart.alt_text.endswith("feb: Utfall −1,2.")


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
@pytest.mark.parametrize(
    ("period", "months", "last"), [("2019", 12, "−4,8"), ("2021-T1", 4, "+1,5")]
)
def test_the_report_draws_the_period_s_months_ending_at_its_result(
    period: str, months: int, last: str
) -> None:
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="lansteknik", period__key=period
    )
    template = report_template(up)
    chosen = report_sections(up, template)
    section = build(report_context(up, template, chosen))
    (figure,) = section.result_figures
    assert figure.title.startswith("Resultatutveckling")
    assert len(figure.table.rows) == months
    assert figure.table.rows[-1][1] == last  # the finance table's result, month by month
