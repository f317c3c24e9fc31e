"""The report's allocation section (Fördelning per medlem): the /fordelning/ table of the
unit period's organisation and year, in the report's amount unit.

The allocation is the organisation's: its budget lines spread over the member
organisations. It is printed in the report of the organisation's own unit (the top
unit, a joint committee's nämnd), whose report speaks for the whole organisation; a
unit below it does not own the budget lines, and printing them there would repeat
the same table in every unit's report. (Nothing is shown that its readers could not
see anyway: the /fordelning/ page is open to anyone who sees a unit of the organisation.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allocation import selectors
from common.charts import Table, TableRow
from common.numbers import AmountFormat, format_number, format_percent
from reports.sections import ReportSection, SectionContext

# Figure columns that fit beside the row labels on A4 portrait in the report's table
# font; a wider table is turned (budget lines down) and, if still too wide, split.
COLUMNS_ON_A4 = 7


@dataclass(frozen=True)
class LineNote:
    """A budget line as the note under the table tells it: amount, model, and any problem."""

    title: str
    amount: str
    model: str
    problem: str


@dataclass(frozen=True)
class AllocationSection:
    year: int
    tables: list[Table]
    lines: list[LineNote]
    missing_inhabitants: list[str]
    has_members: bool

    @property
    def has_content(self) -> bool:
        return bool(self.lines)

    @property
    def shown_tables(self) -> list[Table]:
        """As printed: a line that could not be allocated is left out (the note says why)."""
        return [t.compact() for t in self.tables]

    @property
    def problems(self) -> list[LineNote]:
        return [line for line in self.lines if line.problem]


def _direct_model(column: selectors.LineColumn) -> str:
    """A direct line's note: who is billed, outside the shared table."""
    member = column.line.member
    return _("faktureras direkt till %(member)s, utanför den gemensamma fördelningen") % {
        "member": member.name if member else "–"
    }


def _share(row: selectors.MemberRow) -> str:
    return format_percent(row.share, decimals=2)


def _amount(value: Decimal | None, amounts: AmountFormat) -> str:
    """The figure in the report's unit; the unit is in the caption."""
    return amounts.format(value, with_unit=False)


def members_down(
    table: selectors.AllocationTable, amounts: AmountFormat, *, table_id: str, caption: str
) -> Table:
    """Members down, budget lines across, then the member's sum; the totals last."""
    rows = [
        TableRow(
            label=row.member.name,
            cells=[
                format_number(row.inhabitants),
                _share(row),
                *(_amount(a, amounts) for a in row.amounts),
                _amount(row.total, amounts),
            ],
        )
        for row in table.rows
    ]
    rows.append(
        TableRow(
            label=_("Summa"),
            cells=[
                format_number(table.inhabitants_total),
                format_percent(table.share_total, decimals=2),
                *(_amount(c.total, amounts) for c in table.columns),
                _amount(table.allocated_total, amounts),
            ],
            is_sum=True,
        )
    )
    return Table(
        id=table_id,
        caption=caption,
        headers=[
            _("Medlemsorganisation"),
            _("Invånare"),
            _("Andel invånare"),
            *(c.line.title for c in table.columns),
            _("Summa"),
        ],
        rows=rows,
    )


def lines_down(
    table: selectors.AllocationTable,
    members: Sequence[int],
    amounts: AmountFormat,
    *,
    table_id: str,
    caption: str,
    with_sum: bool,
) -> Table:
    """Turned: budget lines down, the members ``members`` (indexes) across; the sum
    column (the lines' totals) in the last part of a split table only."""
    rows_of = [table.rows[i] for i in members]

    def row(label: str, cells: list[str], total: str, *, is_sum: bool = False) -> TableRow:
        return TableRow(label, cells + ([total] if with_sum else []), is_sum=is_sum)

    rows = [
        row(
            _("Invånare"),
            [format_number(r.inhabitants) for r in rows_of],
            format_number(table.inhabitants_total),
        ),
        row(
            _("Andel invånare"),
            [_share(r) for r in rows_of],
            format_percent(table.share_total, decimals=2),
        ),
        *(
            row(
                column.line.title,
                [_amount(r.amounts[index], amounts) for r in rows_of],
                _amount(column.total, amounts),
            )
            for index, column in enumerate(table.columns)
        ),
        row(
            _("Summa"),
            [_amount(r.total, amounts) for r in rows_of],
            _amount(table.allocated_total, amounts),
            is_sum=True,
        ),
    ]
    return Table(
        id=table_id,
        caption=caption,
        headers=[
            _("Budgetrad"),
            *(r.member.name for r in rows_of),
            *([_("Summa")] if with_sum else []),
        ],
        rows=rows,
    )


def layout(table: selectors.AllocationTable, amounts: AmountFormat, *, caption: str) -> list[Table]:
    """The allocation as tables that fit A4 portrait.

    Members down and lines across while the lines fit (with inhabitants, share and sum
    beside them); else turned, lines down and members across, split into parts of as
    many members as fit, the sum column in the last part.
    """
    if len(table.columns) + 3 <= COLUMNS_ON_A4:
        return [members_down(table, amounts, table_id="allocation", caption=caption)]
    per_part = COLUMNS_ON_A4 - 1
    indexes = list(range(len(table.rows)))
    parts = [indexes[i : i + per_part] for i in range(0, len(indexes), per_part)]
    return [
        lines_down(
            table,
            part,
            amounts,
            table_id="allocation" if number == 1 else f"allocation-{number}",
            caption=caption
            if len(parts) == 1
            else _("%(caption)s (del %(part)s av %(parts)s)")
            % {"caption": caption, "part": number, "parts": len(parts)},
            with_sum=number == len(parts),
        )
        for number, part in enumerate(parts, start=1)
    ]


def build(context: SectionContext) -> AllocationSection | None:
    """The organisation's allocation of the period's year, in the report of its own unit;
    None in another unit's report. Three queries (members with inhabitants, lines)."""
    unit, year = context.unit_period.unit, context.period.year
    if unit.parent_id is not None:
        return None
    table = selectors.allocation_table(year=year)
    amounts = context.amounts
    caption = _("Fördelning per medlemsorganisation %(year)s, %(unit)s") % {
        "year": year.year,
        "unit": amounts.unit,
    }
    return AllocationSection(
        year=year.year,
        tables=layout(table, amounts, caption=caption) if table.rows and table.columns else [],
        lines=[
            LineNote(
                title=c.line.title,
                amount=amounts.format(c.line.amount),
                model=_direct_model(c) if c.direct else str(c.line.get_model_display()).lower(),
                problem=c.problem,
            )
            for c in table.all_columns
        ],
        missing_inhabitants=table.missing_inhabitants,
        has_members=bool(table.rows),
    )


def has_content(section: AllocationSection | None) -> bool:
    """Printed when the organisation has budget lines for the year (in its own unit's report)."""
    return section is not None and section.has_content


def tables(section: AllocationSection | None) -> list[Table]:
    return [] if section is None else section.tables


ALLOCATION_SECTION = ReportSection(
    # Stable: report templates name it.
    key="allocation",
    title=gettext_lazy("Fördelning per medlem"),
    position=75,
    build=build,
    template="allocation/report_section.html",
    has_content=has_content,
    in_default=False,
    tables=tables,
)
