"""IT-investeringar 2014–2019: earlier years' outcomes and this year's from the table."""

from __future__ import annotations

import pytest

from investments.report import build
from reports.builder import report_context, report_sections, report_template
from scorecards.models import UnitPeriod


def section(period: str) -> object:
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="lansteknik", period__key=period
    )
    template = report_template(up)
    return build(report_context(up, template, report_sections(up, template)))


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
def test_the_annual_report_draws_it_per_year_ending_with_the_table_s_total() -> None:
    figures = {f.title: f for f in section("2019").figures}  # type: ignore[attr-defined]
    chart = figures["IT-investeringar 2014–2019, utfall per år (mnkr)"]
    assert [row[0] for row in chart.table.rows] == ["2014", "2015", "2016", "2017", "2018", "2019"]
    assert chart.table.rows[-1][1] == "14,7"  # the investment table's IT total


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_module")
def test_an_interim_report_does_not_set_part_of_a_year_beside_whole_years() -> None:
    titles = [f.title for f in section("2019-T1").figures]  # type: ignore[attr-defined]
    assert not [t for t in titles if "utfall per år" in t]
