"""Investment roll-ups: a parent sums its children; the total sums the top level."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

AMOUNTS = ("frame", "earlier", "current", "forecast")


@dataclass
class Figures:
    """The four amounts of an investment row, in kr; None means nothing entered."""

    frame: Decimal | None = None
    earlier: Decimal | None = None
    current: Decimal | None = None
    forecast: Decimal | None = None

    @property
    def total(self) -> Decimal | None:
        """Utfall totalt = beslut före året + beslut inför/under året."""
        if self.earlier is None and self.current is None:
            return None
        return (self.earlier or Decimal(0)) + (self.current or Decimal(0))

    def add(self, other: Figures) -> None:
        for name in AMOUNTS:
            theirs = getattr(other, name)
            if theirs is not None:
                setattr(self, name, (getattr(self, name) or Decimal(0)) + theirs)


@dataclass
class Row:
    """One line of the investment table: a category with its own or rolled-up figures."""

    category_id: int | None
    name: str
    level: int
    figures: Figures
    children: list[Row] = field(default_factory=list)


def roll_up(
    categories: Iterable[tuple[int, int | None, str]],
    figures: Mapping[int, Figures],
    *,
    total_label: str,
) -> list[Row]:
    """Build the table rows in order: each parent, its children, and a final total.

    ``categories`` are (id, parent_id, name) in display order. For each amount, a
    parent shows the sum of its children when any child has that amount, and its
    own figure otherwise: frames are decided on "IT" as a whole (27 mnkr) while
    outcomes are booked on Datacenter, Skrivare, … (5,2 + 9,5 = 14,7). The entry
    page refuses an amount on a parent whose children carry it, so the two never
    conflict. The total row is the sum of the top-level rows.
    """
    rows: dict[int, Row] = {}
    top: list[Row] = []
    for cat_id, parent_id, name in categories:
        row = Row(cat_id, name, 0 if parent_id is None else 1, Figures())
        own = figures.get(cat_id)
        if own is not None:
            row.figures.add(own)
        rows[cat_id] = row
        if parent_id is None:
            top.append(row)
        else:
            rows[parent_id].children.append(row)
    for row in top:
        for name in AMOUNTS:
            child_values = [getattr(c.figures, name) for c in row.children]
            present = [v for v in child_values if v is not None]
            if present:
                setattr(row.figures, name, sum(present, Decimal(0)))
    total = Row(None, total_label, 0, Figures())
    for row in top:
        total.figures.add(row.figures)
    ordered: list[Row] = []
    for row in top:
        ordered.append(row)
        ordered.extend(row.children)
    ordered.append(total)
    return ordered
