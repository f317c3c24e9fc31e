"""Ledger import of a SIE 4 file with 1 000 000 #TRANS rows, against pandas reading the
same rows from a CSV (the floor).

Writes (not timed) a generated SIE 4 file — vouchers of five rows over ten cost centres
of two divisions and six accounts, January–April 2021 — and a CSV of the same rows
(account, cost centre, amount, date, text, as pandas reads them). Then, in the same run:
the import (read the SIE file, sum per unit × category with the mapping, save through
the finance services in one transaction) and ``pandas.read_csv`` of the CSV, three times
each, interleaved, after reading the demo file once (a server has). Prints every run,
the best of each and `ratio:` = best import ÷ best floor. Goal ≤ 3.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

from _setup import django_setup

django_setup()

import pandas as pd  # noqa: E402

from finance.models import CostKind, FinanceFigure  # noqa: E402
from ledger.models import AccountRange, CostCentre, LedgerMapping  # noqa: E402
from ledger.selectors import aggregate, mapping_for  # noqa: E402
from ledger.services import ledger_import  # noqa: E402
from ledger.sie import read_sie  # noqa: E402
from tests import factories  # noqa: E402

ROWS = 1_000_000
ROUNDS = 3  # best of three, each side
ACCOUNTS = (3010, 3510, 5010, 5510, 6110, 7830)


def write_files(folder: Path) -> tuple[Path, Path]:
    rng = random.Random(17)
    sie = [
        "#FLAGGA 0",
        "#FORMAT PC8",
        "#SIETYP 4",
        "#RAR 0 20210101 20211231",
        '#DIM 1 "Ansvar"',
        *(f'#KONTO {a} "Konto {a} för övrigt"' for a in ACCOUNTS),
    ]
    csv = ["konto;ansvar;belopp;datum;text"]
    number = 0
    while number < ROWS:
        month, day = rng.randint(1, 4), rng.randint(1, 28)
        date = f"2021{month:02d}{day:02d}"
        sie += [f'#VER A {number // 5 + 1} {date} "Verifikation"', "{"]
        for _ in range(5):
            account, centre = rng.choice(ACCOUNTS), 100 + rng.randint(0, 9)
            amount = f"{rng.randint(-99_999_999, 99_999_999) / 100:.2f}"
            sie.append(f'   #TRANS {account} {{1 "{centre}"}} {amount} {date} "rad"')
            csv.append(f"{account};{centre};{amount};{date};rad")
            number += 1
        sie.append("}")
    sie_path, csv_path = folder / "ledger.se", folder / "ledger.csv"
    sie_path.write_bytes(("\r\n".join(sie) + "\r\n").encode("cp437"))
    csv_path.write_text("\n".join(csv) + "\n", encoding="utf-8")
    return sie_path, csv_path


def main() -> None:
    world: dict[str, Any] = factories.entry_world("bench-ledger")
    period = world["periods"]["T1"]
    year = period.year
    staff = factories.cost_category(year, "personal", CostKind.STAFF)
    other = factories.cost_category(year, "ovrigt", CostKind.OTHER)
    income = factories.cost_category(year, "intakter", CostKind.INCOME)
    mapping = LedgerMapping.objects.create(year=year)
    for first, last, category in ((3000, 3999, income), (5000, 5999, staff), (6000, 7999, other)):
        AccountRange.objects.create(mapping=mapping, first=first, last=last, category=category)
    for code in range(100, 110):
        unit = world["a"] if code < 105 else world["b"]
        CostCentre.objects.create(mapping=mapping, code=str(code), unit=unit)

    folder = Path(tempfile.mkdtemp())
    sie_path, csv_path = write_files(folder)
    content = sie_path.read_bytes()
    # Warm up (the server process has read a file before): the demo file, then time.
    demo = Path(__file__).resolve().parent.parent / "fixtures/ledger/region-norrbotten-2021-T1.se"
    read_sie(demo.read_bytes())

    floors, reads, imports = [], [], []
    for _round in range(ROUNDS):  # interleaved, so that both see the same machine
        start = time.perf_counter()
        pd.read_csv(csv_path, sep=";", dtype={"ansvar": str})
        floors.append(time.perf_counter() - start)

        start = time.perf_counter()
        ledger = read_sie(content)
        reads.append(time.perf_counter() - start)
        found = mapping_for(year)
        assert found is not None
        result = aggregate(ledger, found, period)
        done = ledger_import(actor=world["admin"], aggregation=result)
        imports.append(time.perf_counter() - start)
        assert ledger.rows["rows"].sum() == ROWS, ledger.rows["rows"].sum()
        assert not result.unmapped_accounts and not result.unmapped_cost_centres
        assert FinanceFigure.objects.count() == 6 and done.units == 2

    print(f"trans_rows: {ROWS}")
    print(f"sie_mb: {sie_path.stat().st_size / 1e6:.1f}")
    print(f"csv_mb: {csv_path.stat().st_size / 1e6:.1f}")
    print("runs_import_s: " + " ".join(f"{t:.3f}" for t in imports))
    print("runs_floor_s: " + " ".join(f"{t:.3f}" for t in floors))
    print(f"read_sie_s: {min(reads):.3f}")
    print(f"import_s: {min(imports):.3f}")
    print(f"floor_read_csv_s: {min(floors):.3f}")
    print(f"ratio: {min(imports) / min(floors):.2f}")


if __name__ == "__main__":
    main()
