"""The manager presses "Skapa PDF" on Länsteknik's 2019 report and gets the årsrapport."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_creates_the_annual_report_pdf(browser: object, live_server: object) -> None:
    call_command("loaddemo", verbosity=0)
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill("manager")
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/rapporter/lansteknik/2019/")
    page.get_by_role("button", name="Skapa PDF").click()
    link = page.get_by_role("link", name="Öppna PDF")
    link.wait_for(timeout=60_000)
    response = page.request.get(base + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Årsrapport 2019" in text and "70,5" in text
    page.close()
