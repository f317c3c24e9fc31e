"""The report's finance sections (Ekonomiskt resultat, Ekonomi per verksamhet) and their
summary key points. Amounts are shown in the report's unit (``SectionContext.amounts``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.charts import Table
from common.numbers import AmountFormat, format_percent
from finance import charts, selectors
from finance.models import MonthlyResult
from reports.live import live_name
from reports.sections import Figure, ReportSection, SectionContext, SectionOption
from scorecards.models import MONTHS_LONG, UnitPeriod

FINANCE_KEY = "finance"
LINES_KEY = "finance_lines"  # named by report templates: keep it


@dataclass(frozen=True)
class FinanceSection:
    key_figures: selectors.FinanceKeyFigures
    category_table: Table
    net_cost_table: Table
    follow_up_tables: list[Table]
    figures: list[Figure]
    # Resultatutveckling (the result month by month against the budget), under the result.
    result_figures: list[Figure]
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


def month_points(unit_period: UnitPeriod) -> list[charts.MonthPoint]:
    """The unit's accumulated result and budget per month of the period's year, up to
    the period's end month: one query.

    (A read: it belongs with ``finance.selectors`` once the finance page shows it too.)
    """
    period = unit_period.period
    rows = MonthlyResult.objects.filter(
        unit=unit_period.unit_id, year=period.year.year, month__lte=period.end_month
    ).order_by("month")
    return [charts.MonthPoint(r.month, r.outcome, r.budget) for r in rows]


def build(context: SectionContext) -> FinanceSection:
    data = selectors.key_figures(unit_period=context.unit_period)
    amounts = context.amounts
    result_charts = []
    if context.with_figures:
        points = month_points(context.unit_period)
        if points:
            result_charts.append(
                charts.result_development_chart(points, year=data.year, amounts=amounts)
            )
    return FinanceSection(
        key_figures=data,
        category_table=charts.category_table(data, amounts),
        net_cost_table=charts.net_cost_table(data),
        follow_up_tables=charts.follow_up_tables(data, amounts),
        figures=context.draw(charts.charts(data, amounts)),
        result_figures=context.draw(result_charts),
        texts=context.texts,
        is_annual=context.is_annual,
    )


def _when(context: SectionContext) -> str:
    """ "per april" in an interim report, the year in an annual one."""
    period = context.period
    if context.is_annual:
        return str(period.year.year)
    return _("per %(month)s") % {"month": MONTHS_LONG[period.end_month]}


def result_points(total: selectors.Amounts, context: SectionContext) -> list[str]:
    """Ekonomi per verksamhet's key figures: the period's result and the year's forecast,
    signed, in the report's unit ("Periodens resultat per maj: +85 000 kr")."""
    amounts = context.amounts
    points = []
    if total.outcome is not None:
        label = (
            _("Årets resultat")
            if context.is_annual
            else _("Periodens resultat %(when)s") % {"when": _when(context)}
        )
        points.append(f"{label}: {amounts.format(total.outcome, signed=True)}")
    if not context.is_annual and total.annual_forecast is not None:
        points.append(
            _("Årsprognos: %(amount)s")
            % {"amount": amounts.format(total.annual_forecast, signed=True)}
        )
    return points


def deviation_points(total: selectors.Amounts, context: SectionContext) -> list[str]:
    """The seeds' money bullets: outcome against budget and the forecast's deviation."""
    amounts = context.amounts
    money: list[str] = []
    if total.outcome is not None:
        line = _("Utfall %(when)s %(outcome)s") % {
            "when": _when(context),
            "outcome": amounts.format(total.outcome, signed=True),
        }
        if total.deviation is not None:
            better = _("bättre") if total.deviation >= 0 else _("sämre")
            budget = _("periodens budget") if not context.is_annual else _("budget")
            line += _(", %(amount)s %(better)s än %(budget)s") % {
                "amount": amounts.format(abs(total.deviation)),
                "better": better,
                "budget": budget,
            }
        money.append(line)
    if not context.is_annual and total.forecast_deviation is not None:
        money.append(
            _("Årsprognos %(amount)s")
            % {"amount": amounts.format(total.forecast_deviation, signed=True)}
        )
    return money


def key_points(section: FinanceSection, context: SectionContext) -> list[str]:
    """The summary's money bullets (seed 002), computed, never typed.

    A report that prints Ekonomi per verksamhet instead of Ekonomiskt resultat gets that
    section's key figures (the period's result, the year's forecast). They are given here,
    under the one money heading, because the summary lists every section's key points,
    chosen or not: two sections giving them would print two money groups.
    """
    total = section.key_figures.total
    if LINES_KEY in context.keys and FINANCE_KEY not in context.keys:
        return result_points(total, context)
    return deviation_points(total, context)


def live_figures(section: FinanceSection, context: SectionContext) -> dict[str, str]:
    """The finance figures a text may name, in the report's unit ("[[resultat]]",
    "[[årsprognos]]", "[[nettokostnad.övriga_kostnader.procent]]", …)."""
    amounts = context.amounts
    figures: dict[str, str] = {}

    def offer(name: tuple[str, ...], value: Decimal | None, signed: bool = True) -> None:
        if value is not None:
            figures[live_name(*name)] = amounts.format(value, signed=signed)

    def offer_amounts(prefix: tuple[str, ...], values: selectors.Amounts) -> None:
        # The unit's result and forecast are signed as the seeds write them ("+2 mnkr");
        # a category's amounts are printed as its table row prints them.
        whole = not prefix
        offer((*prefix, "resultat" if whole else "utfall"), values.outcome, signed=whole)
        offer((*prefix, "budgetavvikelse" if whole else "avvikelse"), values.deviation)
        offer((*prefix, "periodbudget"), values.period_budget, signed=False)
        offer((*prefix, "årsbudget"), values.annual_budget, signed=False)
        offer((*prefix, "årsprognos"), values.annual_forecast, signed=whole)
        offer((*prefix, "prognosavvikelse"), values.forecast_deviation)

    offer_amounts((), section.key_figures.total)
    for category in section.key_figures.categories:
        offer_amounts(("kostnadskategori", category.slug), category.amounts)
    for row in [*section.key_figures.net_cost, section.key_figures.net_cost_total]:
        change = row.change
        if change is None:
            continue
        figures[live_name("nettokostnad", row.label, "förändring")] = amounts.format(
            change.change, signed=True
        )
        if change.percent is not None:
            # The percentage as the table prints it, signed: "+24,40 %".
            figures[live_name("nettokostnad", row.label, "procent")] = format_percent(
                change.percent, decimals=2, signed=True
            )
    return figures


FINANCE_SECTION = ReportSection(
    key=FINANCE_KEY,
    title=gettext_lazy("Ekonomiskt resultat"),
    position=50,
    build=build,
    template="finance/report_section.html",
    tables=lambda section: section.tables,
    key_points=key_points,
    key_points_order=10,
    live_figures=live_figures,
)


# --- Ekonomi per verksamhet ------------------------------------------------------------

CATEGORIES_OPTION = "categories"


@dataclass(frozen=True)
class FinanceLinesSection:
    """Intäkter, kostnader and resultat per verksamhet or project, with their total."""

    table: charts.GroupedTable
    total: selectors.Amounts
    amounts: AmountFormat

    @property
    def shown_table(self) -> charts.GroupedTable:
        """As printed: no empty row, no column without a figure."""
        return self.table.compact()

    @property
    def has_content(self) -> bool:
        return bool(self.shown_table.groups)


def build_lines(context: SectionContext) -> FinanceLinesSection:
    categories = selectors.category_figures(unit_period=context.unit_period)
    data = selectors.FinanceKeyFigures(
        unit_period=context.unit_period, categories=categories, follow_ups=[]
    )
    return FinanceLinesSection(
        table=charts.lines_table(
            data,
            context.amounts,
            is_annual=context.is_annual,
            with_categories=context.option(CATEGORIES_OPTION),
        ),
        total=data.total,
        amounts=context.amounts,
    )


FINANCE_LINES_SECTION = ReportSection(
    key=LINES_KEY,
    title=gettext_lazy("Ekonomi per verksamhet"),
    position=55,
    build=build_lines,
    template="finance/report_lines_section.html",
    has_content=lambda section: section.has_content,
    in_default=False,
    options=(SectionOption(CATEGORIES_OPTION, gettext_lazy("Visa kostnadsslag"), default=False),),
    tables=lambda section: [section.table.flat],
)
