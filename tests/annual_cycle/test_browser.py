"""In the browser: an administrator moves a rule's date in place (htmx, no reload), and
the årshjul pages have no axe-core violations (WCAG 2.1 AA)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.core.management import call_command

from annual_cycle.models import Deadline, Step
from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(browser: object, live_server: object) -> Iterator[object]:
    """The demo loaded and the administrator logged in (CSP bypassed for axe-core)."""
    call_command("loaddemo", verbosity=0)
    page = browser.new_page(bypass_csp=True)  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/logga-in/")  # type: ignore[attr-defined]
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")  # type: ignore[attr-defined]
    yield page
    page.close()


def test_admin_moves_a_date_without_a_reload(admin_page: object, live_server: object) -> None:
    page = admin_page
    deadline = Deadline.objects.get(
        organisation__slug="region-norrbotten", title="Delårsrapport 2", step=Step.SUBMISSION
    )
    page.goto(f"{live_server.url}/arshjul/region-norrbotten/2021/")  # type: ignore[attr-defined]
    page.evaluate("window.__loaded = 1")  # type: ignore[attr-defined]
    rule = page.locator(f"#frist-{deadline.pk}")  # type: ignore[attr-defined]
    rule.get_by_label("Dag:", exact=True).fill("21")
    rule.get_by_role("button", name="Spara").click()
    page.get_by_role("status").wait_for()  # type: ignore[attr-defined]
    assert "Sparat: Delårsrapport 2." in page.get_by_role("status").inner_text()  # type: ignore[attr-defined]
    calendar = page.locator("table.annual-cycle").all_inner_texts()  # type: ignore[attr-defined]
    assert any("21 september 2021" in table for table in calendar)
    assert page.evaluate("window.__loaded") == 1  # type: ignore[attr-defined]
    deadline.refresh_from_db()
    assert deadline.day == 21


def test_annual_cycle_pages_have_no_axe_violations(admin_page: object, live_server: object) -> None:
    found = {}
    for path in [
        "/arshjul/region-norrbotten/2021/",
        "/arshjul/region-norrbotten/paminnelser/?datum=2021-05-22",
    ]:
        response = admin_page.goto(f"{live_server.url}{path}")  # type: ignore[attr-defined]
        assert response.status == 200, path
        violations = axe_violations(admin_page)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
