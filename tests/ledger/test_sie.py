"""Reading SIE 4: the records the portal sums, CP437, and a Swedish error naming the line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ledger.sie import (
    _KEYS,
    SieError,
    _amounts,
    _exact_frame,
    _fast_amounts,
    _Lines,
    object_pairs,
    read_sie,
)
from tests.ledger.conftest import sie

TRANS = """#KONTO 5010 "Löner för tjänstemän"
#OBJEKT 1 "100" "Ansvar Östra"
#VER A 1 20210115 "Lön januari"
{
   #TRANS 5010 {1 "100"} 1000.50
   #TRANS 5010 {1 "100" 6 "P1"} 200.25 20210220 "Lön, tillägg" 0
   #TRANS 2440 {} -1200.75
}
"""


def test_trans_rows_take_the_voucher_date_unless_they_have_their_own() -> None:
    ledger = read_sie(sie(TRANS))
    rows = ledger.rows.sort_values("line")
    assert list(rows["account"]) == [5010, 5010, 2440]
    assert list(rows["amount"]) == [100050, 20025, -120075]  # öre
    assert list(rows["month"]) == [1, 2, 1]
    assert list(rows["year"]) == [2021, 2021, 2021]
    assert list(rows["source"]) == ["TRANS"] * 3
    assert list(rows["line"]) == [10, 11, 12]


def test_cp437_names_are_read_with_their_swedish_letters() -> None:
    ledger = read_sie(sie(TRANS))
    assert ledger.accounts == {5010: "Löner för tjänstemän"}
    assert ledger.objects == {(1, "100"): "Ansvar Östra"}
    assert ledger.dimensions == {1: "Ansvar"}
    assert ledger.sie_type == "4"


def test_psaldo_and_pbudget_are_read_per_period_and_object() -> None:
    body = (
        '#PSALDO 0 202101 5010 {1 "100"} 500.00 0\n'
        "#PSALDO 0 202102 5010 {} 700.00\n"
        '#PBUDGET 0 202103 3010 {1 "200"} -90.5 0\n'
    )
    rows = read_sie(sie(body)).rows.sort_values("line")
    assert list(rows["source"]) == ["PSALDO", "PSALDO", "PBUDGET"]
    assert list(rows["budget"]) == [False, False, True]
    assert list(rows["month"]) == [1, 2, 3]
    assert list(rows["objects"]) == ['1 "100"', "", '1 "200"']
    assert list(rows["amount"]) == [50000, 70000, -9050]


def test_wrong_format_is_refused_naming_the_line() -> None:
    with pytest.raises(SieError) as refused:
        read_sie(sie("", head="#FLAGGA 0\n#FORMAT UTF8\n#SIETYP 4\n"))
    assert refused.value.line == 2
    assert "Rad 2" in refused.value.message and "PC8" in refused.value.message


def test_unknown_sie_type_is_refused_naming_the_line() -> None:
    with pytest.raises(SieError) as refused:
        read_sie(sie("", head="#FLAGGA 0\n#FORMAT PC8\n#SIETYP 7\n"))
    assert "Rad 3" in refused.value.message and "#SIETYP" in refused.value.message


def test_a_trans_row_that_does_not_parse_is_refused_naming_the_line() -> None:
    body = '#VER A 1 20210115\n{\n   #TRANS 5010 {1 "100"} 12,50\n}\n'
    with pytest.raises(SieError) as refused:
        read_sie(sie(body))
    assert refused.value.line == 8
    assert "Rad 8" in refused.value.message and "#TRANS" in refused.value.message


@pytest.mark.parametrize(
    "record",
    ['   #TRANS 5010 {1 "100"} 12.50 20211305', '#PSALDO 0 202113 5010 {1 "100"} 12.50'],
    ids=["trans", "psaldo"],
)
def test_a_month_that_is_not_1_to_12_is_refused_naming_the_line(record: str) -> None:
    body = f'#VER A 1 20210115\n{{\n   #TRANS 5010 {{1 "100"}} 1.00\n{record}\n}}\n'
    content = sie(body)
    assert _fast_amounts(_Lines.of(content)) is None  # left to the exact path, which …
    with pytest.raises(SieError) as refused:
        read_sie(content)
    assert refused.value.line == 9  # … names the line


def test_voucher_rows_all_dated_by_their_voucher_are_read_by_the_fast_path() -> None:
    body = (
        '#VER A 1 20210115\n{\n   #TRANS 5010 {1 "100"} 1.00\n   #TRANS 2440 {} -1.00\n}\n'
        '#VER A 2 20210302\n{\n   #TRANS 5010 {1 "100"} 2.50\n}\n'
    )
    content = sie(body)
    fast = _fast_amounts(_Lines.of(content))
    assert fast is not None  # no line has a date: read without that field
    assert list(fast["month"]) == [1, 1, 3]
    assert _as_text(fast) == _as_text(_amounts(_exact_frame(content.decode("cp437"))))


def test_a_row_with_its_own_date_keeps_it_beside_an_empty_date() -> None:
    """An empty date ("") is not a missing field: the row dated by itself keeps its own
    month, whichever path reads the file."""
    body = (
        '#VER A 1 20210115\n{\n   #TRANS 5010 {1 "100"} 1.00 "" "utan datum"\n'
        '   #TRANS 5010 {1 "100"} 2.00 20210220 "eget datum"\n}\n'
    )
    content = sie(body)
    assert _fast_amounts(_Lines.of(content)) is not None  # "" reads as no date
    rows = read_sie(content).rows.sort_values("line")
    assert list(rows["month"]) == [1, 2]
    exact = _amounts(_exact_frame(content.decode("cp437")))
    assert list(exact.sort_values("line")["month"]) == [1, 2]


def test_a_line_without_a_label_is_refused_naming_it() -> None:
    body = '#VER A 1 20210115\n{\n   #TRANS 5010 {1 "100"} 12.50\nnågot annat\n}\n'
    with pytest.raises(SieError) as refused:
        read_sie(sie(body))
    assert refused.value.line == 9


def test_a_brace_inside_a_quoted_text_is_read_exactly() -> None:
    body = '#VER A 1 20210115 "Faktura {12"\n{\n   #TRANS 5010 {1 "100"} 12.50\n}\n'
    content = sie(body)
    assert _fast_amounts(_Lines.of(content)) is None  # the C tokenizer's trick cannot …
    rows = read_sie(content).rows  # … so the exact path reads it
    assert list(rows["amount"]) == [1250] and list(rows["month"]) == [1]


def test_the_fast_and_the_exact_reader_agree_on_the_demo_file() -> None:
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.BASE_DIR) / "fixtures/ledger/region-norrbotten-2021-T1.se"
    content = path.read_bytes()
    fast = _fast_amounts(_Lines.of(content))
    assert fast is not None
    fast_rows = fast.reset_index(drop=True)
    exact_rows = _amounts(_exact_frame(content.decode("cp437"))).reset_index(drop=True)
    assert len(fast_rows) == 824 - 56  # every record but the vouchers' #VER
    assert fast_rows.astype(str).equals(exact_rows.astype(str))


def test_object_lists_are_read_as_dimension_and_object() -> None:
    assert object_pairs('1 "100" 6 "P 1"') == [(1, "100"), (6, "P 1")]
    assert object_pairs("") == []
    assert object_pairs('"1" 100') == [(1, "100")]
    assert object_pairs("1") is None


TRICKY = """#KONTO 5010 "Löner"
#OBJEKT 1 "Ö1" "Östra"
#VER A 1 20210115 "Faktura {12"
{
\t#TRANS 5010 {1 "Ö1"} 100.50
   #TRANS 5010 {1 "100" 6 "P 1"} 200.25 20210220 "Lön, tillägg #2" 0
   #TRANS 2440 {} -301
}

#VER A 2 20210310 "Mars"
{
   #TRANS 5010 {1 "100"} 5.00 "" "tom dag"
   #RTRANS 5010 {1 "100"} 5.00
   #BTRANS 5010 {1 "100"} 7.00
}
#PSALDO 0 202101 5010 {1 "100"} 500.00 0
#PBUDGET 0 202103 3010 {} -90.5
"""


def _as_text(rows: pd.DataFrame) -> list[dict[str, object]]:
    """The rows in the file's order, the categories as text (the paths' dtypes differ)."""
    return rows.astype({"source": str, "objects": str}).sort_values("line").to_dict("records")


def test_the_fast_path_and_the_exact_path_read_every_record_alike() -> None:
    """Tabs, an empty line, dates from the voucher, Swedish object codes, texts with
    braces and #, #RTRANS/#BTRANS skipped: whichever path reads it, the same sums."""
    from ledger.sie import summed

    content = sie(TRICKY)
    exact = summed(_amounts(_exact_frame(content.decode("cp437"))))
    read = read_sie(content).rows
    assert _as_text(read) == _as_text(exact)
    trans = read[read["source"] == "TRANS"].astype({"objects": str})
    assert list(zip(trans["objects"], trans["month"], trans["amount"], strict=True)) == [
        ('1 "Ö1"', 1, 10050),
        ('1 "100" 6 "P 1"', 2, 20025),
        ("", 1, -30100),
        ('1 "100"', 3, 500),
    ]


def test_a_file_read_in_pieces_gives_the_same_rows_and_line_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ledger import sie as module

    voucher = (
        '#VER A {n} 202102{day:02d} "V"\n{{\n   #TRANS 5010 {{1 "100"}} {n}.25\n'
        '   #TRANS 3010 {{1 "200"}} -{n}.25 202103{day:02d}\n}}\n'
    )
    body = "".join(voucher.format(n=n, day=1 + n % 28) for n in range(1, 400))
    content = sie(body)
    whole = read_sie(content).rows
    monkeypatch.setattr(module, "_PIECE", 1_000)
    monkeypatch.setattr(module, "_cores", lambda: 3)
    assert len(module._pieces(content)) == 3
    assert _as_text(read_sie(content).rows) == _as_text(whole)
    assert whole["rows"].sum() == 2 * 399
    assert list(whole.sort_values("line")["line"])[:2] == [
        8,
        9,
    ]  # after the five lines of HEAD and the #VER, {
    # A record in the last piece is named by its line in the file.
    broken = sie(body + '#KONTO "Utan nummer"\n')
    assert len(module._pieces(broken)) == 3
    with pytest.raises(SieError) as refused:
        read_sie(broken)
    assert (
        refused.value.line == broken.decode("cp437").splitlines().index('#KONTO "Utan nummer"') + 1
    )


@pytest.mark.parametrize(
    "blanks",
    [
        {},
        # No tab: the lines are split at single spaces (the tokenizer's faster mode), so
        # runs of spaces, blanks at the end and indented lines must read the same.
        {"\t": "    ", "5010 {1": "5010   {1", " 100.50": " 100.50  ", "-301": "-301 "},
        # ASCII only: read as UTF-8.
        {"\t": " ", "Ö1": "O1", "Lön": "Lon", "tillägg": "tillagg"},
        # A tab right after the label, which the tokenizer does not get.
        {"#TRANS 2440": "#TRANS\t2440", "#VER A 2": "#VER\tA 2"},
    ],
    ids=["tabs", "spaces", "ascii", "tab-after-label"],
)
def test_the_fast_path_reads_what_exporters_write(blanks: dict[str, str]) -> None:
    """Tabs, an empty line, rows dated by their voucher (no date, or ""), Swedish object
    codes, a text with # and blanks, #RTRANS/#BTRANS: read by the fast path, as the exact
    path reads them."""
    body = TRICKY.replace("Faktura {12", "Faktura 12")
    for old, new in blanks.items():
        assert old in body
        body = body.replace(old, new)
    content = sie(body)
    fast = _fast_amounts(_Lines.of(content))
    assert fast is not None
    exact = _amounts(_exact_frame(content.decode("cp437")))
    assert _as_text(fast) == _as_text(exact)


def test_summed_equals_pandas_groupby_also_when_the_keys_are_many() -> None:
    """80 000 rows, 40 000 values in every key but the source (more key combinations
    than an int64 holds), each group twice: summed gives pandas' sums, in the file's
    order."""
    from ledger.sie import summed

    n = 80_000
    order = np.random.default_rng(17).permutation(n)
    values = order % 40_000  # every value twice, far apart
    rows = pd.DataFrame(
        {
            "source": pd.Categorical(np.where(values % 2, "TRANS", "PSALDO")),
            "account": values * 7,
            "objects": pd.Categorical([f'1 "{v}"' for v in values]),
            "year": 2000 + values,
            "month": values + 1,
            "amount": np.arange(n) - 40_000,
            "line": np.arange(1, n + 1),
        }
    )
    expected = (
        rows.assign(rows=1)
        .groupby(_KEYS, observed=True, sort=False)
        .agg(amount=("amount", "sum"), rows=("rows", "sum"), line=("line", "min"))
        .reset_index()
        .sort_values("line", ignore_index=True)
    )
    got = summed(rows)
    assert len(got) == 40_000 and list(got["rows"].unique()) == [2]
    assert _as_text(got.drop(columns="budget")) == _as_text(expected)
