"""Excel import of 10 000 changed figures, against the export of the same file.

Builds one unit period with 10 000 measures (each with an outcome), exports it,
changes every outcome in the file (as a user would, with openpyxl; not timed), and
imports it: every row parsed, checked and written through ``outcome_set`` inside one
``bulk_write``, with its audit record. Prints the absolute seconds of both and
`ratio:` = import seconds ÷ export seconds, measured in the same run.
"""

from __future__ import annotations

import time
from io import BytesIO
from typing import Any

from _setup import django_setup

django_setup()

from openpyxl import load_workbook  # noqa: E402

from scorecards.models import MeasureOutcome  # noqa: E402
from spreadsheets.exporters import unit_period_export  # noqa: E402
from spreadsheets.importers import unit_period_import  # noqa: E402
from tests import factories  # noqa: E402

N = 10_000


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

    start = time.perf_counter()
    result = unit_period_import(user=controller, unit_period=up, content=out.getvalue())
    import_s = time.perf_counter() - start
    assert result.ok, result.errors[:5]
    assert result.changed["Styrkort"] == N, result.changed
    assert MeasureOutcome.objects.filter(version=2).count() == N

    print(f"rows: {N}")
    print(f"file_kb: {len(out.getvalue()) // 1024}")
    print(f"export_{N}_s: {export_s:.2f}")
    print(f"import_{N}_s: {import_s:.2f}")
    print(f"ratio: {import_s / export_s:.2f}")


if __name__ == "__main__":
    main()
