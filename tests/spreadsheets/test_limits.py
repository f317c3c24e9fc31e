"""Bounded input: a workbook is judged by its size before it is parsed, and every text
cell by the same length caps as the web form (``common.limits``)."""

from __future__ import annotations

import time
import zipfile
from io import BytesIO
from typing import Any

from django.urls import reverse

from common import limits
from reports.models import NarrativeSection
from scorecards.models import MeasureOutcome
from spreadsheets.importers import unit_period_import
from tests import factories
from tests.spreadsheets.workbook import edit, export


def _import(world: dict[str, Any], content: bytes) -> Any:
    return unit_period_import(user=world["controller"], unit_period=world["up"], content=content)


def test_a_6_mb_narrative_is_refused_with_the_cell_named(world: dict[str, Any]) -> None:
    text = "Lång text. " * 600_000  # 6,6 million characters
    content = edit(
        export(world["controller"], world["up"]),
        {("Texter", ("summary",)): {"Text (Markdown)": text}},
    )
    assert len(content) < limits.UPLOAD_BYTES  # it compresses: the upload limit can't see it

    result = _import(world, content)

    assert not result.ok
    (error,) = result.errors
    assert (error.sheet, error.column) == ("Texter", "Text (Markdown)")
    assert error.row is not None and error.row >= 2
    assert "för lång" in error.message and "20000" in error.message.replace("\u00a0", "")
    stored = NarrativeSection.objects.get(unit=world["a"], period=world["up"].period)
    assert stored.body == "Divisionen *uppfyller* målen."  # nothing saved, no history row
    assert stored.history.count() == 1


def test_a_comment_over_its_limit_is_refused_and_one_at_it_is_saved(
    world: dict[str, Any],
) -> None:
    exported = export(world["controller"], world["up"])
    too_long = edit(
        exported, {("Styrkort", world["m0"].pk): {"Kommentar": "x" * (limits.COMMENT_CHARS + 1)}}
    )
    result = _import(world, too_long)
    assert [(e.sheet, e.column) for e in result.errors] == [("Styrkort", "Kommentar")]

    at_limit = edit(
        exported, {("Styrkort", world["m0"].pk): {"Kommentar": "x" * limits.COMMENT_CHARS}}
    )
    assert _import(world, at_limit).ok
    assert len(MeasureOutcome.objects.get(measure=world["m0"]).comment) == limits.COMMENT_CHARS


def _with_sheet_xml(content: bytes, part: str, xml: bytes) -> bytes:
    """The workbook with one worksheet part replaced (as a hostile file would be made)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = xml if item.filename == part else source.read(item)
            target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _first_sheet(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))[0]


def test_a_row_of_two_million_cells_is_refused_before_it_is_parsed(
    world: dict[str, Any],
) -> None:
    exported = export(world["controller"], world["up"])
    part = _first_sheet(exported)
    row = b'<row r="2">' + b"<c/>" * 2_000_000 + b"</row>"
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + row + b"</sheetData></worksheet>"
    )
    content = _with_sheet_xml(exported, part, xml)
    assert len(content) < limits.UPLOAD_BYTES

    started = time.perf_counter()
    result = _import(world, content)
    elapsed = time.perf_counter() - started

    assert not result.ok
    (error,) = result.errors
    assert "Styrkort" in error.message and "celler" in error.message
    assert elapsed < 5, f"{elapsed:.1f} s: the file was parsed, not counted"
    assert MeasureOutcome.objects.get(measure=world["m0"]).version == 1


def test_a_workbook_that_unpacks_too_large_is_refused(world: dict[str, Any]) -> None:
    exported = export(world["controller"], world["up"])
    filler = b"<!-- " + b" " * (limits.WORKBOOK_UNPACKED_BYTES + 1) + b" -->"
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(exported)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item), compress_type=zipfile.ZIP_DEFLATED)
        target.writestr("xl/filler.xml", filler, compress_type=zipfile.ZIP_DEFLATED)
    result = _import(world, out.getvalue())
    assert not result.ok
    assert "uppackad" in result.errors[0].message


def test_an_upload_over_the_request_limit_is_refused_before_it_is_read(
    world: dict[str, Any],
) -> None:
    client = factories.logged_in(world["controller"])
    url = reverse("spreadsheets:page", args=[world["a"].slug, world["up"].period.key])
    big = BytesIO(b"PK\x03\x04" + b"0" * (limits.REQUEST_BYTES + 1))
    big.name = "f.xlsx"

    response = client.post(url, {"file": big})

    assert response.status_code == 413
    assert "större än" in response.content.decode()
    assert MeasureOutcome.objects.get(measure=world["m0"]).version == 1
