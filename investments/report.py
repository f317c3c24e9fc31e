"""The report's investment section (Investeringar), in the report's amount unit."""

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

    @property
    def shown_table(self) -> Table:
        """The table as printed: no sub-row without figures, no column without a figure."""
        return self.table.compact()

    @property
    def has_content(self) -> bool:
        return bool(self.shown_table.rows or self.comments or self.text)


def build(context: SectionContext) -> InvestmentSection:
    data = selectors.key_figures(unit_period=context.unit_period)
    amounts, words = context.amounts, context.words
    return InvestmentSection(
        table=charts.investment_table(data, amounts, words),
        comments=data.comments,
        figures=context.draw(charts.charts(data, amounts, words)),
        text=context.texts.get("investments", ""),
    )


INVESTMENT_SECTION = ReportSection(
    key="investments",
    title=gettext_lazy("Investeringar"),
    position=60,
    build=build,
    template="investments/report_section.html",
    has_content=lambda section: section.has_content,
    tables=lambda section: [section.table],
)
