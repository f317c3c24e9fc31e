"""Reads for the investment key figure page: three queries whatever the size of the tree."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from investments.models import InvestmentCategory, InvestmentFrame, InvestmentOutcome
from investments.rules import Figures, Row, roll_up
from scorecards.models import UnitPeriod


@dataclass(frozen=True)
class CategoryComment:
    """The controller's text about an investment type for the period."""

    category_id: int
    name: str
    comment: str


@dataclass(frozen=True)
class InvestmentKeyFigures:
    """The investment table rows (parents, children, total last) and the comments."""

    unit_period: UnitPeriod
    rows: list[Row]
    comments: list[CategoryComment]

    @property
    def year(self) -> int:
        return self.unit_period.period.year.year

    @property
    def top_level(self) -> list[Row]:
        """The top-level types, without the total row."""
        return [r for r in self.rows if r.level == 0 and r.category_id is not None]

    @property
    def is_empty(self) -> bool:
        return not self.top_level


def _tree_order(categories: list[InvestmentCategory]) -> list[InvestmentCategory]:
    """Each top-level type followed by its sub-types, each level by (order, pk)."""

    def key(c: InvestmentCategory) -> tuple[int, int]:
        return (c.order, c.pk)

    children: dict[int, list[InvestmentCategory]] = {}
    for c in categories:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    ordered = []
    for parent in sorted((c for c in categories if c.parent_id is None), key=key):
        ordered.append(parent)
        ordered.extend(sorted(children.get(parent.pk, []), key=key))
    return ordered


def key_figures(*, unit_period: UnitPeriod) -> InvestmentKeyFigures:
    """The period year's category tree rolled up with the unit's frames and outcomes.

    Three queries: the categories of the year, the unit's frames for them, and the
    unit's outcomes for the period.
    """
    period = unit_period.period
    categories = _tree_order(
        list(InvestmentCategory.objects.filter(year=period.year_id).only("parent", "name", "order"))
    )
    frames = dict(
        InvestmentFrame.objects.filter(
            unit=unit_period.unit_id, category__year=period.year_id
        ).values_list("category_id", "amount")
    )
    outcomes = {
        o.category_id: o
        for o in InvestmentOutcome.objects.filter(unit=unit_period.unit_id, period=period.pk)
    }
    figures: dict[int, Figures] = {}
    comments = []
    for category in categories:
        outcome = outcomes.get(category.pk)
        figures[category.pk] = Figures(
            frame=frames.get(category.pk),
            earlier=outcome.outcome_earlier_decisions if outcome else None,
            current=outcome.outcome_current_decisions if outcome else None,
            forecast=outcome.forecast if outcome else None,
        )
        if outcome is not None and outcome.comment.strip():
            comments.append(CategoryComment(category.pk, category.name, outcome.comment))
    rows = roll_up(
        [(c.pk, c.parent_id, c.name) for c in categories],
        figures,
        total_label=gettext("Totalt"),
    )
    return InvestmentKeyFigures(unit_period=unit_period, rows=rows, comments=comments)
