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

Speed: a year's ledger is a million ``#TRANS`` rows, and splitting that many lines in
Python costs seconds. The fast path tells every line's kind with numpy on the bytes,
has pyarrow copy out one label's lines (from after the label), and pandas' C tokenizer
split and convert them (blank separated, the braces of an object list made the quote
character), in pieces on as many cores as there are; only the distinct object lists
and the few text records are read in Python. That trick cannot express every file the
standard allows (a quoted account, a brace inside a quoted text that joins lines, an
amount that is not a number); then the exact path reads the file line by line to the
same rows, and names a bad line.
"""

from __future__ import annotations

import itertools
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import pyarrow as pa
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
    """What a ledger file holds: its amounts summed per month, and the names it gives.

    ``rows`` has one row per ``source`` (PSALDO, PBUDGET, TRANS or the file kind of a
    CSV), ``account`` (int), ``objects`` (the object list as written, e.g.
    ``1 "4100"``; a CSV gives ``1 "<ansvar>"``), ``year`` and ``month``: ``amount``
    (öre, int64, as booked: debit positive, summed), ``rows`` (how many amounts the
    sum holds), ``line`` (the first of them) and ``budget`` (bool). A year's million
    voucher rows become a few hundred; see ``summed``.
    """

    rows: pd.DataFrame
    accounts: dict[int, str] = field(default_factory=dict)
    dimensions: dict[int, str] = field(default_factory=dict)
    objects: dict[tuple[int, str], str] = field(default_factory=dict)
    sie_type: str = ""


_KEYS = ["source", "account", "objects", "year", "month"]


def summed(rows: pd.DataFrame) -> pd.DataFrame:
    """Amounts (one per row, or sums with ``rows``) summed as LedgerFile.rows has them,
    in the order of the file.

    A million voucher rows fall into a few hundred groups. pandas' groupby over the five
    keys took a tenth of reading a file; here the keys are one int64 code per row
    (``_groups``), and numpy sums per code."""
    group, first = _groups(rows)
    amount = np.zeros(len(first), dtype=np.int64)
    np.add.at(amount, group, rows["amount"].to_numpy(dtype=np.int64))
    count = np.zeros(len(first), dtype=np.int64)
    np.add.at(count, group, rows["rows"].to_numpy(dtype=np.int64) if "rows" in rows else 1)
    line = np.full(len(first), np.iinfo(np.int64).max)
    np.minimum.at(line, group, rows["line"].to_numpy(dtype=np.int64))
    out = rows[_KEYS].iloc[first].reset_index(drop=True)
    out["amount"], out["rows"], out["line"] = amount, count, line
    out = out.sort_values("line", ignore_index=True)
    out["budget"] = out["source"] == "PBUDGET"
    return out


def _groups(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row its group of equal keys (_KEYS), the groups numbered in the order they
    first appear, and each group's first row."""
    key, size = np.zeros(len(rows), dtype=np.int64), 1
    for name in _KEYS:
        column = rows[name]
        if isinstance(column.dtype, pd.CategoricalDtype):  # codes from −1 (none)
            codes, count = column.cat.codes.to_numpy() + 1, len(column.cat.categories) + 1
        else:
            codes, uniques = pd.factorize(column.to_numpy(), sort=False, use_na_sentinel=False)
            count = len(uniques)
        if size * count >= 2**62:  # the key would overflow: renumber the groups so far
            key, uniques = pd.factorize(key, sort=False)
            size = len(uniques)
        key, size = key * count + codes, size * max(count, 1)
    group, uniques = pd.factorize(key, sort=False)
    first = np.full(len(uniques), len(rows), dtype=np.int64)
    np.minimum.at(first, group, np.arange(len(rows)))
    return group, first


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


# ------------------------------------------------------------------- the fast path

_NEWLINE, _RETURN, _SPACE, _TAB, _HASH, _NOT_ASCII = 10, 13, 32, 9, 35, 128
_OPEN, _CLOSE = ord("{"), ord("}")
# The sentinel after the file: every line ends in a newline, and reading a label a few
# bytes past the last one stays inside the buffer.
_PADDING = b"\n" * 16


@dataclass(frozen=True)
class _Lines:
    """The file's bytes, and per line the offsets of its first byte and of its first
    byte that is not a blank: enough to tell every line's kind with numpy, without a
    Python loop over lines. A line is one of ``text.split("\n")``."""

    content: bytes  # the file
    offset: int  # where the piece starts in it
    data: np.ndarray  # uint8, the piece of the file ("}" made "{") and _PADDING
    before: int  # the lines of the file before the piece
    start: np.ndarray  # int64, one per line
    first: np.ndarray  # int64, one per line
    records: np.ndarray  # the lines whose first byte is "#"
    heads: np.ndarray  # their first eight bytes, as a little-endian uint64 each

    @classmethod
    def of(cls, content: bytes, start: int = 0, end: int | None = None, before: int = 0) -> _Lines:
        """The lines of ``content[start:end]``, the first of them the file's ``before + 1``."""
        size = (len(content) if end is None else end) - start
        piece = np.frombuffer(content, dtype=np.uint8, count=size, offset=start)
        data = np.empty(size + len(_PADDING), dtype=np.uint8)
        # Copied with an object list's closing brace made its opening one ("}" is "{" + 2):
        # one quote character for the C tokenizer (``_fast_records``); the texts are
        # decoded from ``content``.
        brace = (piece == _CLOSE).view(np.uint8)
        np.subtract(piece, brace * np.uint8(_CLOSE - _OPEN), out=data[:size])
        data[size:] = _NEWLINE
        ends = np.flatnonzero(data[: size + 1] == _NEWLINE)
        starts = np.concatenate(([0], ends[:-1] + 1))
        first = starts.copy()
        indented = np.flatnonzero(_blank(data[first]))
        while len(indented):  # one step per column of indentation, on indented lines
            first[indented] += 1
            indented = indented[_blank(data[first[indented]])]
        records = np.flatnonzero(data[first] == _HASH)
        # Every byte offset read as the start of eight bytes (a view, no copy): a label is
        # then told by one comparison per record, not one per byte of the label.
        words = np.ndarray(shape=(len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
        return cls(content, start, data, before, starts, first, records, words[first[records]])

    def numbers(self, lines: np.ndarray) -> np.ndarray:
        """The file's line numbers (from 1) of the piece's lines in ``lines``."""
        return np.flatnonzero(lines) + 1 + self.before

    @property
    def size(self) -> int:
        return len(self.data) - len(_PADDING)

    def labelled(self, *labels: str) -> np.ndarray:
        """Per line: is it a record of one of ``labels`` (the label, then a blank or the
        line's end)?"""
        mask = np.zeros(len(self.first), dtype=bool)
        records, heads = self.records, self.heads
        if len(labels) > 1:  # first the few records that share a label's second byte
            seconds = np.isin(heads & np.uint64(0xFF00), [ord(label[1]) << 8 for label in labels])
            records, heads = records[seconds], heads[seconds]
        for label in labels:
            word = label.encode("ascii")
            assert len(word) <= 8, label  # every label the portal reads fits in a head
            bits = np.uint64((1 << 8 * len(word)) - 1)
            lines = records[heads & bits == np.uint64(int.from_bytes(word, "little"))]
            after = self.data[self.first[lines] + len(label)]
            mask[lines[_blank(after) | (after == _RETURN) | (after == _NEWLINE)]] = True
        return mask

    def only_records(self) -> bool:
        """Is every line a record, a voucher's brace alone or blank (as the standard
        asks)?"""
        lead = self.data[self.first]
        then = self.data[self.first + 1]
        end = then == _NEWLINE
        line_end = (lead == _NEWLINE) | ((lead == _RETURN) & end)
        brace = ((lead == _OPEN) | (lead == _CLOSE)) & (end | (then == _RETURN))
        return bool((line_end | brace | (lead == _HASH)).all())

    def kept(self, keep: np.ndarray, skip: int = 0) -> pa.Buffer:
        """The lines in ``keep``, each with its newline, as one buffer; ``skip``: the bytes
        of each from its first that is not a blank not included (its label, a fifth of a
        #TRANS line the C tokenizer then does not read). pyarrow copies them in C++: a
        binary array whose every other element is a kept line, filtered."""
        lines = np.flatnonzero(keep)
        if not len(lines):
            return pa.py_buffer(b"")
        bounds = np.empty(2 * len(lines), dtype=np.int64)
        bounds[0::2] = self.first[lines] + skip
        bounds[1::2] = np.append(self.start[1:], self.size)[lines]
        every_other = np.zeros(len(bounds) - 1, dtype=bool)
        every_other[0::2] = True
        taken = pa.LargeBinaryArray.from_buffers(
            pa.large_binary(),
            len(bounds) - 1,
            [None, pa.py_buffer(bounds), pa.py_buffer(self.data)],
        ).filter(pa.array(every_other))
        offsets = np.frombuffer(taken.buffers()[1], dtype=np.int64)
        return taken.buffers()[2].slice(int(offsets[0]), int(offsets[-1] - offsets[0]))

    def text(self, line: int) -> str:
        """A line as the file has it, from its first byte that is not a blank."""
        begin = self.offset + int(self.first[line])
        end = self.offset + (int(self.start[line + 1]) if line + 1 < len(self.start) else self.size)
        return self.content[begin:end].decode("cp437")


def _blank(values: np.ndarray) -> np.ndarray:
    return (values == _SPACE) | (values == _TAB)


def _fast_records(
    lines: _Lines, keep: np.ndarray, columns: dict[str, str | None], *, label: str = ""
) -> pd.DataFrame | None:
    """The records of the lines in ``keep`` split into fields by pandas' C tokenizer,
    ``columns`` naming the first fields with their dtype (None: not read; later fields
    are dropped), and a ``line`` column; None when the C tokenizer cannot read them as
    the exact path would (a field is quoted, missing where a number is required, or not
    a number), and then the exact path reads the file. ``label``: the label every line
    in ``keep`` has; it is not given to the tokenizer, and ``columns`` start after it.

    The trick: the braces of an object list become the quote character, so that
    ``{1 "4100" 6 "P12"}`` is one field. A quoted text is not a field the fast path
    reads; a brace in one that joins lines changes the count of rows."""
    buffer = lines.kept(keep, skip=len(label))
    kept = np.frombuffer(buffer, dtype=np.uint8)
    if not len(kept):
        return None  # no such record (a voucher row without a voucher)
    try:
        frame = _tokenized(buffer, kept, columns)
    except (pd.errors.ParserError, ValueError) as error:
        *leading, (last, kind) = columns.items()
        # No line has the last field, which may be missing (a file whose voucher rows
        # are all dated by their voucher): the others, and NaN. Only on the tokenizer's
        # "fewer fields than columns": a field that does not convert (an empty date "")
        # goes to the exact path, or rows with their own dates would lose them.
        if kind != "float64" or not str(error).startswith(_FEWER_FIELDS):
            return None
        try:
            frame = _tokenized(buffer, kept, dict(leading)).assign(**{last: np.nan})
        except (pd.errors.ParserError, ValueError):
            return None
    numbers = lines.numbers(keep)
    if len(frame) != len(numbers):
        return None  # a brace in a quoted text joined lines
    for name, dtype in columns.items():
        if dtype == "category":  # the few distinct values, as CP437
            values = frame[name].cat.categories
            frame[name] = frame[name].cat.rename_categories(
                [str(v).encode("latin-1").decode("cp437") for v in values]
            )
    frame["line"] = numbers
    return frame


# The start of pandas' message when no line has as many fields as the columns ask.
_FEWER_FIELDS = "Too many columns specified"


def _tokenized(buffer: pa.Buffer, kept: np.ndarray, columns: dict[str, str | None]) -> pd.DataFrame:
    """The C tokenizer's frame of ``columns`` (see ``_fast_records``); raises ParserError
    or ValueError when it cannot read them, e.g. a line has fewer fields."""
    read = {name: dtype for name, dtype in columns.items() if dtype}
    frame: pd.DataFrame = pd.read_csv(
        pa.BufferReader(buffer),  # read from pyarrow's memory, not copied again
        # Fields apart by spaces, as exporters write them: one separator character is
        # a third faster in the tokenizer than the pattern, which a tab needs.
        # (A tab is the only blank below the newline: the smallest byte tells.)
        **({"sep": r"\s+"} if kept.min() <= _TAB else {"sep": " ", "skipinitialspace": True}),
        quotechar="{",
        header=None,
        names=list(columns),
        # Later fields are dropped, not taken as the index (index_col=False).
        index_col=False,
        usecols=[position for position, dtype in enumerate(columns.values()) if dtype],
        dtype=read,
        # A missing number is NaN, and so is an empty quoted one (a voucher row's date
        # "": its voucher's, as the exact path reads it); nothing else is.
        keep_default_na=False,
        na_values={name: ["", '""'] for name, dtype in read.items() if dtype == "float64"},
        # ASCII is read as UTF-8, the tokenizer's fast path; lines with CP437 letters
        # as Latin-1, one byte one character, decoded as CP437 in ``_fast_records``.
        encoding="latin-1" if kept.max() >= _NOT_ASCII else "utf-8",
        engine="c",
    )
    return frame


def _finite(amounts: pd.Series) -> bool:
    return bool(np.isfinite(amounts.to_numpy(dtype="float64")).all())


# The fields the fast path reads per label, with the dtype the C tokenizer converts
# them to (a field that does not convert sends the file to the exact path; None: not
# read), after the label when the lines share one. A date is read as a float: it may be
# missing, then the voucher's date is used.
_TRANS_COLUMNS: dict[str, str | None] = {
    "account": "int64",
    "objects": "category",
    "amount": "float64",
    "date": "float64",
}
_BALANCE_COLUMNS: dict[str, str | None] = {
    "label": "category",
    "year_number": "int64",
    "period": "int64",
    "account": "int64",
    "objects": "category",
    "amount": "float64",
}
_VOUCHER_COLUMNS: dict[str, str | None] = {
    "series": None,
    "number": None,
    "date": "int64",
}


def _fast_trans(lines: _Lines, keep: np.ndarray) -> pd.DataFrame | None:
    trans = _fast_records(lines, keep, _TRANS_COLUMNS, label=TRANS_LABEL)
    if trans is None or not _finite(trans["amount"]):
        return None
    own = trans["date"].to_numpy()
    if np.isnan(own).any():  # a voucher row without a date has its voucher's
        dates = _voucher_dates(lines, trans["line"].to_numpy())
        if dates is None:
            return None
        own = np.where(np.isnan(own), dates, own)
    if not (own == np.floor(own)).all():
        return None
    date = own.astype("int64")
    if not ((date >= 1000_01_01) & (date <= 9999_12_31)).all():
        return None
    return _fast_part(trans, "TRANS", year=date // 10_000, month=date // 100 % 100)


def _fast_balances(lines: _Lines, keep: np.ndarray) -> pd.DataFrame | None:
    balances = _fast_records(lines, keep, _BALANCE_COLUMNS)
    if balances is None or not _finite(balances["amount"]):
        return None
    period = balances["period"].to_numpy()
    if not ((period >= 1000_01) & (period <= 9999_12)).all():
        return None
    source = balances["label"].cat.rename_categories(
        [str(label).removeprefix("#") for label in balances["label"].cat.categories]
    )
    return _fast_part(balances, source, year=period // 100, month=period % 100)


def _fast_amounts(lines: _Lines) -> pd.DataFrame | None:
    """#TRANS (dated by itself or its voucher), #PSALDO and #PBUDGET, one row per amount
    for ``summed``, read by the fast path; None when any of them needs the exact path."""
    trans = lines.labelled(TRANS_LABEL)
    balances = lines.labelled(*BALANCE_LABELS)
    read = [
        *([_fast_trans(lines, trans)] if trans.any() else []),
        *([_fast_balances(lines, balances)] if balances.any() else []),
    ]
    parts = [part for part in read if part is not None]
    if len(parts) < len(read):
        return None
    if not parts:
        return _empty_rows()
    if len(parts) == 1:
        return parts[0]
    rows = pd.concat(parts, ignore_index=True)
    for column in ("source", "objects"):  # concat drops categories that differ
        rows[column] = pd.api.types.union_categoricals(
            [pd.Categorical(part[column]) for part in parts]
        )
    return rows


def _fast_part(
    frame: pd.DataFrame, source: str | pd.Series, *, year: np.ndarray, month: np.ndarray
) -> pd.DataFrame | None:
    """One label's records as rows for ``summed``; None when a month is not 1–12."""
    if not ((month >= 1) & (month <= 12)).all():
        return None
    columns = {
        "source": (
            pd.Categorical.from_codes(np.zeros(len(frame), dtype="int8"), [source])
            if isinstance(source, str)
            else source
        ),
        "account": frame["account"].to_numpy(),
        "objects": frame["objects"],
        "year": year,
        "month": month,
        "amount": np.rint(frame["amount"].to_numpy(dtype="float64") * 100).astype("int64"),
        "line": frame["line"].to_numpy(),
    }
    return pd.DataFrame(columns, copy=False)  # the arrays are this frame's alone


def _voucher_dates(lines: _Lines, trans_lines: np.ndarray) -> np.ndarray | None:
    """Per #TRANS line, the date of the #VER above it; None when a voucher needs the
    exact reader (or a row has no voucher)."""
    vouchers = _fast_records(lines, lines.labelled("#VER"), _VOUCHER_COLUMNS, label="#VER")
    if vouchers is None:
        return None
    above = np.searchsorted(vouchers["line"].to_numpy(), trans_lines) - 1
    if (above < 0).any():
        return None
    dates: np.ndarray = vouchers["date"].to_numpy()[above]
    return dates


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": pd.Categorical([]),
            "account": np.array([], dtype="int64"),
            "objects": pd.Categorical([]),
            "year": np.array([], dtype="int64"),
            "month": np.array([], dtype="int64"),
            "amount": np.array([], dtype="int64"),
            "line": np.array([], dtype="int64"),
        }
    )


# ------------------------------------------------------------------- the exact path


def _exact_frame(text: str) -> pd.DataFrame:
    """Every record's label and first five fields, one line at a time (any file the
    standard allows); a line that is neither a record, a brace nor blank is refused."""
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


_TEXT_LABELS = ("#KONTO", "#DIM", "#OBJEKT", "#FORMAT", "#SIETYP")


def _text_records(lines: _Lines) -> dict[str, list[tuple[int, list[str]]]]:
    """#KONTO, #DIM, #OBJEKT, #FORMAT and #SIETYP records, read exactly (their quoted
    names may hold blanks); few lines, so Python is fine."""
    out: dict[str, list[tuple[int, list[str]]]] = {}
    for index in np.flatnonzero(lines.labelled(*_TEXT_LABELS)):
        label, *fields = tokens(lines.text(int(index)).strip())
        out.setdefault(label, []).append((int(index) + 1 + lines.before, fields))
    return out


# ------------------------------------------------------------------------ reading

# A file is read in pieces of at least this size, one per core.
_PIECE = 4_000_000


@dataclass(frozen=True)
class _Piece:
    """What the fast path read of a piece of the file, its lines numbered from the
    piece's first (``after`` numbers them in the file)."""

    only_records: bool
    records: dict[str, list[tuple[int, list[str]]]]
    rows: pd.DataFrame | None  # summed; None: the exact path reads the file
    newlines: int  # the piece's lines

    def after(self, before: int) -> _Piece:
        """The piece with its lines numbered in the file, ``before`` lines above it."""
        records = {
            label: [(number + before, fields) for number, fields in found]
            for label, found in self.records.items()
        }
        rows = None if self.rows is None else self.rows.assign(line=self.rows["line"] + before)
        return replace(self, records=records, rows=rows)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def _pieces(content: bytes) -> list[tuple[int, int]]:
    """(start, end) of each piece. A piece starts at a voucher where it can, so that its
    rows without a date find their voucher's in the same piece."""
    count = max(1, min(_cores(), len(content) // _PIECE))
    bounds = [0]
    for number in range(1, count):
        at = len(content) * number // count
        cut = content.find(b"\n#VER", at)
        cut = content.find(b"\n", at) if cut < 0 else cut
        if cut >= bounds[-1]:
            bounds.append(cut + 1)
    bounds.append(len(content))
    return list(itertools.pairwise(bounds))


def _read_piece(content: bytes, start: int, end: int) -> _Piece:
    lines = _Lines.of(content, start, end)
    # Lines end in a newline; the padding's first ends the last line.
    newlines = len(lines.start) - 1
    if not lines.only_records():
        return _Piece(only_records=False, records={}, rows=None, newlines=newlines)
    rows = _fast_amounts(lines)
    return _Piece(
        only_records=True,
        records=_text_records(lines),
        rows=None if rows is None else summed(rows),
        newlines=newlines,
    )


def _numbered(pieces: list[_Piece]) -> list[_Piece]:
    """The pieces with their lines numbered in the file: each piece counted its own lines
    while it was read, instead of a count over the whole file before."""
    out, before = [], 0
    for piece in pieces:
        out.append(piece.after(before) if before else piece)
        before += piece.newlines
    return out


def read_sie(content: bytes) -> LedgerFile:
    """The amounts and names of a SIE file (types 1–4); SieError naming the line.

    The fast path reads the amounts of a file whose records are written as exporters
    write them, in pieces on as many cores as there are; any other file the standard
    allows is read by the exact path, which also names the line of an error."""
    content = content.removeprefix(b"\xef\xbb\xbf")  # a BOM some tools add
    if b"#SIETYP" not in content and b"#FLAGGA" not in content:
        raise SieError(
            _("Filen är ingen SIE-fil: #FLAGGA och #SIETYP saknas. Exportera en SIE 4-fil.")
        )
    pieces = _pieces(content)
    if len(pieces) == 1:
        read = [_read_piece(content, *pieces[0])]
    else:  # numpy, pyarrow and the C tokenizer release the GIL
        with ThreadPoolExecutor(len(pieces)) as pool:
            read = _numbered(list(pool.map(lambda piece: _read_piece(content, *piece), pieces)))
    if not all(piece.only_records for piece in read):
        _exact_frame(content.decode("cp437"))  # raises, naming the first line that is not a record
    records: dict[str, list[tuple[int, list[str]]]] = {}
    for piece in read:
        for label, found in piece.records.items():
            records.setdefault(label, []).extend(found)
    sie_type = _header(records)
    parts = [piece.rows for piece in read]
    if any(part is None for part in parts):
        rows = summed(_amounts(_exact_frame(content.decode("cp437"))))
    else:
        rows = parts[0] if len(parts) == 1 else summed(pd.concat(parts, ignore_index=True))
    ledger = LedgerFile(rows=rows, sie_type=sie_type)
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
    """#PSALDO, #PBUDGET and #TRANS, one row per amount for ``summed``, read exactly."""
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
    return pd.concat(parts, ignore_index=True)


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
