"""Allocation's part of Nytt verksamhetsår: each member's inhabitants, carried over.

The new year starts from last year's inhabitants (to be updated with the new official
figures); budget lines are decided anew each year and are never copied.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from allocation.models import BudgetLine, Inhabitants
from common.numbers import format_number
from rollover.steps import CopyTarget, Occupied, RolloverStep, SourceYear
from scorecards.models import Year


@dataclass(frozen=True)
class MemberInhabitants:
    counts: list[Inhabitants]
    budget_lines: list[BudgetLine]

    @classmethod
    def read(cls, source: SourceYear) -> MemberInhabitants:
        return cls(
            list(
                Inhabitants.objects.filter(year=source.year)
                .select_related("member")
                .order_by("member__order", "member__name")
            ),
            list(BudgetLine.objects.filter(year=source.year).order_by("order", "pk")),
        )

    def lines(self) -> dict[str, list[str]]:
        return {
            "inhabitants": [f"{c.member.name}: {format_number(c.count)}" for c in self.counts],
            "budget_lines": [line.title for line in self.budget_lines],
        }

    def copy(self, target: CopyTarget) -> None:
        target.create(
            Inhabitants,
            self.counts,
            lambda c: Inhabitants(member=c.member, year=target.year, count=c.count),
        )


def _occupied(year: Year) -> Occupied:
    return [(_("invånarantal"), Inhabitants.objects.filter(year=year))]


INHABITANTS = RolloverStep(
    key="inhabitants",
    sections=(("inhabitants", _lazy("Invånare per medlemsorganisation (utgångsläge)")),),
    read=MemberInhabitants.read,
    occupied=_occupied,
    left_behind=(("budget_lines", _lazy("Budgetrader för fördelning")),),
)
