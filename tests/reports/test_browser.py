"""In the browser: preview a text without saving it, save it, and the pages pass axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from reports.models import NarrativeSection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parents[1] / "browser" / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


@pytest.mark.parametrize(
    "path",
    [
        "/styrkort/lansteknik/2021-T1/registrera/texter/",
        "/styrkort/lansteknik/2019/registrera/uppdrag/",
        "/styrkort/lansteknik/2019/historik/",
    ],
)
def test_pages_have_no_axe_violations(browser: Any, live_server: Any, path: str) -> None:
    call_command("loaddemo", verbosity=0)
    page = login(browser, live_server.url, "admin")
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert violations == []
    page.close()
