"""Reads for the allocation table: members × budget lines of one year, in three queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from allocation import rules
from allocation.models import BudgetLine, Inhabitants, MemberOrganisation
from scorecards.models import Organisation, Year


@dataclass(frozen=True)
class LineColumn:
    """A budget line and, when it could be allocated, each member's amount in order."""

    line: BudgetLine
    amounts: list[Decimal] | None
    problem: str = ""

    @property
    def allocated(self) -> bool:
        return self.amounts is not None

    @property
    def direct(self) -> bool:
        """Billed to one member: outside the shared total, shown apart."""
        return self.line.model == rules.AllocationModel.DIRECT

    @property
    def total(self) -> Decimal | None:
        """Σ of the members' amounts: the line's amount exactly (``rules.allocate``)."""
        return None if self.amounts is None else sum(self.amounts, Decimal(0))


@dataclass(frozen=True)
class MemberRow:
    member: MemberOrganisation
    inhabitants: int | None
    share: Decimal | None  # of all inhabitants, in percent
    amounts: list[Decimal | None]  # one per shared line column, None where not allocated
    total: Decimal  # the sum of the allocated shared lines
    # The lines billed directly to this member (outside the shared total).
    direct_total: Decimal = Decimal(0)

    @property
    def grand_total(self) -> Decimal:
        return self.total + self.direct_total


@dataclass(frozen=True)
class AllocationTable:
    organisation: Organisation
    year: Year
    columns: list[LineColumn]
    rows: list[MemberRow]
    inhabitants_total: int
    missing_inhabitants: list[str] = field(default_factory=list)
    # Lines billed directly to one member, apart from the shared columns.
    direct_columns: list[LineColumn] = field(default_factory=list)

    @property
    def direct_total(self) -> Decimal:
        return sum((c.line.amount for c in self.direct_columns), Decimal(0))

    @property
    def grand_total(self) -> Decimal:
        """The shared lines allocated and the direct lines: what the members pay in all."""
        return self.allocated_total + self.direct_total

    @property
    def all_columns(self) -> list[LineColumn]:
        return self.columns + self.direct_columns

    @property
    def allocated_total(self) -> Decimal:
        """Σ of the allocated amounts of every line (= Σ of the rows' totals)."""
        return sum((c.total for c in self.columns if c.total is not None), Decimal(0))

    @property
    def share_total(self) -> Decimal | None:
        """Σ of the shares of inhabitants: 100 % when every member has a count."""
        if self.missing_inhabitants or not self.inhabitants_total:
            return None
        return sum((r.share for r in self.rows if r.share is not None), Decimal(0))


def year_of(*, organisation: Organisation, year: int) -> Year:
    """The organisation's verksamhetsår ``year``; else Http404."""
    return get_object_or_404(
        Year.objects.select_related("organisation"), organisation=organisation, year=year
    )


def allocation_table(*, year: Year) -> AllocationTable:
    """The allocation of every budget line of ``year`` over the member organisations.

    Three queries whatever the number of members and lines: the members with this
    year's inhabitants (prefetched), and the lines. A line that can't be allocated
    (inhabitants missing, amount not a multiple of the step) carries its reason.
    """
    members = list(
        MemberOrganisation.objects.filter(organisation=year.organisation_id)
        .order_by("order", "name")
        .prefetch_related(
            Prefetch(
                "inhabitants", queryset=Inhabitants.objects.filter(year=year), to_attr="this_year"
            )
        )
    )
    counts: list[int | None] = [m.this_year[0].count if m.this_year else None for m in members]  # type: ignore[attr-defined]
    lines = list(
        BudgetLine.objects.filter(year=year).select_related("member").order_by("order", "pk")
    )
    missing = [m.name for m, c in zip(members, counts, strict=True) if c is None]
    known = sum(c for c in counts if c is not None)

    all_columns = [_column(line, members, counts, missing) for line in lines]
    columns = [c for c in all_columns if not c.direct]
    direct = [c for c in all_columns if c.direct]

    rows = []
    for index, (member, count) in enumerate(zip(members, counts, strict=True)):
        amounts_of_member = [c.amounts[index] if c.amounts is not None else None for c in columns]
        rows.append(
            MemberRow(
                member=member,
                inhabitants=count,
                share=rules.percent(count, known) if count is not None and not missing else None,
                amounts=amounts_of_member,
                total=sum((a for a in amounts_of_member if a is not None), Decimal(0)),
                direct_total=sum(
                    (c.amounts[index] for c in direct if c.amounts is not None), Decimal(0)
                ),
            )
        )
    return AllocationTable(
        organisation=year.organisation,
        year=year,
        columns=columns,
        rows=rows,
        inhabitants_total=known,
        missing_inhabitants=missing,
        direct_columns=direct,
    )


def _weights(
    line: BudgetLine, members: Sequence[MemberOrganisation], counts: Sequence[int | None]
) -> list[int | Decimal]:
    """What each member's share of the line is in proportion to, by the line's model."""
    if line.model == rules.AllocationModel.FIXED_KEY:
        parts = line.key_parts()
        return [parts.get(m.pk, Decimal(0)) for m in members]
    if line.model == rules.AllocationModel.DIRECT:
        return [1 if m.pk == line.member_id else 0 for m in members]
    return [c or 0 for c in counts]


def _column(
    line: BudgetLine,
    members: Sequence[MemberOrganisation],
    counts: Sequence[int | None],
    missing: Sequence[str],
) -> LineColumn:
    """The line allocated over the members, or the reason it can't be."""
    if line.model in rules.USES_INHABITANTS and missing:
        return LineColumn(line, None, _missing_text(missing))
    try:
        amounts = rules.allocate(
            line.amount, _weights(line, members, counts), line.model, line.rounding
        )
    except rules.AllocationImpossible as error:
        return LineColumn(line, None, str(error))
    return LineColumn(line, amounts)


def _missing_text(names: Sequence[str]) -> str:
    return _("Invånarantal saknas för %(names)s, så raden kan inte fördelas per invånare.") % {
        "names": ", ".join(names)
    }


def years_of(*, organisation: Organisation) -> list[int]:
    """The organisation's years, for links between the years' tables (one query)."""
    return list(Year.objects.filter(organisation=organisation).values_list("year", flat=True))
