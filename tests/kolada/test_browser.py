"""In Chromium: the Kolada comparison on the scorecard and the measure page, the login
page with the organisation's button, and the API docs page (all files from the site,
no CDN): axe-core finds no WCAG 2.1 AA violation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "kolada" / "demo.json"


@pytest.fixture
def page(browser: Any, live_server: Any) -> Any:
    call_command("loaddemo", verbosity=0)
    call_command("fetch_kolada", "--from-file", str(DEMO_FILE), verbosity=0)
    page = browser.new_page(bypass_csp=True)
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("manager")
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
    yield page
    page.close()


def test_kolada_comparison_pages_have_no_axe_violations(page: Any, live_server: Any) -> None:
    found = {}
    for path in (
        "/styrkort/lansteknik/2019-T1/",
        "/styrkort/lansteknik/2021-T1/",
        "/styrkort/lansteknik/2019-T1/matt/sjukfranvaro/",
    ):
        assert page.goto(f"{live_server.url}{path}").status == 200
        page.wait_for_load_state("networkidle")
        assert "Bättre än medianen" in page.content()
        if violations := axe_violations(page):
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_api_docs_work_under_the_csp_and_load_nothing_from_another_host(
    page: Any, browser: Any, live_server: Any
) -> None:
    # A page that keeps the site's Content Security Policy, with the session of `page`.
    strict = browser.new_context()
    strict.add_cookies(page.context.cookies())
    docs = strict.new_page()
    hosts: set[str] = set()
    refused: list[str] = []
    docs.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    docs.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else 0)
    assert docs.goto(f"{live_server.url}/api/v1/docs").status == 200
    docs.wait_for_selector(".opblock", timeout=15000)  # Swagger UI drew the operations
    assert hosts == {urlsplit(live_server.url).netloc}
    assert refused == []
    strict.close()


def test_login_page_with_the_organisations_button_has_no_axe_violations(
    browser: Any, live_server: Any, settings: Any
) -> None:
    settings.OIDC_ISSUER = "http://127.0.0.1:9"
    settings.OIDC_RP_CLIENT_ID = "styrkort"
    settings.OIDC_ORGANISATION_NAME = "Region Norrbotten"
    page = browser.new_page(bypass_csp=True)
    page.goto(f"{live_server.url}/logga-in/")
    button = page.get_by_role("button", name="Logga in med Region Norrbotten")
    assert axe_violations(page) == []
    # Nothing answers at that issuer: back on the login page with the reason.
    button.click()
    page.wait_for_url(f"{live_server.url}/logga-in/")
    assert "kunde inte nås eller är felaktigt inställd" in page.content()
    assert axe_violations(page) == []
    page.close()
