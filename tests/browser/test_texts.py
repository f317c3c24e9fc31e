"""In the browser: preview a text without saving it, then save it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from reports.models import NarrativeSection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser: Any, base: str, username: str) -> Any:
    page = browser.new_page()
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")
    return page


def summary() -> str:
    return NarrativeSection.objects.get(
        unit__slug="lansteknik", period__key="2021-T1", kind="summary"
    ).body


def test_preview_renders_in_place_without_saving_then_save_keeps_the_text(
    browser: Any, live_server: Any
) -> None:
    call_command("loaddemo", verbosity=0)
    base = live_server.url
    page = login(browser, base, "manager")
    page.goto(f"{base}/styrkort/lansteknik/2021-T1/registrera/texter/")
    page.evaluate("window.__loaded = 1")
    before = summary()
    block = page.locator("#t-summary")
    block.get_by_label("Sammanfattning (Markdown)").fill(
        "Ny **sammanfattning**. <script>x=1</script>"
    )
    block.get_by_role("button", name="Förhandsgranska").click()
    block.locator(".preview strong").wait_for()
    assert block.locator(".preview").inner_html().count("<script") == 0
    assert summary() == before  # the preview wrote nothing
    assert page.evaluate("window.__loaded") == 1  # swapped in place by htmx

    block.get_by_role("button", name="Spara").click()
    page.locator("#t-summary .saved").wait_for()
    assert summary() == "Ny **sammanfattning**. <script>x=1</script>"
    assert page.evaluate("window.__loaded") == 1  # no reload happened
    page.close()
