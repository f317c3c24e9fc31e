"""Helpers for the Excel tests: export, edit cells as a user would, read back."""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from scorecards.models import UnitPeriod
from spreadsheets.exporters import unit_period_export, workbook_sheets

IDENTITY = {sheet.title: [c.header for c in sheet.identity] for sheet in workbook_sheets()}

# (sheet title, identity or tuple of identity parts) -> {header: new value}
Edits = Mapping[tuple[str, Any], Mapping[str, Any]]


def export(user: Any, unit_period: UnitPeriod) -> bytes:
    return unit_period_export(user=user, unit_period=unit_period)[2]


def row_of(ws: Any, title: str, key: Any) -> int:
    """The Excel row number of the row whose identity columns start with ``key``."""
    keys = key if isinstance(key, tuple) else (key,)
    headers = {c.value: c.column for c in ws[1]}
    for number in range(2, ws.max_row + 1):
        parts = [ws.cell(number, headers[h]).value for h in IDENTITY[title][: len(keys)]]
        if tuple(parts) == keys:
            return number
    raise LookupError(f"{title}: no row {key!r}")


def edit(
    content: bytes, edits: Edits, formats: Mapping[tuple[str, Any, str], str] | None = None
) -> bytes:
    """Change cells as a user in Excel would; ``formats`` sets a cell's number format too."""
    book = load_workbook(BytesIO(content))
    for (title, key), values in edits.items():
        ws = book[title]
        headers = {c.value: c.column for c in ws[1]}
        number = row_of(ws, title, key)
        for header, value in values.items():
            cell = ws.cell(number, headers[header])
            cell.value = value
            if formats and (title, key, header) in formats:
                cell.number_format = formats[(title, key, header)]
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def cell(content: bytes, title: str, key: Any, header: str) -> Any:
    book = load_workbook(BytesIO(content))
    ws = book[title]
    headers = {c.value: c.column for c in ws[1]}
    return ws.cell(row_of(ws, title, key), headers[header])
