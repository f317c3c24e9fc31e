"""The ledger import in the browser: upload, preview and "Spara" without a reload (htmx),
and the preview and the mapping page have 0 axe-core violations."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE = Path(settings.BASE_DIR) / "fixtures/ledger/region-norrbotten-2021-T1.se"


def test_admin_previews_and_saves_the_demo_file_in_place(
    browser: object, live_server: object
) -> None:
    call_command("loaddemo", verbosity=0)
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page(bypass_csp=True)  # type: ignore[attr-defined]
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/installningar/region-norrbotten/2021/ekonomisystem/import/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__loaded = 1")
    page.get_by_label("Period").select_option(label="T1 2021 (januari–april 2021)")
    page.get_by_label("Fil från ekonomisystemet (SIE 4, CSV eller Excel)").set_input_files(
        str(FILE)
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    page.locator("#ledger-preview").wait_for()
    assert "Division Länsteknik" in page.locator("#ledger-preview").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_role("status").wait_for()
    assert "0 belopp ändrade för 3 enheter" in page.get_by_role("status").inner_text()
    assert page.evaluate("window.__loaded") == 1  # no reload happened

    page.goto(f"{base}/installningar/region-norrbotten/2021/ekonomisystem/")
    page.wait_for_load_state("networkidle")
    assert "Alla konton och kostnadsställen i filen har mappning" in page.content()
    page.locator("summary").first.click()
    assert axe_violations(page) == []
    page.close()
