"""Finance's part of Nytt verksamhetsår: the year's cost categories, copied as they are.

Finance figures and follow-up tables are never copied.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from finance.models import CostCategory
from rollover.steps import CopyTarget, Occupied, RolloverStep, SourceYear
from scorecards.models import Year


@dataclass(frozen=True)
class CostCategories:
    categories: list[CostCategory]

    @classmethod
    def read(cls, source: SourceYear) -> CostCategories:
        return cls(list(CostCategory.objects.filter(year=source.year).order_by("order", "pk")))

    def lines(self) -> dict[str, list[str]]:
        return {
            "cost_categories": [
                f"{c.name} ({c.line})" if c.line else c.name for c in self.categories
            ]
        }

    def copy(self, target: CopyTarget) -> None:
        target.create(
            CostCategory,
            self.categories,
            lambda c: CostCategory(
                year=target.year,
                slug=c.slug,
                name=c.name,
                kind=c.kind,
                line=c.line,
                order=c.order,
            ),
        )


def _occupied(year: Year) -> Occupied:
    return [(_("kostnadsslag"), CostCategory.objects.filter(year=year))]


COST_CATEGORIES = RolloverStep(
    key="cost_categories",
    sections=(("cost_categories", _lazy("Kostnadsslag")),),
    read=CostCategories.read,
    occupied=_occupied,
)
