"""Reads of Inställningar → Kategorier: the year's cost categories grouped by kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from finance.models import CostCategory, CostKind, FinanceFigure
from scorecards.frozen import CLOSED_STATUSES
from scorecards.models import UnitPeriod, Year


@dataclass
class CostCategoryNode:
    """A category on the page: whether it has figures (then it stays) and whether some
    are in a period that is no longer open (then its kind and verksamhet stay)."""

    category: CostCategory
    has_figures: bool
    frozen: bool


@dataclass
class CostKindBranch:
    """A kind (kostnadsslag) and its categories in order: the tree's first level."""

    kind: str
    label: str
    categories: list[CostCategoryNode] = field(default_factory=list)


def cost_category_tree(*, year: Year) -> list[CostKindBranch]:
    """The year's categories under their kinds, in the kinds' order: one query."""
    figures = FinanceFigure.objects.filter(category=OuterRef("pk"))
    closed = UnitPeriod.objects.filter(
        unit=OuterRef("unit"), period=OuterRef("period"), status__in=CLOSED_STATUSES
    )
    rows = (
        CostCategory.objects.filter(year=year)
        .annotate(
            has_figures=Exists(figures),
            frozen=Exists(figures.filter(Exists(closed))),
        )
        .order_by("order", "pk")
    )
    branches = {kind.value: CostKindBranch(kind.value, str(kind.label)) for kind in CostKind}
    for row in rows:
        branches[row.kind].categories.append(
            CostCategoryNode(row, row.has_figures, row.frozen)  # type: ignore[attr-defined]
        )
    return list(branches.values())
