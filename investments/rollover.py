"""Investments' part of Nytt verksamhetsår: the year's investment category tree.

Frames and outcomes are never copied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from investments.models import InvestmentCategory
from rollover.steps import CopyTarget, Occupied, RolloverRefused, RolloverStep, SourceYear
from scorecards.models import Year


@dataclass(frozen=True)
class InvestmentCategories:
    # Parents before their children, so a child's parent is always copied first.
    categories: list[InvestmentCategory]

    @classmethod
    def read(cls, source: SourceYear) -> InvestmentCategories:
        return cls(
            sorted(
                InvestmentCategory.objects.filter(year=source.year).select_related("parent"),
                key=lambda c: (c.parent_id is not None, c.order, c.pk),
            )
        )

    def lines(self) -> dict[str, list[str]]:
        by_pk = {c.pk: c for c in self.categories}
        return {
            "investment_categories": [
                f"{by_pk[c.parent_id].name} › {c.name}" if c.parent_id else c.name
                for c in self.categories
            ]
        }

    def copy(self, target: CopyTarget) -> None:
        """The tree level by level: a child is created once its parent has been."""
        copies: dict[int, InvestmentCategory] = {}
        remaining = list(self.categories)
        while remaining:
            level = [c for c in remaining if c.parent_id is None or c.parent_id in copies]
            if not level:  # a parent outside the year: can't happen with clean() in place
                raise RolloverRefused(_("Investeringstyperna bildar inget träd."))
            copies |= target.create(InvestmentCategory, level, _copier(target, dict(copies)))
            remaining = [c for c in remaining if c.pk not in copies]


def _copier(
    target: CopyTarget, parents: dict[int, InvestmentCategory]
) -> Callable[[InvestmentCategory], InvestmentCategory]:
    """A category's copy in the new year, under its parent's copy."""

    def copy(c: InvestmentCategory) -> InvestmentCategory:
        return InvestmentCategory(
            year=target.year,
            parent=parents.get(c.parent_id) if c.parent_id is not None else None,
            slug=c.slug,
            name=c.name,
            order=c.order,
        )

    return copy


def _occupied(year: Year) -> Occupied:
    return [(_("investeringstyper"), InvestmentCategory.objects.filter(year=year))]


INVESTMENT_CATEGORIES = RolloverStep(
    key="investment_categories",
    sections=(("investment_categories", _lazy("Investeringstyper")),),
    read=InvestmentCategories.read,
    occupied=_occupied,
)
