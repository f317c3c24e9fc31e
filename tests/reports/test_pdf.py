"""The demo reports as PDFs, read back: seed figures, page numbers, TOC, fonts, PDF/A, tags."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

from reports.builder import report_data
from reports.pdf import report_pdf
from scorecards.models import UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

_cache: dict[str, bytes] = {}


def pdf(key: str) -> bytes:
    """Each demo report is built once per test run."""
    if key not in _cache:
        up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
            unit__slug="lansteknik", period__key=key
        )
        _cache[key] = report_pdf(report_data(unit_period=up))
    return _cache[key]


def pages(key: str) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf(key)))
    # Normalise no-break and thin spaces so "−32 533 999" reads the same however it was set.
    return [re.sub(r"[\u00a0\u2009\u202f]", " ", p.extract_text() or "") for p in reader.pages]


def text(key: str) -> str:
    return "\n".join(pages(key))


SEED_FIGURES = {
    "2019-T1": [
        # Nettokostnadsutveckling (seed 001).
        "−32 533 999",
        "−32 465 224",
        "−68 775",
        "0,21 %",
        "−32 120 055",
        "−26 125 442",
        "−5 994 613",
        "22,95 %",
        "−6 077 282",
        "−5 306 925",
        "−770 357",
        "14,52 %",
        # Scorecard: major incidents, internal communication, managers, sick leave, extra time.
        "2018: 13 st",
        "11 st",
        "63 %",
        "80 %",
        "92 %",
        "100 %",
        "4,45 %",
        "602 h",
        # Result against the period budget.
        "−1,4",
        "−2,2",
        "+0,8",
    ],
    "2019": [
        # Investments 2019 (seed 000): all ten rows.
        "27,0",
        "5,2",
        "9,5",
        "14,7",
        "3,6",
        "8,1",
        "11,7",
        "0,2",
        "1,2",
        "1,4",
        "1,5",
        "55,0",
        "44,9",
        "9,4",
        "54,3",
        "10,4",
        "4,8",
        "15,2",
        "34,5",
        "4,6",
        "39,1",
        "82,0",
        "51,6",
        "18,9",
        "70,5",
        "16 st",  # major incidents 2019
    ],
    "2021-T1": [
        # Investments T1 2021 (seed 002) and the Covid-19 table.
        "MT-utrustning",
        "0,7",
        "0,3",
        "1,0",
        "IT-utrustning",
        "9,0",
        "2,1",
        "2,4",
        "10,0",
        "Uppföljning av kostnader och förlorade intäkter pga Covid-19",
        "0,4",
        # Summary bullets.
        "+1,5 mnkr",
        "3,0 mnkr bättre än periodens budget",
        "Årsprognos +8,0 mnkr",
        "131 anställda, minskning med 6 st i jmf med december 2020",
        "5,3 %",
    ],
}


@pytest.mark.parametrize("key", list(SEED_FIGURES))
def test_every_seed_figure_is_in_the_pdf_in_swedish_format(key: str) -> None:
    content = text(key)
    missing = [figure for figure in SEED_FIGURES[key] if figure not in content]
    assert missing == []


@pytest.mark.parametrize("key", list(SEED_FIGURES))
def test_every_page_but_the_cover_says_sida_x_of_n(key: str) -> None:
    all_pages = pages(key)
    n = len(all_pages)
    assert n > 5
    for number, page_text in enumerate(all_pages[1:], start=2):
        assert f"Sida {number} ({n})" in page_text


@pytest.mark.parametrize("key", list(SEED_FIGURES))
def test_toc_page_numbers_are_where_the_headings_land(key: str) -> None:
    all_pages = pages(key)
    toc = all_pages[1]
    entries = re.findall(r"^(\S[^\n.]*?)\s*\.*\s*(\d+)\s*$", toc, flags=re.M)
    entries = [(title.strip(" ."), int(page)) for title, page in entries if title.strip(" .")]
    assert len(entries) >= 5
    for title, page in entries:
        lines = [line.strip() for line in all_pages[page - 1].splitlines()]
        assert title in lines, (title, page)


def test_header_metadata_uses_role_titles() -> None:
    content = text("2019-T1")
    assert "ARBGRP656-997614808-86" in content
    assert "Divisionschef" in content


@pytest.mark.parametrize("key", ["2019"])
def test_fonts_are_embedded_and_pdfa_and_tags_are_present(key: str) -> None:
    with pikepdf.open(io.BytesIO(pdf(key))) as doc:
        root = doc.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "sv"
        assert "/StructTreeRoot" in root
        assert "/OutputIntents" in root
        meta = doc.open_metadata()
        assert meta.get("pdfaid:part") == "3"
        assert meta.get("pdfaid:conformance") == "A"
        assert "Årsrapport 2019" in str(meta.get("dc:title"))
        for page in doc.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_charts_are_vector_images_with_alt_text() -> None:
    with pikepdf.open(io.BytesIO(pdf("2019-T1"))) as doc:
        alts = []

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure" and "/Alt" in node:
                    alts.append(str(node.Alt))
                kids = node.get("/K")
                if isinstance(kids, pikepdf.Array):
                    for kid in kids:
                        walk(kid)
                elif isinstance(kids, pikepdf.Dictionary):
                    walk(kids)

        walk(doc.Root.StructTreeRoot)
    assert any("Avvikelse mot periodbudget" in alt for alt in alts)
    assert any("Sjukfrånvaro" in alt for alt in alts)
