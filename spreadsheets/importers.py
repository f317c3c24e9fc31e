"""Excel import of a unit period: every row checked, then all saved or none.

The file is read once, with python-calamine; every cell of every sheet is parsed
(numbers as numbers or as Swedish text, "4,8", "−32 533 999", "13 %") and every changed
row is checked against the version it was exported with. The changed rows then go
through the sections' own services inside one ``bulk_write``: the same rights, period
lock, optimistic lock, model rules and audit as the web pages (change reason "import").
Any error, in a cell or from a service, refuses the whole file: every row is still
checked so that every error is listed with sheet, row and column, and the transaction
rolls every write back. The rows the services held back are written by ``bulk_flush``
in a fixed number of statements.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.cell import column_index_from_string
from python_calamine import CalamineWorkbook

from common import limits
from common.numbers import format_number, parse_number
from scorecards.models import Action, UnitPeriod
from scorecards.services import (
    EntryError,
    LastChange,
    StaleVersion,
    Via,
    bulk_flush,
    bulk_write,
    last_change,
)
from spreadsheets.exporters import (
    FORMAT,
    FORMAT_KEY,
    INFO_SHEET,
    PERIOD_KEY,
    UNIT_KEY,
    workbook_sheets,
)
from spreadsheets.sheets import Column, Sheet, SheetRow

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# Limits that keep a hostile or broken file from exhausting the server (common.limits);
# a real unit period has a few hundred rows in ten-odd columns.
MAX_ROWS = limits.SHEET_ROWS
MAX_COLUMNS = limits.SHEET_COLUMNS
MAX_CELLS = limits.SHEET_CELLS
# Amounts are stored with at most 18 digits; anything larger is a typing slip.
_LARGEST = Decimal(10) ** 16


@dataclass(frozen=True)
class RowError:
    """One refused cell or row: sheet, Excel row number (1 = header) and column header."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(_("rad %(row)s") % {"row": self.row})
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class ImportResult:
    """What an import did: every error (then nothing was saved) or the changes per sheet."""

    errors: list[RowError] = field(default_factory=list)
    # Sheet title -> number of values changed, for every sheet of the file.
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return sum(self.changed.values())


class FileRefused(EntryError):
    """The file as a whole cannot be imported (not an .xlsx, no Info sheet, …)."""


def _refused(message: str) -> ImportResult:
    return ImportResult(errors=[RowError("", None, "", message)])


# ------------------------------------------------------------------------ reading


@dataclass
class _Table:
    """A sheet as read from the file: header positions and the non-empty rows."""

    headers: dict[str, int]
    rows: list[tuple[int, list[Any]]]


_UNREADABLE = gettext_lazy(
    "Filen kunde inte läsas som en Excel-fil (.xlsx). Spara den som .xlsx och försök igen."
)


_UNSAVED = gettext_lazy(
    "Raden kunde inte sparas. Ingenting i filen sparades; försök igen eller exportera en ny fil."
)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


# A cell or row element of the sheet XML, with or without a namespace prefix ("<c ",
# "<x:row>"); "<col" and "<cfRule" are not cells.
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?c[\s/>]")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s/>]")
_OVERLAP = 40  # longer than any match: a tag cut by a chunk boundary is counted once
_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR_RE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


# What may follow a tag's name: the end of the tag or the whitespace before an attribute.
_TAG_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")


def _tags(buffer: bytes, name: bytes, pattern: re.Pattern[bytes], cut: int) -> int:
    """How many elements ``name`` start in ``buffer`` before ``cut``.

    Counted with bytes.count, ten times faster than the regex, when no tag in the chunk
    can have a namespace prefix (no ":" before the name); otherwise by ``pattern``.
    """
    if b":" + name in buffer:
        return sum(1 for match in pattern.finditer(buffer) if match.start() < cut)
    # A tag that starts before the cut ends before cut + its length.
    head = buffer[: cut + len(name) + 1]
    return sum(head.count(b"<" + name + end) for end in _TAG_ENDS)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part ("xl/worksheets/sheet1.xml") → the sheet's name, as far as the
    workbook's small index parts tell; a part not found there keeps its file name."""
    try:
        workbook = archive.read("xl/workbook.xml")[: 1024 * 1024]
        rels = archive.read("xl/_rels/workbook.xml.rels")[: 1024 * 1024]
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR_RE.findall(tag))
        target = attrs.get(b"Target", b"").decode(errors="replace").lstrip("/")
        target = target if target.startswith("xl/") else f"xl/{target}"
        targets[attrs.get(b"Id", b"")] = target
    names = {}
    for tag in _SHEET_RE.findall(workbook):
        attrs = {key.split(b":")[-1]: value for key, value in _ATTR_RE.findall(tag)}
        part = targets.get(attrs.get(b"id", b""))
        if part:
            names[part] = attrs.get(b"name", b"").decode(errors="replace")
    return names


def _scan(content: bytes) -> None:
    """Refuse a workbook too large to read, before the spreadsheet parser sees it.

    The zip's directory gives each part's unpacked size (zipfile never unpacks more than
    that); each sheet's XML is then streamed in chunks and its cells and rows counted,
    so a row of two million cells is refused in a fraction of a second and a few MB of
    memory, where the parser would have built every cell.
    """
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRefused(str(_UNREADABLE)) from error
    with archive:
        parts = archive.infolist()
        if sum(part.file_size for part in parts) > limits.WORKBOOK_UNPACKED_BYTES:
            raise FileRefused(
                _("Filen är för stor uppackad (högst %(limit)s MB).")
                % {"limit": limits.WORKBOOK_UNPACKED_BYTES // (1024 * 1024)}
            )
        names = _sheet_names(archive)
        for part in parts:
            if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
                continue
            name = names.get(part.filename, part.filename)
            cells = rows = 0
            tail = b""
            try:
                with archive.open(part) as stream:
                    while chunk := stream.read(1024 * 1024):
                        buffer = tail + chunk
                        cut = max(len(buffer) - _OVERLAP, 0)
                        cells += _tags(buffer, b"c", _CELL, cut)
                        rows += _tags(buffer, b"row", _ROW, cut)
                        tail = buffer[cut:]
                        if cells > MAX_CELLS or rows > MAX_ROWS + 1:
                            break
                    cells += _tags(tail, b"c", _CELL, len(tail))
                    rows += _tags(tail, b"row", _ROW, len(tail))
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
                raise FileRefused(str(_UNREADABLE)) from error
            if cells > MAX_CELLS:
                raise FileRefused(
                    _(
                        "Bladet ”%(sheet)s” har fler än %(limit)s celler och läses inte. "
                        "Exportera en ny fil från Styrkort."
                    )
                    % {"sheet": name, "limit": _number(MAX_CELLS)}
                )
            if rows > MAX_ROWS + 1:
                raise FileRefused(
                    _("Bladet ”%(sheet)s” har fler än %(limit)s rader.")
                    % {"sheet": name, "limit": _number(MAX_ROWS)}
                )


class _Book:
    """A workbook as the import reads it: calamine's cell values, sheet by sheet.

    calamine (Rust) reads a sheet's cells ten times faster than openpyxl but knows no
    number formats; the one format the import needs, a percentage, is found in the
    file's style table and the sheet's ``s`` attributes (``_percent_cells``).
    """

    def __init__(self, content: bytes) -> None:
        self._book = CalamineWorkbook.from_filelike(BytesIO(content))
        self.sheetnames: list[str] = list(self._book.sheet_names)
        self._percent = _percent_cells(content)

    def rows(self, title: str, width: int | None = None) -> list[list[Any]]:
        """Every row of the sheet from A1 (index 0 is Excel row 1) as far as ``width``
        columns: numbers as Decimal (percentages × 100, as shown), empty cells None."""
        percent: dict[int, list[int]] = {}
        for row, column in self._percent.get(title, ()):
            percent.setdefault(row, []).append(column)
        rows = []
        sheet = self._book.get_sheet_by_name(title)
        for number, raw in enumerate(sheet.to_python(skip_empty_area=False)):
            values = [_cell_value(value) for value in raw[:width]]
            for column in percent.get(number, ()):
                if column < len(values) and isinstance(values[column], Decimal):
                    values[column] *= 100
            rows.append(values)
        return rows

    def close(self) -> None:
        self._book.close()


def _open(content: bytes) -> _Book:
    _scan(content)
    try:
        return _Book(content)
    except Exception as error:  # any parser error: see unit_period_import
        raise FileRefused(str(_UNREADABLE)) from error


def _info(book: _Book) -> dict[str, str]:
    if INFO_SHEET not in book.sheetnames:
        raise FileRefused(
            _(
                "Filen saknar bladet ”Info” som anger enhet och period. "
                "Utgå från en fil som exporterats från Styrkort."
            )
        )
    info = {}
    for key, value, *_rest in ([*row, None, None] for row in book.rows(INFO_SHEET)):
        if key is not None:
            info[_as_text(key)] = "" if value is None else _as_text(value)
    if info.get(FORMAT_KEY) != FORMAT or not info.get(UNIT_KEY) or not info.get(PERIOD_KEY):
        raise FileRefused(
            _("Bladet ”Info” är ändrat eller okänt. Exportera en ny fil från Styrkort.")
        )
    return info


def file_unit_period(content: bytes) -> tuple[str, str]:
    """(unit slug, period key) that a file was exported for; FileRefused if unreadable."""
    book = _open(content)
    try:
        info = _info(book)
    except FileRefused:
        raise
    except Exception as error:  # see unit_period_import
        raise FileRefused(str(_UNREADABLE)) from error
    finally:
        book.close()
    return info[UNIT_KEY], info[PERIOD_KEY]


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _is_percent_format(number_format: str) -> bool:
    """Excel shows a cell formatted "0 %" as its value × 100: 0,13 is shown "13 %".

    Users type "13 %" and Excel stores 0,13; what they saw is what we store. A "%"
    in quotes (our own formats: 4,45 "%") is a literal and changes nothing.
    """
    return "%" in _QUOTED.sub("", number_format or "")


# Excel's built-in percentage formats ("0%", "0.00%"); others are in the style table.
_BUILTIN_PERCENT = frozenset({9, 10})
_NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*>")
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*>")
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _percent_styles(archive: zipfile.ZipFile) -> set[bytes]:
    """The cell styles (``s`` attribute values) whose number format is a percentage."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    codes = {}
    for tag in _NUM_FMT.findall(styles):
        attrs = {key.split(b":")[-1]: value for key, value in _ATTR_RE.findall(tag)}
        codes[attrs.get(b"numFmtId", b"")] = html.unescape(
            attrs.get(b"formatCode", b"").decode(errors="replace")
        )
    block = _CELL_XFS.search(styles)
    percent = set()
    for index, tag in enumerate(_XF.findall(block.group(1)) if block else []):
        attrs = dict(_ATTR_RE.findall(tag))
        format_id = attrs.get(b"numFmtId", b"0")
        builtin = format_id.isdigit() and int(format_id) in _BUILTIN_PERCENT
        if builtin or _is_percent_format(codes.get(format_id, "")):
            percent.add(str(index).encode())
    return percent


def _percent_cells(content: bytes) -> dict[str, set[tuple[int, int]]]:
    """Sheet name → (row, column) from 0 of the cells formatted as a percentage.

    Only read when the style table has such a format at all, which an exported file
    does not (its "%" columns are literal text in the format).
    """
    found: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(BytesIO(content)) as archive:
        percent = _percent_styles(archive)
        if not percent:
            return found
        names = _sheet_names(archive)
        # Only the cells of those styles, found by the regex engine: not every cell parsed.
        styled = b"|".join(re.escape(s) for s in sorted(percent))
        tag = re.compile(
            rb'<(?:[A-Za-z_][\w.-]{0,30}:)?c\s([^>]*?\bs="(?:' + styled + rb')"[^>]*)>'
        )
        for part in archive.namelist():
            if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
                continue
            cells = found.setdefault(names.get(part, part), set())
            for match in tag.finditer(archive.read(part)):
                attrs = dict(_ATTR_RE.findall(match.group(1)))
                ref = _REF.fullmatch(attrs.get(b"r", b"").decode(errors="replace"))
                if ref:
                    column = column_index_from_string(ref.group(1)) - 1
                    cells.add((int(ref.group(2)) - 1, column))
    return found


def _cell_value(value: Any) -> Any:
    """A calamine value as the parsers take it: numbers as Decimal, empty as None."""
    if value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return _decimal(value)


def _decimal(value: int | float) -> Decimal:
    # str() first: Decimal(4.8) would be 4.79999…, Decimal("4.8") is what Excel showed.
    return Decimal(str(value))


def _read_table(book: _Book, title: str) -> _Table | None:
    if title not in book.sheetnames:
        return None
    rows = book.rows(title, MAX_COLUMNS)
    headers: dict[str, int] = {}
    for index, value in enumerate(rows[0] if rows else []):
        if value is not None and _as_text(value):
            headers.setdefault(_as_text(value), index)
    table = _Table(headers, [])
    if not headers:
        return table
    if len(rows) > MAX_ROWS + 1:
        raise FileRefused(
            _("Bladet ”%(sheet)s” har fler än %(limit)s rader.")
            % {"sheet": title, "limit": MAX_ROWS}
        )
    # Only as far right as the last header: nothing beyond it is looked at.
    width = max(headers.values()) + 1
    for number, values in enumerate(rows[1:], start=2):
        if any(v is not None and (not isinstance(v, str) or v.strip()) for v in values[:width]):
            table.rows.append((number, values[:width]))
    return table


# ---------------------------------------------------------------------- parsing


def _normalise_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _normalise_text(value)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()  # a date typed into a text cell: 2021-03-15
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _trim(number: Decimal) -> Decimal:
    """4,8000 → 4,8 and 12,0 → 12, so a value fits its field's decimal places."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def parse_cell(column: Column, value: Any) -> Any:
    """A cell's value as the model field takes it; ValidationError in Swedish."""
    if column.kind == "text":
        return _as_text(value)
    if column.kind == "choice":
        text = _as_text(value)
        if not text:
            return ""
        for stored, label in column.labels():
            if text.casefold() in (label.casefold(), stored.casefold()):
                return stored
        raise ValidationError(
            _("”%(value)s” är inget av värdena %(allowed)s.")
            % {
                "value": text[:40],
                "allowed": ", ".join(f"”{label}”" for _v, label in column.labels()),
            }
        )
    # number or integer
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        number = parse_number(value)
    elif isinstance(value, datetime | date | time):
        raise ValidationError(_("Cellen innehåller ett datum, inte ett tal."))
    else:
        raise ValidationError(_("”%(value)s” är inte ett tal.") % {"value": str(value)[:40]})
    if not number.is_finite() or abs(number) >= _LARGEST:
        raise ValidationError(_("Talet är för stort."))
    number = _trim(number)
    if column.minimum is not None and number < column.minimum:
        raise ValidationError(
            _("Ange %(minimum)s eller mer.") % {"minimum": format_number(column.minimum)}
        )
    if column.kind == "integer":
        if number != number.to_integral_value():
            raise ValidationError(_("Ange ett heltal."))
        return int(number)
    return number


def _ident(column: Column, value: Any) -> int | str | None:
    if column.kind == "code":
        return "" if value is None else str(value).strip()
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        if number != number.to_integral_value():
            return None
        return int(number)
    except (InvalidOperation, ValueError):
        return None


def _same(column: Column, stored: Any, value: Any) -> bool:
    if column.kind == "text":
        # As exported: control characters that Excel cannot hold were left out.
        return _normalise_text(ILLEGAL_CHARACTERS_RE.sub("", stored or "")) == value
    if column.kind == "choice":
        return (stored or "") == value
    return bool(stored == value)


def stale_message(last: LastChange) -> str:
    when = timezone.localtime(last.when).strftime("%Y-%m-%d %H:%M") if last.when else ""
    return (
        _("Ändrad i portalen efter exporten av %(who)s %(when)s. Exportera en ny fil.")
        % {"who": last.who, "when": when}
    ).replace("  ", " ")


@dataclass
class _Write:
    sheet: Sheet
    number: int
    row: SheetRow
    changes: dict[str, Any]


class _Refusal(Exception):
    """Raised inside bulk_write to roll back everything and report the errors."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _check_sheet(
    sheet: Sheet, table: _Table, rows: list[SheetRow], errors: list[RowError]
) -> list[_Write]:
    """Every row of one sheet: parsed, matched, compared and versioned; the model's own
    rules are the service's, checked when the row is written."""
    title = sheet.title
    missing = [c.header for c in sheet.columns if c.header not in table.headers]
    if missing:
        for header in missing:
            errors.append(
                RowError(title, 1, header, _("Kolumnen saknas. Exportera en ny fil från Styrkort."))
            )
        return []
    by_ident: dict[tuple[int | str | None, ...], SheetRow] = {row.ident: row for row in rows}
    seen: dict[tuple[int | str | None, ...], int] = {}
    writes = []
    version_column = next(c for c in sheet.columns if c.kind == "version")

    def cell(values: list[Any], column: Column) -> Any:
        index = table.headers[column.header]
        return values[index] if index < len(values) else None

    for number, values in table.rows:
        ident = tuple(_ident(c, cell(values, c)) for c in sheet.identity)
        row = by_ident.get(ident)
        if row is None:
            shown = " / ".join("" if part is None else str(part) for part in ident)
            errors.append(
                RowError(
                    title,
                    number,
                    "",
                    _(
                        "Raden (%(ident)s) finns inte i periodens %(sheet)s. "
                        "Lägg inte till eller ändra id-kolumner; exportera en ny fil."
                    )
                    % {"ident": shown, "sheet": title},
                )
            )
            continue
        if ident in seen:
            errors.append(
                RowError(
                    title,
                    number,
                    "",
                    _("Raden finns redan på rad %(row)s.") % {"row": seen[ident]},
                )
            )
            continue
        seen[ident] = number

        changes: dict[str, Any] = {}
        for column in sheet.editable:
            try:
                value = parse_cell(column, cell(values, column))
            except ValidationError as error:
                errors.extend(RowError(title, number, column.header, msg) for msg in error.messages)
                continue
            if _same(column, getattr(row.stored, column.name), value):
                continue
            if column.name in row.locked:
                reason = row.locked[column.name] or _("Cellen kan inte ändras på den här raden.")
                errors.append(RowError(title, number, column.header, reason))
                continue
            changes[column.name] = value
        if not changes:
            continue

        version = _ident(version_column, cell(values, version_column))
        if version != row.version:
            if version is None:
                message = _("Versionen saknas. Exportera en ny fil.")
            elif row.stored.pk is not None:
                message = stale_message(last_change(row.stored))
            else:
                message = _("Raden har tagits bort i portalen efter exporten. Exportera en ny fil.")
            errors.append(RowError(title, number, "", message))
            continue

        writes.append(_Write(sheet, number, row, changes))
    return writes


# ----------------------------------------------------------------------- import


def unit_period_import(
    *, user: User, unit_period: UnitPeriod, content: bytes, via: str = Via.IMPORT
) -> ImportResult:
    """Import an exported workbook into the unit period: every value or none.

    Refused as a whole (with every error listed, nothing saved) when the user may not
    see or enter the unit period, the period is not open, the file is for another
    unit period, or any cell or row is wrong or was changed in the portal after the
    export. Unchanged rows write nothing.
    """
    if not UnitPeriod.objects.for_user(user, Action.VIEW).filter(pk=unit_period.pk).exists():
        return _refused(_("Enheten eller perioden hittades inte."))
    try:
        book = _open(content)
        try:
            info = _info(book)
            sheets = list(workbook_sheets())
            tables = {sheet.title: _read_table(book, sheet.title) for sheet in sheets}
        finally:
            book.close()
    except FileRefused as error:
        return _refused(error.message)
    except Exception:
        # An uploaded file is untrusted input to a third-party parser that raises many
        # kinds of error on a damaged file (zip, zlib, XML, KeyError for a missing part),
        # and read_only mode only meets them while the rows are read. Any of them means
        # the same to the user: the file cannot be read.
        return _refused(str(_UNREADABLE))

    up = UnitPeriod.objects.select_related("unit", "period__year").get(pk=unit_period.pk)
    if (info[UNIT_KEY], info[PERIOD_KEY]) != (up.unit.slug, up.period.key):
        return _refused(
            _(
                "Filen gäller %(file_unit)s %(file_period)s, inte %(unit)s %(period)s. "
                "Ladda upp den på rätt enhets och periods sida."
            )
            % {
                "file_unit": info.get("Enhetens namn") or info[UNIT_KEY],
                "file_period": info.get("Periodens namn") or info[PERIOD_KEY],
                "unit": up.unit.name,
                "period": up.period.label,
            }
        )
    try:
        with bulk_write(actor=user, unit_period=up, actions=[Action.EDIT, Action.ANALYSE]) as held:
            changed = _check_and_write(user, held, sheets, tables, via)
    except _Refusal as refusal:
        return ImportResult(errors=refusal.errors)
    except PermissionDenied as error:
        return _refused(str(error) or _("Du har inte behörighet att ändra den här perioden."))
    except EntryError as error:  # the period is not open
        return _refused(error.message)
    return ImportResult(changed=changed)


def _check_and_write(
    user: User,
    up: UnitPeriod,
    sheets: list[Sheet],
    tables: dict[str, _Table | None],
    via: str,
) -> dict[str, int]:
    """Inside bulk_write (the period row held): check every row, then write the changed."""
    errors: list[RowError] = []
    writes: list[_Write] = []
    for sheet in sheets:
        table = tables[sheet.title]
        if table is not None:
            writes.extend(_check_sheet(sheet, table, sheet.rows(up), errors))
    # Written even after a refused cell, so the services' refusals of the other rows are
    # listed too; the refusal at the end rolls all of it back.

    changed = Counter({sheet.title: 0 for sheet in sheets if tables[sheet.title] is not None})
    for write in writes:
        # No savepoint per row (two queries each): a refused row raises before it writes
        # anything, and any error rolls the whole file back, so the rows after it are
        # still written to list their own refusals. A database error leaves nothing to
        # go on with: that row is listed and the file refused.
        try:
            write.sheet.write(
                actor=user,
                unit_period=up,
                target=write.row.target,
                changes=write.changes,
                expected_version=write.row.version,
                via=via,
            )
        except StaleVersion as error:
            errors.append(RowError(write.sheet.title, write.number, "", stale_message(error.last)))
        except EntryError as error:
            header = next((c.header for c in write.sheet.columns if c.name == error.field), "")
            errors.append(RowError(write.sheet.title, write.number, header, error.message))
        except PermissionDenied as error:
            errors.append(RowError(write.sheet.title, write.number, "", str(error)))
        except DatabaseError:
            errors.append(RowError(write.sheet.title, write.number, "", str(_UNSAVED)))
            raise _Refusal(errors) from None
        else:
            changed[write.sheet.title] += len(write.changes)
    if errors:
        raise _Refusal(errors)
    # The held-back rows in a fixed number of statements, whatever the file's size.
    bulk_flush()
    return dict(changed)
