"""The report's finance section (Ekonomiskt resultat) and its summary key points."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.charts import Table
from common.numbers import format_amount
from finance import charts, selectors
from reports.sections import Figure, ReportSection, SectionContext
from scorecards.models import MONTHS_LONG


@dataclass(frozen=True)
class FinanceSection:
    key_figures: selectors.FinanceKeyFigures
    category_table: Table
    net_cost_table: Table
    follow_up_tables: list[Table]
    figures: list[Figure]
    # The narrative texts (result, forecast, forecast_assumptions, …) by kind.
    texts: Mapping[str, str]
    is_annual: bool

    @property
    def tables(self) -> list[Table]:
        return [self.category_table, self.net_cost_table, *self.follow_up_tables]

    # The tables as printed (omit, don't pad): no empty row, no column without a figure
    # (an årsrapport's forecast columns). ``tables`` keeps every cell for the figure diff.
    @property
    def shown_category_table(self) -> Table:
        return self.category_table.compact()

    @property
    def shown_net_cost_table(self) -> Table:
        return self.net_cost_table.compact()

    @property
    def commented_categories(self) -> list[selectors.CategoryFigures]:
        return [c for c in self.key_figures.categories if c.comment]

    @property
    def shown_follow_up_tables(self) -> list[Table]:
        shown = [t.compact() for t in self.follow_up_tables]
        return [t for t in shown if t.rows]


def build(context: SectionContext) -> FinanceSection:
    data = selectors.key_figures(unit_period=context.unit_period)
    return FinanceSection(
        key_figures=data,
        category_table=charts.category_table(data),
        net_cost_table=charts.net_cost_table(data),
        follow_up_tables=charts.follow_up_tables(data),
        figures=context.draw(charts.charts(data)),
        texts=context.texts,
        is_annual=context.is_annual,
    )


def key_points(section: FinanceSection, context: SectionContext) -> list[str]:
    """The summary's money bullets (seed 002), computed, never typed."""
    period = context.period
    total = section.key_figures.total
    money: list[str] = []
    when = (
        _("per %(month)s") % {"month": MONTHS_LONG[period.end_month]}
        if not context.is_annual
        else str(period.year.year)
    )
    if total.outcome is not None:
        line = _("Utfall %(when)s %(outcome)s") % {
            "when": when,
            "outcome": format_amount(total.outcome, scale="mnkr", signed=True),
        }
        if total.deviation is not None:
            better = _("bättre") if total.deviation >= 0 else _("sämre")
            budget = _("periodens budget") if not context.is_annual else _("budget")
            line += _(", %(amount)s %(better)s än %(budget)s") % {
                "amount": format_amount(abs(total.deviation), scale="mnkr"),
                "better": better,
                "budget": budget,
            }
        money.append(line)
    if not context.is_annual and total.forecast_deviation is not None:
        money.append(
            _("Årsprognos %(amount)s")
            % {"amount": format_amount(total.forecast_deviation, scale="mnkr", signed=True)}
        )
    return money


FINANCE_SECTION = ReportSection(
    key="finance",
    title=gettext_lazy("Ekonomiskt resultat"),
    position=50,
    build=build,
    template="finance/report_section.html",
    tables=lambda section: section.tables,
    key_points=key_points,
    key_points_order=10,
)
