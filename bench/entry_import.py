"""Excel import of 10 000 changed figures, against reading the same workbook's cells.

Builds one unit period with 10 000 measures (each with an outcome), exports it,
changes every outcome in the file (as a user would, with openpyxl; not timed), and
imports it: every row read, parsed, checked and written through ``outcome_set`` inside
one ``bulk_write``, with its audit record. The floor is reading every cell of every
sheet of the same file with the reader the import uses (python-calamine), the least
any import of the file can cost. Prints the export, the floor, the import and
`ratio:` = import seconds ÷ floor seconds, measured in the same run; for comparison
also openpyxl's read-only reader on the same cells (the import's reader before).
"""

from __future__ import annotations

import time
from io import BytesIO
from typing import Any

from _setup import django_setup

django_setup()

from openpyxl import load_workbook  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from scorecards.models import MeasureOutcome  # noqa: E402
from spreadsheets.exporters import unit_period_export  # noqa: E402
from spreadsheets.importers import unit_period_import  # noqa: E402
from tests import factories  # noqa: E402

N = 10_000


def read_calamine(content: bytes) -> int:
    """Every cell of every sheet as Python values: the floor."""
    book = CalamineWorkbook.from_filelike(BytesIO(content))
    cells = 0
    for name in book.sheet_names:
        cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    book.close()
    return cells


def read_openpyxl(content: bytes) -> int:
    book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    cells = sum(len(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True))
    book.close()
    return cells


def best_of(runs: int, read: Any, content: bytes) -> tuple[float, int]:
    """The fastest of a few runs: the floor is what reading costs, not the machine's noise."""
    times, cells = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        cells = read(content)
        times.append(time.perf_counter() - start)
    return min(times), cells


def main() -> None:
    world: dict[str, Any] = factories.entry_world("bench")
    factories.many_measures(world["a"], world["periods"]["T1"], N)
    controller, up = world["controller"], world["up"]

    start = time.perf_counter()
    content = unit_period_export(user=controller, unit_period=up)[2]
    export_s = time.perf_counter() - start

    book = load_workbook(BytesIO(content))
    ws = book["Styrkort"]
    column = next(c.column for c in ws[1] if c.value == "Utfall")
    for number in range(2, ws.max_row + 1):
        cell = ws.cell(number, column)
        cell.value = f"{cell.value},5"  # Swedish text, parsed like a typed "4,5"
    out = BytesIO()
    book.save(out)
    edited = out.getvalue()

    floor_s, cells = best_of(3, read_calamine, edited)
    openpyxl_s, _cells = best_of(1, read_openpyxl, edited)

    start = time.perf_counter()
    result = unit_period_import(user=controller, unit_period=up, content=edited)
    import_s = time.perf_counter() - start
    assert result.ok, result.errors[:5]
    assert result.changed["Styrkort"] == N, result.changed
    assert MeasureOutcome.objects.filter(version=2).count() == N

    print(f"rows: {N}")
    print(f"sheets: {len(book.sheetnames)}, cells: {cells}, file_kb: {len(edited) // 1024}")
    print(f"export_{N}_s: {export_s:.2f}")
    print(f"read_openpyxl_read_only_s: {openpyxl_s:.2f}")
    print(f"floor_read_calamine_s: {floor_s:.2f}")
    print(f"import_{N}_s: {import_s:.2f}")
    print(f"ratio_to_openpyxl_read: {import_s / openpyxl_s:.2f}")
    print(f"ratio: {import_s / floor_s:.2f}")


if __name__ == "__main__":
    main()
