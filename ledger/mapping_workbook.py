"""The year's ledger mapping as an Excel workbook: written for editing, read back whole.

Two sheets, by the words a controller uses:

- "Konton": Från konto, Till konto, Kategori (the cost category's kortnamn; empty: the
  accounts are not counted), Tecken ("byt" or "behåll");
- "Kostnadsställen": Objekt (the code in the ledger's dimension), Enhet (the unit's
  kortnamn).

Reading checks every row and refuses the whole file with every bad row named (sheet and
row number); ``ledger.services.ledger_mapping_replace`` then saves it all or nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from common.xlsx import neutralise_all, xml_text
from finance.models import CostCategory
from ledger.models import AccountRange, CostCentre, Sign
from ledger.services import RangeRow
from scorecards.errors import EntryError
from scorecards.models import Unit

RANGES = "Konton"
CENTRES = "Kostnadsställen"
RANGE_COLUMNS = ("Från konto", "Till konto", "Kategori", "Tecken")
CENTRE_COLUMNS = ("Objekt", "Enhet")
# The sign as a word in the sheet, and back.
SIGN_WORDS = {Sign.REVERSE: "byt", Sign.KEEP: "behåll"}
WORD_SIGNS = {word: sign for sign, word in SIGN_WORDS.items()}


@dataclass(frozen=True)
class MappingRows:
    """A read workbook, ready for ``ledger_mapping_replace``."""

    ranges: list[RangeRow]
    cost_centres: list[tuple[str, Unit]]


def mapping_workbook(ranges: list[AccountRange], centres: list[CostCentre]) -> bytes:
    """The mapping as an .xlsx, headers bold, text cells never formulas."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = RANGES
    sheet.append(RANGE_COLUMNS)
    for row in ranges:
        sheet.append(
            [
                row.first,
                row.last,
                xml_text(row.category.slug) if row.category else "",
                SIGN_WORDS[Sign(row.sign)],
            ]
        )
    centre_sheet = book.create_sheet(CENTRES)
    centre_sheet.append(CENTRE_COLUMNS)
    for centre in centres:
        centre_sheet.append([xml_text(centre.code), xml_text(centre.unit.slug)])
    for ws in (sheet, centre_sheet):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 16
        ws.column_dimensions["C"].width = 22
        neutralise_all(ws.iter_rows(min_row=2))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheets(content: bytes) -> dict[str, pd.DataFrame]:
    try:
        frames = pd.read_excel(
            io.BytesIO(content), sheet_name=None, dtype=str, engine="calamine", header=0
        )
    except Exception as error:  # calamine names no common base class for a bad file
        raise EntryError(
            _("Filen kan inte läsas som en Excel-arbetsbok (.xlsx)."), field="file"
        ) from error
    missing = [name for name in (RANGES, CENTRES) if name not in frames]
    if missing:
        raise EntryError(
            _("Arbetsboken saknar bladet %(sheets)s.") % {"sheets": ", ".join(missing)},
            field="file",
        )
    return frames


def _cell(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    text = text.strip()
    # A whole number read through a float ("3000.0") is the number.
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def _columns(frame: pd.DataFrame, sheet: str, columns: tuple[str, ...]) -> list[str]:
    missing = [c for c in columns if c not in frame.columns]
    return [
        _("%(sheet)s: kolumnen %(column)s saknas.") % {"sheet": sheet, "column": c} for c in missing
    ]


def read_mapping_workbook(
    content: bytes, *, categories: list[CostCategory], units: list[Unit]
) -> MappingRows:
    """The workbook's rows, or EntryError listing every bad row (nothing is saved)."""
    frames = _sheets(content)
    problems = _columns(frames[RANGES], RANGES, RANGE_COLUMNS) + _columns(
        frames[CENTRES], CENTRES, CENTRE_COLUMNS
    )
    if problems:
        raise EntryError(" ".join(problems), field="file")
    by_slug = {c.slug: c for c in categories}
    unit_by_slug = {u.slug: u for u in units}
    ranges: list[RangeRow] = []
    for number, row in enumerate(frames[RANGES].itertuples(index=False), start=2):
        first, last, category, sign = (_cell(v) for v in row[: len(RANGE_COLUMNS)])
        if not any((first, last, category, sign)):
            continue
        where = _("%(sheet)s rad %(row)s") % {"sheet": RANGES, "row": number}
        if not (first.isascii() and first.isdigit() and last.isascii() and last.isdigit()):
            problems.append(_("%(where)s: kontonumren ska vara heltal.") % {"where": where})
            continue
        if int(first) > int(last):
            problems.append(_("%(where)s: Från konto är större än Till konto.") % {"where": where})
        if category and category not in by_slug:
            problems.append(
                _("%(where)s: det finns ingen kategori med kortnamnet ”%(slug)s” i året.")
                % {"where": where, "slug": category}
            )
        if sign.lower() not in WORD_SIGNS:
            problems.append(
                _("%(where)s: Tecken ska vara ”byt” eller ”behåll”.") % {"where": where}
            )
            continue
        ranges.append(
            RangeRow(int(first), int(last), by_slug.get(category), WORD_SIGNS[sign.lower()])
        )
    centres: list[tuple[str, Unit]] = []
    for number, row in enumerate(frames[CENTRES].itertuples(index=False), start=2):
        code, unit = (_cell(v) for v in row[: len(CENTRE_COLUMNS)])
        if not code and not unit:
            continue
        where = _("%(sheet)s rad %(row)s") % {"sheet": CENTRES, "row": number}
        if not code:
            problems.append(_("%(where)s: Objekt saknas.") % {"where": where})
        elif unit not in unit_by_slug:
            problems.append(
                _("%(where)s: det finns ingen enhet med kortnamnet ”%(slug)s”.")
                % {"where": where, "slug": unit}
            )
        else:
            centres.append((code, unit_by_slug[unit]))
    if problems:
        raise EntryError(
            _("Ingenting är sparat. %(problems)s") % {"problems": " ".join(problems)},
            field="file",
        )
    return MappingRows(ranges, centres)
