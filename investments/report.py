"""The report's investment section (Investeringar)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from common.charts import Table
from investments import charts, selectors
from reports.sections import Figure, ReportSection, SectionContext


@dataclass(frozen=True)
class InvestmentSection:
    table: Table
    comments: list[selectors.CategoryComment]
    figures: list[Figure]
    text: str


def build(context: SectionContext) -> InvestmentSection:
    data = selectors.key_figures(unit_period=context.unit_period)
    return InvestmentSection(
        table=charts.investment_table(data),
        comments=data.comments,
        figures=context.draw(charts.charts(data)),
        text=context.texts.get("investments", ""),
    )


INVESTMENT_SECTION = ReportSection(
    key="investments",
    title=gettext_lazy("Investeringar"),
    position=60,
    build=build,
    template="investments/report_section.html",
    tables=lambda section: [section.table],
)
