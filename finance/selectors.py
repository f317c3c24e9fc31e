"""Reads for the finance key figure page: three queries whatever the number of categories."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext

from finance import rules
from finance.models import CostKind, FinanceFigure, FollowUpRow, FollowUpTable
from scorecards.models import UnitPeriod


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the amounts entered; None when none is (an empty cell, not a zero)."""
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


@dataclass(frozen=True)
class Amounts:
    """Outcome, budgets and forecast in kr (costs negative), with the derived deviations."""

    outcome: Decimal | None
    period_budget: Decimal | None
    annual_budget: Decimal | None
    annual_forecast: Decimal | None

    @property
    def deviation(self) -> Decimal | None:
        """Result of the period against the period budget (positive is better)."""
        return rules.deviation(self.outcome, self.period_budget)

    @property
    def forecast_deviation(self) -> Decimal | None:
        """Annual forecast against the annual budget, e.g. "Årsprognos +8 mnkr"."""
        return rules.deviation(self.annual_forecast, self.annual_budget)

    @classmethod
    def total(cls, parts: Iterable[Amounts]) -> Amounts:
        """The unit's totals: each amount summed over the categories."""
        items = list(parts)
        return cls(
            outcome=_sum(a.outcome for a in items),
            period_budget=_sum(a.period_budget for a in items),
            annual_budget=_sum(a.annual_budget for a in items),
            annual_forecast=_sum(a.annual_forecast for a in items),
        )


@dataclass(frozen=True)
class CategoryFigures:
    """A cost category's figures for the period, with the controller's explanation."""

    slug: str
    name: str
    kind: str
    amounts: Amounts
    outcome_previous_year: Decimal | None
    comment: str
    # The verksamhet or project (CostCategory.line); blank: the unit's own.
    line: str = ""

    @property
    def is_income(self) -> bool:
        return self.kind == CostKind.INCOME


@dataclass(frozen=True)
class FinanceLine:
    """A verksamhet or project with its categories: intäkter, kostnader and resultat.

    Costs are stored negative and income positive, so the result is the plain sum of
    every category (intäkter + kostnader), as the unit's total is.
    """

    name: str
    categories: list[CategoryFigures]

    @property
    def income_categories(self) -> list[CategoryFigures]:
        return [c for c in self.categories if c.is_income]

    @property
    def cost_categories(self) -> list[CategoryFigures]:
        return [c for c in self.categories if not c.is_income]

    @property
    def income(self) -> Amounts:
        return Amounts.total(c.amounts for c in self.income_categories)

    @property
    def costs(self) -> Amounts:
        return Amounts.total(c.amounts for c in self.cost_categories)

    @property
    def result(self) -> Amounts:
        return Amounts.total(c.amounts for c in self.categories)


def finance_lines(categories: Iterable[CategoryFigures], *, unnamed: str) -> list[FinanceLine]:
    """The categories grouped by line, lines in the order of their first category;
    categories without a line go under ``unnamed`` (the unit's name)."""
    grouped: dict[str, list[CategoryFigures]] = {}
    for category in categories:
        grouped.setdefault(category.line.strip() or unnamed, []).append(category)
    return [FinanceLine(name, members) for name, members in grouped.items()]


@dataclass(frozen=True)
class NetCostRow:
    """A row of the net cost table (nettokostnadsutveckling): a cost kind or the total."""

    kind: str | None
    label: str
    current: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> rules.NetCostChange | None:
        if self.current is None or self.previous is None:
            return None
        return rules.net_cost_change(self.current, self.previous)


@dataclass(frozen=True)
class FollowUpLine:
    label: str
    amount: Decimal | None


@dataclass(frozen=True)
class FollowUp:
    """A follow-up table such as the Covid-19 costs, with its computed sum."""

    title: str
    lines: list[FollowUpLine]

    @property
    def total(self) -> Decimal | None:
        return _sum(line.amount for line in self.lines)


@dataclass(frozen=True)
class FinanceKeyFigures:
    """Everything the finance page, its charts and the report need for one unit period."""

    unit_period: UnitPeriod
    categories: list[CategoryFigures]
    follow_ups: list[FollowUp]

    @property
    def year(self) -> int:
        return self.unit_period.period.year.year

    @property
    def total(self) -> Amounts:
        return Amounts.total(c.amounts for c in self.categories)

    @property
    def lines(self) -> list[FinanceLine]:
        """The categories per verksamhet or project; the unlined ones under the unit's name."""
        return finance_lines(self.categories, unnamed=self.unit_period.unit.name)

    @property
    def has_named_lines(self) -> bool:
        return any(c.line.strip() for c in self.categories)

    @property
    def net_cost(self) -> list[NetCostRow]:
        """One row per cost kind present, in the kinds' order (Personal, Övriga, …).

        Income is left out, as in the seed reports: the table shows how costs develop
        (seed 002: "minskning med totalt 3,6 mnkr (−5 %)" is of costs alone).
        """
        rows = []
        for kind in CostKind:
            if kind == CostKind.INCOME:
                continue
            members = [c for c in self.categories if c.kind == kind]
            if members:
                rows.append(
                    NetCostRow(
                        kind=kind.value,
                        label=str(kind.label),
                        current=_sum(c.amounts.outcome for c in members),
                        previous=_sum(c.outcome_previous_year for c in members),
                    )
                )
        return rows

    @property
    def net_cost_total(self) -> NetCostRow:
        """The sum of the cost kinds (costs are negative, so a growth shows as +%)."""
        rows = self.net_cost
        return NetCostRow(
            kind=None,
            label=gettext("Totalt"),
            current=_sum(r.current for r in rows),
            previous=_sum(r.previous for r in rows),
        )


def category_figures(*, unit_period: UnitPeriod) -> list[CategoryFigures]:
    """The unit's figures per category of the period, in category order: one query."""
    figures = (
        FinanceFigure.objects.filter(unit=unit_period.unit_id, period=unit_period.period_id)
        .select_related("category")
        .order_by("category__order", "category__pk")
    )
    return [
        CategoryFigures(
            slug=f.category.slug,
            name=f.category.name,
            kind=f.category.kind,
            amounts=Amounts(
                outcome=f.outcome,
                period_budget=f.period_budget,
                annual_budget=f.annual_budget,
                annual_forecast=f.annual_forecast,
            ),
            outcome_previous_year=f.outcome_previous_year,
            comment=f.comment,
            line=f.category.line,
        )
        for f in figures
    ]


def key_figures(*, unit_period: UnitPeriod) -> FinanceKeyFigures:
    """The unit's figures per category and its follow-up tables: three queries."""
    categories = category_figures(unit_period=unit_period)
    tables = (
        FollowUpTable.objects.filter(unit=unit_period.unit_id, period=unit_period.period_id)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("rows", queryset=FollowUpRow.objects.order_by("order", "pk")))
    )
    follow_ups = [
        FollowUp(
            title=t.title,
            lines=[FollowUpLine(label=r.label, amount=r.amount) for r in t.rows.all()],
        )
        for t in tables
    ]
    return FinanceKeyFigures(unit_period=unit_period, categories=categories, follow_ups=follow_ups)
