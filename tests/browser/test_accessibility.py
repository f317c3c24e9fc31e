"""WCAG 2.1 AA: every page of the portal, with the demo data, has 0 axe-core violations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGES = [
    "/",
    "/styrkort/lansteknik/2019-T1/",
    "/styrkort/lansteknik/2019-T1/?visa=ej-uppnatt",
    "/styrkort/lansteknik/2019/",
    "/styrkort/lansteknik/2021-T1/",
    "/styrkort/lansteknik/2019-T1/matt/sjukfranvaro/",
    "/styrkort/lansteknik/2019-T1/personal/",
    "/styrkort/lansteknik/2019-T1/ekonomi/",
    "/styrkort/lansteknik/2021-T1/ekonomi/",
    "/styrkort/lansteknik/2019/investeringar/",
    "/styrkort/lansteknik/2021-T1/investeringar/",
    "/oversikt/2019-T1/",
    "/oversikt/2019-T1/?sortera=samst&visa=ej-uppnatt",
    "/styrkort/lansteknik/2021-T1/registrera/",
    "/styrkort/lansteknik/2021-T1/registrera/personal/",
    "/styrkort/lansteknik/2021-T1/registrera/ekonomi/",
    "/styrkort/lansteknik/2021-T1/registrera/investeringar/",
    "/styrkort/lansteknik/2021-T1/registrera/uppdrag/",
    "/styrkort/lansteknik/2019/registrera/uppdrag/",
    "/styrkort/lansteknik/2021-T1/registrera/texter/",
    "/styrkort/lansteknik/2021-T1/excel/",
    "/styrkort/lansteknik/2019/historik/",
    "/rapporter/lansteknik/2019/",
    "/uppdrag/lansteknik/2019/",
    "/internkontroll/lansteknik/2019/",
    "/mal/lansteknik/2021-T1/",
    # Indicators from occasions (issue 15): the meetings' forms of the open year, and
    # the entry page's value cell that points to them.
    "/mal/gemensam-namnd/2023/",
    "/styrkort/gemensam-namnd/2023/registrera/",
    "/rapporter/lansteknik/2021-T1/jamfor/?mot=foregaende",
    # Organisation set-up and the annual cycle (issue 7).
    "/installningar/",
    "/installningar/region-norrbotten/",
    "/installningar/region-norrbotten/2021/?enhet=lansteknik",
    "/nytt-verksamhetsar/region-norrbotten/",
    "/arshjul/region-norrbotten/2021/",
    "/arshjul/region-norrbotten/paminnelser/?datum=2021-05-20",
    "/fordelning/gemensam-namnd/2021/",
    # Report templates and the organisation's words (issue 13); a template's own page is
    # checked in test_report_templates.py, which makes the template first.
    "/installningar/region-norrbotten/rapportmallar/",
    "/installningar/region-norrbotten/benamningar/",
    "/installningar/region-norrbotten/anvandare/",
    "/installningar/region-norrbotten/2021/perioder/",
    "/installningar/region-norrbotten/2021/uppdrag/",
    "/installningar/gemensam-namnd/2023/internkontroll/",
    # Ekonomisystem (issue 17): the mapping and both import pages; the preview after an
    # upload is checked in tests/browser/test_ledger_pages.py.
    "/installningar/region-norrbotten/2021/ekonomisystem/",
    "/installningar/region-norrbotten/2021/ekonomisystem/import/",
    "/styrkort/lansteknik/2021-T1/ekonomi/import/",
    "/installningar/region-norrbotten/2021/kategorier/",
    # API-nycklar (issue 18); the Kolada comparison and the login button are checked in
    # tests/kolada/test_browser.py, which fetches the demo values first.
    "/konto/api-nycklar/",
    "/installningar/region-norrbotten/kolada/",
]


@pytest.fixture
def logged_in_page(browser: object, live_server: object) -> object:
    call_command("loaddemo", verbosity=0)
    # axe-core is injected as an inline script, which the site's CSP rightly refuses.
    page = browser.new_page(bypass_csp=True)  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/logga-in/")  # type: ignore[attr-defined]
    page.get_by_label("Användarnamn").fill("admin")
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")  # type: ignore[attr-defined]
    yield page
    page.close()


def axe_violations(page: object) -> list[dict]:
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


def test_every_page_has_no_axe_violations(logged_in_page: object, live_server: object) -> None:
    found = {}
    for path in PAGES:
        response = logged_in_page.goto(f"{live_server.url}{path}")  # type: ignore[attr-defined]
        assert response.status == 200, path
        logged_in_page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
        violations = axe_violations(logged_in_page)
        if violations:
            found[path] = violations
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


def test_login_page_has_no_axe_violations(browser: object, live_server: object) -> None:
    page = browser.new_page(bypass_csp=True)  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/logga-in/")  # type: ignore[attr-defined]
    assert axe_violations(page) == []
    page.close()


def test_scorecard_filter_works_by_keyboard_without_reload(
    logged_in_page: object, live_server: object
) -> None:
    page = logged_in_page
    page.goto(f"{live_server.url}/styrkort/lansteknik/2019-T1/")  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page.evaluate("window.__marker = 1")  # type: ignore[attr-defined]
    page.get_by_label("Alla").focus()  # type: ignore[attr-defined]
    page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]  # radio group: next option
    page.wait_for_url("**visa=ej-uppnatt")  # type: ignore[attr-defined]
    table_text = page.locator("#measures").inner_text()  # type: ignore[attr-defined]
    assert "Antal major incidents" in table_text
    assert "Ekonomi i balans" not in table_text
    assert page.evaluate("window.__marker") == 1  # type: ignore[attr-defined]  # no full reload
