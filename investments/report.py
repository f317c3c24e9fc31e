"""The report's investment section (Investeringar), in the report's amount unit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from common.charts import Table
from investments import charts, selectors
from investments.models import YearlyInvestmentOutcome
from reports.live import live_name
from reports.sections import Figure, ReportSection, SectionContext
from scorecards.models import Period


@dataclass(frozen=True)
class InvestmentSection:
    key_figures: selectors.InvestmentKeyFigures
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


def yearly_series(
    data: selectors.InvestmentKeyFigures,
) -> list[tuple[str, list[tuple[int, Decimal]]]]:
    """Per top-level type with earlier years' outcomes: those years and this year's total
    from the table (one query). Only for a whole year: a part of one beside full years
    would read as a fall.

    (A read: it belongs with ``investments.selectors`` once the investment page shows it.)
    """
    if data.unit_period.period.kind != Period.Kind.YEAR:
        return []
    earlier: dict[str, list[tuple[int, Decimal]]] = {}
    for past in YearlyInvestmentOutcome.objects.filter(
        unit=data.unit_period.unit_id, year__lt=data.year
    ).order_by("year"):
        earlier.setdefault(past.category_name, []).append((past.year, past.amount))
    series = []
    for row in data.top_level:
        total = row.figures.total
        if row.name in earlier and total is not None:
            series.append((row.name, [*earlier[row.name], (data.year, total)]))
    return series


def build(context: SectionContext) -> InvestmentSection:
    data = selectors.key_figures(unit_period=context.unit_period)
    amounts, words = context.amounts, context.words
    yearly = (
        [charts.yearly_chart(name, years, amounts) for name, years in yearly_series(data)]
        if context.with_figures
        else []
    )
    return InvestmentSection(
        key_figures=data,
        table=charts.investment_table(data, amounts, words),
        comments=data.comments,
        figures=context.draw([*charts.charts(data, amounts, words), *yearly]),
        text=context.texts.get("investments", ""),
    )


def live_figures(section: InvestmentSection, context: SectionContext) -> dict[str, str]:
    """Each investment row's figures a text may name, in the report's unit:
    "[[investeringar.it.utfall]]" (total), "….ram", "….beslut_före", "….beslut_under",
    "….prognos"; the total row is "investeringar.totalt"."""
    amounts = context.amounts
    figures: dict[str, str] = {}
    for row in section.key_figures.rows:
        values = row.figures
        for name, value in (
            ("utfall", values.total),
            ("ram", values.frame),
            ("beslut_före", values.earlier),
            ("beslut_under", values.current),
            ("prognos", values.forecast),
        ):
            if value is not None:
                figures[live_name("investeringar", row.name, name)] = amounts.format(value)
    return figures


INVESTMENT_SECTION = ReportSection(
    key="investments",
    title=gettext_lazy("Investeringar"),
    position=60,
    build=build,
    template="investments/report_section.html",
    has_content=lambda section: section.has_content,
    tables=lambda section: [section.table],
    live_figures=live_figures,
)
