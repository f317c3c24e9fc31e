"""The demo administrator edits Region Norrbotten's delårsrapport in Chromium: makes the
template from the default, moves "Förväntad utveckling" above "Sammanfattning" (htmx,
no reload), renames the summary and switches amounts to tkr; the preview and the PDF
follow. The settings pages have no axe-core (WCAG 2.1 AA) violations."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from reports.models import ReportKind, ReportTemplate
from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORG = "region-norrbotten"
HEADING = "Periodens viktigaste händelser"


def included(page: Any) -> list[str]:
    """The keys of the sections in the report, in the order the page shows them."""
    ids = page.eval_on_selector_all("ol.template-sections > li", "els => els.map(e => e.id)")
    return [i.removeprefix("avsnitt-") for i in ids]


def _flat(outline: list[Any]) -> list[Any]:
    return [e for item in outline for e in (_flat(item) if isinstance(item, list) else [item])]


def test_admin_edits_the_interim_template_and_preview_and_pdf_follow(
    browser: Any, live_server: Any
) -> None:
    call_command("loaddemo", verbosity=0)
    base = live_server.url
    page = browser.new_page(bypass_csp=True)  # axe-core is injected as an inline script
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")

    # Inställningar → the region → Rapportmallar.
    page.goto(f"{base}/installningar/{ORG}/")
    page.get_by_role("link", name="Rapportmallar").click()
    page.wait_for_url(f"{base}/installningar/{ORG}/rapportmallar/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gör en egen mall av standarden för delårsrapport").click()
    template = ReportTemplate.objects.get(organisation__slug=ORG, kind=ReportKind.INTERIM)
    page.wait_for_url(f"{base}/installningar/{ORG}/rapportmallar/{template.pk}/")
    assert axe_violations(page) == []
    assert "outlook" not in included(page)  # not in the default report

    # Take "Förväntad utveckling" in, then move it up to the top, one step at a time.
    page.get_by_role("group", name="Förväntad utveckling").get_by_label("Med i rapporten").check()
    page.get_by_role("button", name="Spara mallen").first.click()
    page.get_by_role("status").filter(has_text="Mallen är sparad.").wait_for()
    assert included(page)[-1] == "outlook"
    page.evaluate("window.__marker = 1")
    while (position := included(page).index("outlook")) > 0:
        page.get_by_role("button", name="Flytta upp Förväntad utveckling").click()
        page.wait_for_function(
            "p => document.querySelectorAll('ol.template-sections > li')[p]?.id"
            " === 'avsnitt-outlook'",
            arg=position - 1,
        )
    assert included(page)[:2] == ["outlook", "summary"]
    assert page.evaluate("window.__marker") == 1  # htmx swapped the form: no reload
    # The keyboard stays on the moved section (htmx focuses it once the swap settles).
    page.wait_for_function(
        "document.activeElement?.closest('li')?.id === 'avsnitt-outlook'", timeout=5_000
    )

    # Rename the summary and show amounts in tkr.
    summary = page.get_by_role("group", name="Sammanfattning", exact=True)
    summary.get_by_label("Rubrik").fill(HEADING)
    page.get_by_label("Beloppsenhet i rapporten").select_option("tkr")
    page.get_by_role("button", name="Spara mallen").first.click()
    page.get_by_role("status").filter(has_text="Mallen är sparad.").wait_for()
    assert axe_violations(page) == []
    template.refresh_from_db()
    specs = template.specs()
    assert [s.key for s in specs[:2]] == ["outlook", "summary"]
    assert specs[1].heading == HEADING and template.amount_scale == "tkr"

    # The preview: the report page of Länsteknik's T1 2021, linked from the template.
    page.get_by_role("link", name=re.compile(r"^Division Länsteknik\W+T1 2021\W*$")).click()
    page.wait_for_url(f"{base}/rapporter/lansteknik/2021-T1/")
    chapters = page.eval_on_selector_all("section.chapter", "els => els.map(e => e.id)")
    assert chapters.index("s-outlook") < chapters.index("s-summary")
    assert page.locator("#s-summary > h2").inner_text() == HEADING
    # The finance section's tables and charts (its texts are typed, and say what they say).
    finance = " ".join(page.locator("#s-finance table, #s-finance figcaption").all_inner_texts())
    assert "tkr" in finance and "mnkr" not in finance

    # The PDF built from the report page reads back with the new heading and order.
    page.get_by_role("button", name="Skapa PDF").click()
    link = page.get_by_role("link", name="Öppna PDF")
    link.wait_for(timeout=90_000)
    response = page.request.get(base + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.body()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert HEADING in text and "tkr" in text
    # The chapters in the new order, as the PDF's bookmarks list them.
    outline = [item.title for item in _flat(pdf.outline)]
    assert outline.index("Förväntad utveckling") < outline.index(HEADING)
    page.close()
