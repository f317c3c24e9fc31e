"""Reading a ledger export as a table (CSV or Excel) with named columns.

Every financial system can export period, cost centre (ansvar), account and amount as a
table; the header row names the columns (case and order do not matter):

- ``period``: the month, ``2021-03``, ``202103`` or a date in the month;
- ``konto``: the account number;
- ``ansvar`` (or ``kostnadsställe``): the cost centre;
- ``belopp`` (or ``utfall``): the outcome as booked, debit positive; and/or
  ``budget``: the month's budget.

CSV: ``;`` with decimal comma (a Swedish Excel's "CSV") or ``,`` with decimal point,
UTF-8 or Windows-1252. A row that does not parse refuses the file, naming the row.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from ledger.sie import LedgerFile, SieError, read_sie, summed

ALIASES = {
    "period": "period",
    "månad": "period",
    "konto": "account",
    "ansvar": "centre",
    "kostnadsställe": "centre",
    "kostnadsstalle": "centre",
    "belopp": "outcome",
    "utfall": "outcome",
    "budget": "budget",
}


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SieError(_("Filen är varken UTF-8 eller Windows-1252. Spara den som CSV (UTF-8)."))


def _read(content: bytes, filename: str) -> tuple[pd.DataFrame, str]:
    """The table as text cells, and the decimal mark its numbers use."""
    if filename.lower().endswith((".xlsx", ".xls", ".ods")):
        try:
            frame = pd.read_excel(io.BytesIO(content), engine="calamine", dtype=str)
        except Exception as error:  # an uploaded file is untrusted input to the parser
            raise SieError(_("Filen kunde inte läsas som en Excel-fil.")) from error
        return frame, "."
    text = _decode(content)
    first = text.split("\n", 1)[0]
    sep, decimal = (";", ",") if first.count(";") >= first.count(",") else (",", ".")
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as error:
        raise SieError(_("Filen kunde inte läsas som CSV: %(error)s") % {"error": error}) from error
    return frame, decimal


def read_table(content: bytes, filename: str, *, dimension: int) -> LedgerFile:
    """The amounts of a CSV or Excel export, as a LedgerFile whose rows carry the cost
    centre as an object of ``dimension`` (so the same aggregation reads both)."""
    frame, decimal = _read(content, filename)
    columns = {}
    for header in frame.columns:
        name = ALIASES.get(str(header).strip().casefold())
        if name and name not in columns:
            columns[name] = header
    missing = [
        label
        for label, name in (("period", "period"), ("konto", "account"), ("ansvar", "centre"))
        if name not in columns
    ]
    if "outcome" not in columns and "budget" not in columns:
        missing.append("belopp eller budget")
    if missing:
        raise SieError(
            _("Kolumnerna %(missing)s saknas på rubrikraden.")
            % {"missing": ", ".join(f"”{m}”" for m in missing)}
        )
    frame = frame.fillna("").astype(str)
    period = frame[columns["period"]].str.strip().str.replace("-", "", regex=False).str[:6]
    whens = pd.to_numeric(period.where(period.str.fullmatch(r"\d{6}")), errors="coerce")
    accounts = pd.to_numeric(frame[columns["account"]].str.strip(), errors="coerce")
    centres = frame[columns["centre"]].str.strip().str.replace('"', '\\"', regex=False)
    parts = []
    for name, source in (("outcome", "TRANS"), ("budget", "PBUDGET")):
        if name not in columns:
            continue
        raw = frame[columns[name]].str.replace("\u00a0", "", regex=False)
        raw = raw.str.replace(" ", "", regex=False).str.replace("\u2212", "-", regex=False)
        if decimal == ",":
            raw = raw.str.replace(",", ".", regex=False)
        amounts = pd.to_numeric(raw.where(raw != ""), errors="coerce")
        empty = raw == ""
        bad = (
            whens.isna()
            | ~(whens % 100).between(1, 12)
            | accounts.isna()
            | (amounts.isna() & ~empty)
        )
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0]) + 2  # the header is row 1
            raise SieError(
                _(
                    "Rad %(row)s: ange period (ÅÅÅÅ-MM), konto och belopp som tal "
                    "(t.ex. 2021-03; 5010; -1 234,50)."
                )
                % {"row": row},
                row,
            )
        keep = ~empty
        parts.append(
            pd.DataFrame(
                {
                    "source": source,
                    "account": accounts[keep].astype("int64"),
                    "objects": f'{dimension} "' + centres[keep] + '"',
                    "year": (whens[keep] // 100).astype("int64"),
                    "month": (whens[keep] % 100).astype("int64"),
                    "amount": np.rint(amounts[keep].to_numpy(dtype="float64") * 100).astype(
                        "int64"
                    ),
                    "line": np.flatnonzero(keep.to_numpy()) + 2,
                }
            )
        )
    return LedgerFile(rows=summed(pd.concat(parts, ignore_index=True)), sie_type="")


def read_ledger(content: bytes, filename: str, *, dimension: int) -> LedgerFile:
    """A SIE file (.se, .si, .sie or a file starting with #FLAGGA) or a table."""
    name = filename.lower()
    if name.endswith((".se", ".si", ".sie")) or content.lstrip()[:7] in (b"#FLAGGA", b"#FORMAT"):
        return read_sie(content)
    return read_table(content, filename, dimension=dimension)
