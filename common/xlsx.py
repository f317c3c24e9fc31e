"""The one formula neutraliser for every workbook the portal writes.

openpyxl stores a string that starts with "=" as a formula and one that reads like an
error ("#N/A") as an error value: a member called ``=HYPERLINK(…)`` would become a live
link in the reader's Excel. Text typed by users is data, so every cell the portal writes
holds it as a string. (In an .xlsx a string cell is never evaluated, so "+", "-" and "@"
need no prefix, unlike in CSV.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

_NOT_TEXT = ("f", "e")  # formula, error


def xml_text(value: str) -> str:
    """The text without the control characters XML cannot hold (they carry no meaning)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def neutralise(cell: Any) -> Any:
    """Keep a cell's string a string: never a formula, never an error value."""
    if cell.data_type in _NOT_TEXT:
        cell.data_type = "s"
    return cell


def neutralise_all(rows: Iterable[Iterable[Any]]) -> None:
    """Every cell of a worksheet (``worksheet.iter_rows()``) written by the portal."""
    for row in rows:
        for cell in row:
            neutralise(cell)
