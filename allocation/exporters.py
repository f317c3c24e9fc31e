"""The allocation table as an .xlsx: figures as numbers with a Swedish number format."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from allocation.selectors import AllocationTable
from common.xlsx import neutralise_all
from spreadsheets.exporters import CONTENT_TYPE
from spreadsheets.sheets import KR, PERCENT, WHOLE

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_WRAP = Alignment(wrap_text=True, vertical="top")

# Where the table starts: a title and a blank row above it.
HEADER_ROW = 3


def allocation_export(*, table: AllocationTable) -> tuple[str, str, bytes]:
    """The table: (filename, content type, bytes). Rows = members, then a total row.

    Columns: member, inhabitants, share of inhabitants (%), one per budget line and a
    total. A line that could not be allocated has empty cells and its reason in a note
    row below the table.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Fördelning %(year)s") % {"year": table.year.year}
    book.properties.creator = "Styrkort"
    book.properties.title = f"{table.organisation.name} {table.year.year}"

    sheet.cell(
        1,
        1,
        _("Fördelning %(organisation)s %(year)s, kr")
        % {
            "organisation": table.organisation.name,
            "year": table.year.year,
        },
    ).font = _BOLD
    headers = [
        _("Medlemsorganisation"),
        _("Invånare"),
        _("Andel invånare"),
        *[f"{c.line.title} ({c.line.get_model_display().lower()})" for c in table.columns],
        _("Summa"),
    ]
    for col, text in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, col, text)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _WRAP

    first_amount = 4
    for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
        sheet.cell(r, 1, row.member.name)
        sheet.cell(r, 2, row.inhabitants).number_format = WHOLE
        # In percent as written (5,79 means 5,79 %), like the other sheets' percentages.
        share = sheet.cell(r, 3, float(row.share) if row.share is not None else None)
        share.number_format = PERCENT
        for offset, amount in enumerate(row.amounts):
            sheet.cell(r, first_amount + offset, amount).number_format = KR
        sheet.cell(r, first_amount + len(row.amounts), row.total).number_format = KR

    total_row = HEADER_ROW + len(table.rows) + 1
    sheet.cell(total_row, 1, _("Summa")).font = _BOLD
    sheet.cell(total_row, 2, table.inhabitants_total).number_format = WHOLE
    for offset, column in enumerate(table.columns):
        cell = sheet.cell(
            total_row, first_amount + offset, column.line.amount if column.allocated else None
        )
        cell.number_format, cell.font = KR, _BOLD
    grand = sheet.cell(total_row, first_amount + len(table.columns), table.allocated_total)
    grand.number_format, grand.font = KR, _BOLD

    note_row = total_row + 2
    for column in table.columns:
        if not column.allocated:
            sheet.cell(note_row, 1, f"{column.line.title}: {column.problem}")
            note_row += 1
    if table.missing_inhabitants:
        sheet.cell(
            note_row,
            1,
            _("Invånarantal saknas för: %(names)s")
            % {"names": ", ".join(table.missing_inhabitants)},
        )

    sheet.column_dimensions["A"].width = 28
    for col in range(2, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 18
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    # Names and titles are typed by users: strings, never formulas (the one neutraliser).
    neutralise_all(sheet.iter_rows())

    buffer = BytesIO()
    book.save(buffer)
    filename = f"fordelning-{table.organisation.slug}-{table.year.year}.xlsx"
    return filename, CONTENT_TYPE, buffer.getvalue()
