"""Excel export of a unit period: one sheet per section, ready to fill in and import.

Identity and read-only columns are locked with sheet protection (no password: it
guards against slips, not against people); the cells a user may change are unlocked
and shaded. A hidden "Info" sheet names the unit period so the import can refuse a
file meant for another one, and a hidden "version" column per row lets the import
refuse rows changed in the portal after the export.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from common.contributions import collect
from common.xlsx import neutralise, xml_text
from scorecards.models import Action, UnitPeriod
from spreadsheets.measures import MEASURES
from spreadsheets.sheets import Column, Sheet, SheetRow

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The hidden sheet that names the unit period, and the format marker in it.
INFO_SHEET = "Info"
FORMAT_KEY = "Styrkort-fil"
FORMAT = "styrkort-excel/1"
UNIT_KEY = "Enhet"
PERIOD_KEY = "Period"

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
_EDIT_FILL = PatternFill("solid", fgColor="FFF8D6")
_ID_FONT = Font(color="6B7280")
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def workbook_sheets() -> tuple[Sheet, ...]:
    """The workbook's sheets in order: the core's Styrkort, then each app's (its
    ``contributions.SHEETS``) in ``settings.DOMAIN_APPS`` order."""
    return (MEASURES, *collect("SHEETS"))


def unit_period_export(
    *, user: AbstractBaseUser | AnonymousUser | None, unit_period: UnitPeriod
) -> tuple[str, str, bytes]:
    """The unit period's figures and texts as an .xlsx: (filename, content type, bytes).

    ``user`` must be allowed to see the unit period; cells are editable only when the
    period is open and the user may enter figures. ``user=None`` is the command line
    run by the server's operator, who sees everything.
    """
    up = UnitPeriod.objects.select_related("unit", "period__year").get(pk=unit_period.pk)
    if user is not None:
        visible = UnitPeriod.objects.for_user(user, Action.VIEW).filter(pk=up.pk)
        if not visible.exists():
            raise PermissionDenied(_("Enheten eller perioden hittades inte."))
        may_edit = UnitPeriod.objects.for_user(user, Action.EDIT).filter(pk=up.pk).exists()
    else:
        may_edit = True
    editable = may_edit and up.is_writable

    book = Workbook(write_only=True)
    book.properties.creator = "Styrkort"
    book.properties.title = f"{up.unit.name} {up.period.label}"
    styles = _Styles(book)
    for sheet in workbook_sheets():
        _write_sheet(book, sheet, sheet.rows(up), editable=editable, styles=styles)
    _write_info(book, up, user)
    buffer = BytesIO()
    book.save(buffer)
    return f"styrkort-{up.unit.slug}-{up.period.key}.xlsx", CONTENT_TYPE, buffer.getvalue()


def _text(value: str) -> str:
    # openpyxl refuses control characters that XML cannot hold; they carry no meaning.
    return xml_text(value)


class _StyledCell(Cell):
    """A write-only cell whose style is a look registered once in the workbook.

    openpyxl looks a cell's style up in the workbook's style table (hashing it) for
    every cell it writes; a look's index is known when the look is made, so each of a
    sheet's 150 000 cells only carries it.
    """

    __slots__ = ("_style_id",)

    @property
    def style_id(self) -> int:
        return self._style_id


class _CellSheet(WriteOnlyWorksheet):
    """A write-only sheet whose rows are lists of ready cells (``_cell``).

    openpyxl's own takes values: a cell given instead is first tried as a value, which
    raises, formats the cell's repr for the message and builds a blank cell to replace,
    a third of the export of 150 000 cells. Here each cell only gets its place.
    """

    def _values_to_row(self, values: list[Cell | None], row_idx: int) -> Iterator[Cell]:
        for col_idx, cell in enumerate(values, 1):
            if cell is not None:
                cell.column, cell.row = col_idx, row_idx
                yield cell


def _sheet(book: Workbook, title: str) -> _CellSheet:
    """A new sheet at the end of the write-only ``book`` (what create_sheet does)."""
    ws = _CellSheet(parent=book, title=title)
    book._add_sheet(ws)
    return ws


def _cell(ws: WriteOnlyWorksheet, value: Any, look: _Look | None = None) -> Cell:
    # A text that starts with "=" (or reads "#N/A") stays text, never a formula.
    cell = _StyledCell(ws, row=1, column=1, value=_text(value) if isinstance(value, str) else value)
    if look is not None:
        cell._style, cell._style_id = look
    else:
        cell._style_id = 0
    return neutralise(cell)


# A look: the style array every cell of it shares and its index in the workbook.
_Look = tuple[StyleArray, int]


class _Styles:
    """The looks of a workbook's cells, each built and registered once.

    A column's cells share a handful of looks (header, entry cell, locked cell, by
    number format); they are made the first time a column asks for them, never per
    cell.
    """

    def __init__(self, book: Workbook) -> None:
        self._book = book
        self._looks: dict[tuple[str, bool, str], _Look] = {}

    def look(self, role: str, *, wrap: bool, number_format: str) -> _Look:
        key = (role, wrap, number_format)
        if key not in self._looks:
            template = Cell(None)
            template.parent = _Parent(self._book)  # type: ignore[assignment]
            template.protection = _UNLOCKED if role == "edit" else _LOCKED
            if role == "header":
                template.font, template.fill = _HEADER_FONT, _HEADER_FILL
            elif role == "edit":
                template.fill = _EDIT_FILL
            elif role == "id":
                template.font = _ID_FONT
            template.alignment = _WRAP if wrap or role == "header" else _TOP
            template.number_format = number_format
            array = template._style
            self._looks[key] = (array, self._book._cell_styles.add(array))
        return self._looks[key]


class _Parent:
    """What a style template needs of its sheet: the workbook whose tables it uses."""

    def __init__(self, book: Workbook) -> None:
        self.parent = book


def _role(column: Column, row: SheetRow, editable: bool) -> str:
    if editable and column.editable and column.name not in row.locked:
        return "edit"
    if column.kind in ("id", "code", "version"):
        return "id"
    return "locked"


def _write_sheet(
    book: Workbook, sheet: Sheet, rows: list[SheetRow], *, editable: bool, styles: _Styles
) -> None:
    ws = _sheet(book, sheet.title)
    for index, column in enumerate(sheet.columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.kind == "version":
            dimension.hidden = True
    ws.freeze_panes = "A2"

    header = styles.look("header", wrap=True, number_format="General")
    ws.append([_cell(ws, column.header, header) for column in sheet.columns])

    identity = {id(c): i for i, c in enumerate(sheet.identity)}
    labels = {c.name: dict(c.labels()) for c in sheet.columns if c.kind == "choice"}
    for row in rows:
        cells = []
        for column in sheet.columns:
            if column.kind == "version":
                value: Any = row.version
            elif column.kind in ("id", "code"):
                value = row.ident[identity[id(column)]]
            elif column.kind == "info":
                value = row.info.get(column.name)
            else:
                value = getattr(row.stored, column.name)
                if column.kind == "choice":
                    value = labels[column.name].get(value, value)
            number_format = row.formats.get(column.name, column.number_format)
            role = _role(column, row, editable)
            look = styles.look(role, wrap=column.wrap, number_format=number_format)
            cells.append(_cell(ws, None if value == "" else value, look))
        ws.append(cells)

    last = len(rows) + 1
    for index, column in enumerate(sheet.columns, start=1):
        if column.kind == "choice" and rows:
            _choice_validation(
                ws, column, f"{get_column_letter(index)}2:{get_column_letter(index)}{last}"
            )

    # Locked cells stay locked; columns and rows may still be resized.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _choice_validation(ws: WriteOnlyWorksheet, column: Column, cells: str) -> None:
    labels = [label for _value, label in column.labels()]
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(labels) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Ogiltigt värde"),
        error=_("Välj ett av värdena i listan."),
    )
    validation.add(cells)
    ws.data_validations.append(validation)


def _write_info(
    book: Workbook, up: UnitPeriod, user: AbstractBaseUser | AnonymousUser | None
) -> None:
    ws = _sheet(book, INFO_SHEET)
    ws.sheet_state = "hidden"
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    rows = [
        (FORMAT_KEY, FORMAT),
        (UNIT_KEY, up.unit.slug),
        (PERIOD_KEY, up.period.key),
        ("Enhetens namn", up.unit.name),
        ("Periodens namn", str(up.period.label)),
        ("Exporterad", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("Exporterad av", user.get_username() if user is not None else _("kommandoraden")),
    ]
    for key, value in rows:
        ws.append([_cell(ws, key), _cell(ws, value)])
    ws.protection.sheet = True
