"""Reading SIE 4 (the Swedish standard export of accounting data) into a pandas frame.

A SIE file is CP437 text, one record per line: a label (``#TRANS``), then fields
separated by blanks; a field may be "quoted" (with ``\\"`` inside) and an object list is
written in braces, ``{1 "4100" 6 "P12"}`` (dimension, object, …). Of the labels the
portal reads ``#FORMAT`` (must be PC8), ``#SIETYP`` (1–4), ``#KONTO``, ``#DIM``,
``#OBJEKT`` (names for the preview and the mapping page), ``#PSALDO`` and ``#PBUDGET``
(a month's change per account and object, this year or earlier years) and ``#TRANS``
(a voucher row; its date, or the voucher's ``#VER`` date). Every other label is
skipped, as the standard asks of a reader. A line that does not parse refuses the file
with a Swedish message naming the line.

Speed: a year's ledger is a million ``#TRANS`` rows. Splitting that many lines in
Python costs seconds, so the lines are split into fields by pandas' C tokenizer (blank
separated, with the braces of an object list made its quote character) and only the
distinct object lists and the few text records are read in Python. That trick cannot
express every file the standard allows (a brace inside a quoted text); when the C
tokenizer's rows do not line up with the file's lines the exact reader below reads the
file instead, line by line, to the same frame.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from common.params import whole_number

# Labels whose amounts the portal sums; their frame columns are named in _FIELDS.
BALANCE_LABELS = ("#PSALDO", "#PBUDGET")
TRANS_LABEL = "#TRANS"
SIE_TYPES = frozenset({"1", "2", "3", "4"})
# The columns of a record the readers keep (label and five fields): enough for
# #PSALDO årsnr period konto {objekt} saldo, the widest record the portal reads.
_WIDTH = 6
_COLUMNS = ["label", "f1", "f2", "f3", "f4", "f5"]
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|\{([^}]*)\}|(\S+)')
_AMOUNT = re.compile(r"-?\d+(?:\.\d+)?")


class SieError(ValueError):
    """The file cannot be read; ``message`` is Swedish and names the line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class LedgerFile:
    """What a ledger file holds: amounts per record, and the names it gives.

    ``rows`` has one row per amount: ``source`` (PSALDO, PBUDGET, TRANS or the
    file kind of a CSV), ``budget`` (bool), ``account`` (int), ``objects`` (the object
    list as written, e.g. ``1 "4100"``; a CSV gives ``1 "<ansvar>"``), ``year``,
    ``month``, ``amount`` (öre, int64, as booked: debit positive) and ``line``.
    """

    rows: pd.DataFrame
    accounts: dict[int, str] = field(default_factory=dict)
    dimensions: dict[int, str] = field(default_factory=dict)
    objects: dict[tuple[int, str], str] = field(default_factory=dict)
    sie_type: str = ""


def _error_line(message: str, line: int) -> SieError:
    return SieError(_("Rad %(line)s: %(message)s") % {"line": line, "message": message}, line)


def tokens(line: str) -> list[str]:
    """A record's fields: quotes removed (``\\"`` kept as ``"``), an object list as the
    text inside its braces."""
    out: list[str] = []
    for match in _TOKEN.finditer(line):
        quoted, objects, bare = match.groups()
        if objects is not None:
            out.append(objects)
        elif quoted is not None:
            out.append(quoted.replace('\\"', '"').replace("\\\\", "\\"))
        else:
            out.append(bare)
    return out


def object_pairs(objects: str) -> list[tuple[int, str]] | None:
    """``1 "4100" 6 P12`` → [(1, "4100"), (6, "P12")]; None when it does not parse."""
    parts = tokens(objects)
    if len(parts) % 2:
        return None
    pairs = []
    for dimension, code in zip(parts[::2], parts[1::2], strict=True):
        number = whole_number(dimension)
        if number is None:
            return None
        pairs.append((number, code))
    return pairs


# --------------------------------------------------------------------- tokenising


def _fast_frame(text: str) -> pd.DataFrame | None:
    """Every line's label and first five fields by pandas' C tokenizer; None when the
    file holds something the trick cannot express (then the exact reader runs)."""
    # A line that is only a brace opens or closes a voucher: make it a plain token, so
    # that the braces left are those of object lists, which become quotes.
    data = text.replace("\n{", "\n(").replace("\n}", "\n)")
    for indent in ("\t", " ", "  ", "   ", "    "):
        for brace, plain in (("{", "("), ("}", ")")):
            if f"\n{indent}{brace}" in data:
                data = re.sub(
                    rf"\n([ \t]*){re.escape(brace)}[ \t]*(?=\r?\n)", rf"\n\1{plain}", data
                )
    data = data.replace("}", "{")
    try:
        frame = pd.read_csv(
            io.StringIO(data),
            sep=r"\s+",
            quotechar="{",
            header=None,
            names=range(_WIDTH),
            usecols=range(_WIDTH),
            dtype="str",
            skip_blank_lines=False,
            keep_default_na=False,
            na_filter=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError):
        return None
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if len(frame) != lines:
        return None  # a brace inside a quoted text joined lines: read exactly
    frame.columns = _COLUMNS
    # Quoted fields keep their quotes here (the quote character is the brace): they are
    # taken off the fields that are not object lists in _part.
    frame["line"] = np.arange(1, len(frame) + 1)
    records = frame["label"].str.startswith("#")
    # Every other line must be blank or a voucher's brace, alone on its line.
    others = frame[~records]
    if not (others["label"].isin(["", "(", ")"]) & (others["f1"] == "")).all():
        _exact_frame(text)  # raises, naming the first line that is not a record
    return frame[records]


def _exact_frame(text: str) -> pd.DataFrame:
    """The same frame as ``_fast_frame``, one line at a time (any file the standard
    allows); a line that is neither a record, a brace nor blank is refused."""
    rows: list[list[str]] = []
    numbers: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped in ("{", "}"):
            continue
        if not stripped.startswith("#"):
            raise _error_line(
                _("raden kan inte tolkas; varje rad ska börja med en etikett, t.ex. #TRANS."),
                number,
            )
        fields = tokens(stripped)
        rows.append((fields + [""] * _WIDTH)[:_WIDTH])
        numbers.append(number)
    frame = pd.DataFrame(rows, columns=_COLUMNS, dtype="str")
    frame["line"] = np.array(numbers, dtype=np.int64)
    return frame


def _text_records(text: str, frame: pd.DataFrame) -> dict[str, list[tuple[int, list[str]]]]:
    """#KONTO, #DIM, #OBJEKT, #FORMAT and #SIETYP records, read exactly (their quoted
    names may hold blanks); few lines, so Python is fine."""
    wanted = frame[frame["label"].isin(["#KONTO", "#DIM", "#OBJEKT", "#FORMAT", "#SIETYP"])]
    if wanted.empty:
        return {}
    lines = text.split("\n")
    out: dict[str, list[tuple[int, list[str]]]] = {}
    for label, number in zip(wanted["label"], wanted["line"], strict=True):
        fields = tokens(lines[int(number) - 1].strip())
        out.setdefault(str(label), []).append((int(number), fields[1:]))
    return out


# ------------------------------------------------------------------------ reading


def read_sie(content: bytes) -> LedgerFile:
    """The amounts and names of a SIE file (types 1–4); SieError naming the line."""
    text = content.decode("cp437")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "#SIETYP" not in text and "#FLAGGA" not in text:
        raise SieError(
            _("Filen är ingen SIE-fil: #FLAGGA och #SIETYP saknas. Exportera en SIE 4-fil.")
        )
    frame = _fast_frame(text)
    if frame is None:
        frame = _exact_frame(text)
    records = _text_records(text, frame)
    sie_type = _header(records)
    ledger = LedgerFile(rows=_amounts(frame), sie_type=sie_type)
    for number, fields in records.get("#KONTO", []):
        if fields and (account := whole_number(fields[0])) is not None:
            ledger.accounts[account] = fields[1] if len(fields) > 1 else ""
        else:
            raise _error_line(_("#KONTO saknar ett kontonummer."), number)
    for number, fields in records.get("#DIM", []):
        dimension = whole_number(fields[0]) if fields else None
        if dimension is None:
            raise _error_line(_("#DIM saknar ett dimensionsnummer."), number)
        ledger.dimensions[dimension] = fields[1] if len(fields) > 1 else ""
    for number, fields in records.get("#OBJEKT", []):
        dimension = whole_number(fields[0]) if len(fields) >= 2 else None
        if dimension is None:
            raise _error_line(_("#OBJEKT ska ange dimension och objekt."), number)
        ledger.objects[(dimension, fields[1])] = fields[2] if len(fields) > 2 else ""
    return ledger


def _header(records: dict[str, list[tuple[int, list[str]]]]) -> str:
    for number, fields in records.get("#FORMAT", []):
        value = fields[0] if fields else ""
        if value.upper() != "PC8":
            raise _error_line(
                _(
                    "#FORMAT är ”%(value)s”, men en SIE-fil ska vara PC8 (teckentabell "
                    "CP437). Exportera filen på nytt från ekonomisystemet."
                )
                % {"value": value},
                number,
            )
    types = records.get("#SIETYP", [])
    if not types:
        raise SieError(_("Filen saknar #SIETYP. Exportera en SIE-fil av typ 4."))
    number, fields = types[0]
    value = fields[0] if fields else ""
    if value not in SIE_TYPES:
        raise _error_line(
            _("okänd #SIETYP ”%(value)s”; Styrkort läser SIE typ 1–4.") % {"value": value},
            number,
        )
    return value


def _amounts(frame: pd.DataFrame) -> pd.DataFrame:
    """#PSALDO, #PBUDGET and #TRANS as one frame of amounts (see LedgerFile.rows)."""
    label = frame["label"]
    for name in ("f1", "f3", "f5"):  # never an object list of a record the portal sums
        frame[name] = frame[name].str.strip('"')
    # A voucher row without a date of its own has its voucher's (#VER serie nr datum).
    ver_date = frame["f3"].where(label == "#VER").ffill()
    trans = frame[label == TRANS_LABEL]
    trans_date = trans["f4"].where(trans["f4"] != "", ver_date[label == TRANS_LABEL])
    balances = frame[label.isin(BALANCE_LABELS)]
    parts = [
        _part(
            trans,
            source="TRANS",
            account=trans["f1"],
            objects=trans["f2"],
            amount=trans["f3"],
            when=trans_date.fillna(""),
            when_length=8,
            what=_("#TRANS ska ange konto, objektlista, belopp och datum (ÅÅÅÅMMDD)"),
        ),
        _part(
            balances,
            source=balances["label"].str.removeprefix("#"),
            account=balances["f3"],
            objects=balances["f4"],
            amount=balances["f5"],
            when=balances["f2"],
            when_length=6,
            what=_(
                "#PSALDO och #PBUDGET ska ange årsnummer, period (ÅÅÅÅMM), konto, "
                "objektlista och belopp"
            ),
        ),
    ]
    rows = pd.concat(parts, ignore_index=True)
    rows["budget"] = rows["source"] == "PBUDGET"
    return rows


def _part(
    frame: pd.DataFrame,
    *,
    source: str | pd.Series,
    account: pd.Series,
    objects: pd.Series,
    amount: pd.Series,
    when: pd.Series,
    when_length: int,
    what: str,
) -> pd.DataFrame:
    """Validate and convert one label's fields, all rows at once; the first bad row's
    line is named."""
    when = when.str.strip('"')
    accounts = pd.to_numeric(account, errors="coerce")
    amounts = pd.to_numeric(amount.where(amount.str.fullmatch(_AMOUNT.pattern)), errors="coerce")
    whens = pd.to_numeric(when.where(when.str.len() == when_length), errors="coerce")
    scale = 10_000 if when_length == 8 else 100
    months = (whens // (scale // 100)) % 100 if when_length == 8 else whens % 100
    bad = accounts.isna() | amounts.isna() | whens.isna() | ~months.between(1, 12)
    if bad.any():
        first = frame.loc[bad[bad].index[0]]
        raise _error_line(what + ".", int(first["line"]))
    return pd.DataFrame(
        {
            "source": source,
            "account": accounts.astype("int64"),
            "objects": objects,
            "year": (whens // scale).astype("int64"),
            "month": months.astype("int64"),
            "amount": np.rint(amounts.to_numpy(dtype="float64") * 100).astype("int64"),
            "line": frame["line"].astype("int64"),
        }
    )
