"""The Content Security Policy holds in a real browser: no page breaks a rule.

The headers themselves are tested in tests/portal/test_security.py.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chart_entry_and_report_pages_break_no_csp_rule(
    browser: object, live_server: object
) -> None:
    """plotly's own <style> elements are allowed by hash (portal/settings.py): after a
    plotly.js upgrade this fails until PLOTLY_STYLE_HASHES is updated."""
    call_command("loaddemo", verbosity=0)
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    violations: list[str] = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and violations.append(m.text),
    )
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill("controller")
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/styrkort/lansteknik/2019-T1/personal/")
    page.locator(".chart-canvas svg.main-svg").first.wait_for()
    page.goto(f"{base}/styrkort/lansteknik/2021-T1/registrera/")
    page.goto(f"{base}/rapporter/lansteknik/2019-T1/")
    page.close()
    assert violations == []
