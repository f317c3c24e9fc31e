"""Reads of Inställningar → Kategorier: the year's investment types as their tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from investments.models import InvestmentCategory, InvestmentFrame, InvestmentOutcome
from scorecards.frozen import CLOSED_STATUSES
from scorecards.models import UnitPeriod, Year


@dataclass
class InvestmentCategoryNode:
    """A type on the page with its subtypes: whether it has outcomes or frames (then it
    stays) and whether they are frozen (then it keeps its place in the tree)."""

    category: InvestmentCategory
    has_figures: bool
    frozen: bool
    children: list[InvestmentCategoryNode] = field(default_factory=list)


def investment_category_tree(*, year: Year) -> list[InvestmentCategoryNode]:
    """The year's top-level types, each with its subtypes, in order: one query."""
    outcomes = InvestmentOutcome.objects.filter(category=OuterRef("pk"))
    frames = InvestmentFrame.objects.filter(category=OuterRef("pk"))
    closed = UnitPeriod.objects.filter(
        unit=OuterRef("unit"), period=OuterRef("period"), status__in=CLOSED_STATUSES
    )
    closed_year = UnitPeriod.objects.filter(
        unit=OuterRef("unit"), period__year=year.pk, status__in=CLOSED_STATUSES
    )
    rows = list(
        InvestmentCategory.objects.filter(year=year)
        .annotate(
            has_outcomes=Exists(outcomes),
            has_frames=Exists(frames),
            closed_outcomes=Exists(outcomes.filter(Exists(closed))),
            closed_frames=Exists(frames.filter(Exists(closed_year))),
        )
        .order_by("order", "pk")
    )
    nodes = {
        r.pk: InvestmentCategoryNode(
            r,
            r.has_outcomes or r.has_frames,  # type: ignore[attr-defined]
            r.closed_outcomes or r.closed_frames,  # type: ignore[attr-defined]
        )
        for r in rows
    }
    top: list[InvestmentCategoryNode] = []
    for row in rows:
        if row.parent_id is None or row.parent_id not in nodes:
            top.append(nodes[row.pk])
        else:
            nodes[row.parent_id].children.append(nodes[row.pk])
    return top


def parent_choices(*, year: Year) -> list[tuple[int, str]]:
    """The types a type may be placed under: the year's top level, by name (and short
    name where two share a name, so no two options read alike)."""
    rows = list(
        InvestmentCategory.objects.filter(Q(year=year), Q(parent__isnull=True))
        .order_by("order", "pk")
        .values_list("pk", "name", "slug")
    )
    names = [name for _pk, name, _slug in rows]
    return [(pk, f"{name} ({slug})" if names.count(name) > 1 else name) for pk, name, slug in rows]
