"""The set-up flow in Chromium: an administrator clicks a new organisation together,
with htmx doing the saves, and the pages have no axe-core (WCAG 2.1 AA) violations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scorecards.models import Measure, UnitPeriod
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parents[1] / "browser" / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


def test_administrator_sets_up_an_organisation_by_clicking(browser: Any, live_server: Any) -> None:
    user = factories.user("installer", superuser=True)
    user.set_password("Ett-langt-losenord-2026")
    user.save()
    page = browser.new_page(bypass_csp=True)
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn").fill("installer")
    page.get_by_label("Lösenord").fill("Ett-langt-losenord-2026")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="Inställningar").click()
    assert axe_violations(page) == []
    page.get_by_label("Namn:", exact=True).fill("Förbundet Norr")
    page.get_by_label("Kortnamn").fill("forbundet")
    page.get_by_role("button", name="Skapa organisationen").click()
    page.wait_for_url(f"{live_server.url}/installningar/forbundet/")

    add_unit = page.locator("form", has=page.get_by_role("button", name="Lägg till enheten"))
    add_unit.get_by_label("Namn:", exact=True).fill("Teknik")
    add_unit.get_by_label("Kortnamn").fill("teknik")
    add_unit.get_by_role("button", name="Lägg till enheten").click()
    page.get_by_role("status").filter(has_text="Sparat: Teknik.").wait_for()
    page.get_by_label("År:", exact=True).fill("2026")
    page.get_by_role("button", name="Skapa verksamhetsåret").click()
    page.get_by_role("link", name="Styrmodell 2026").wait_for()
    assert UnitPeriod.objects.filter(unit__slug="teknik").count() == 3
    assert axe_violations(page) == []  # with the flash message of the creation showing

    page.get_by_role("link", name="Styrmodell 2026").click()
    add_perspective = page.locator(
        "form", has=page.get_by_role("button", name="Lägg till perspektivet")
    )
    add_perspective.get_by_label("Namn:", exact=True).fill("Invånare")
    add_perspective.get_by_role("button", name="Lägg till perspektivet").click()
    page.get_by_role("heading", name="1. Invånare").wait_for()

    add_goal = page.locator("form", has=page.get_by_role("button", name="Lägg till målet"))
    add_goal.get_by_label("Mål:", exact=True).fill("Nöjda invånare")
    add_goal.get_by_role("button", name="Lägg till målet").click()
    page.get_by_role("heading", name="Nöjda invånare").wait_for()

    page.locator("summary", has_text="Lägg till styrmått").click()
    add_measure = page.locator("form", has=page.get_by_role("button", name="Lägg till styrmåttet"))
    add_measure.get_by_label("Styrmått:", exact=True).fill("Andel nöjda")
    add_measure.get_by_label("Målets riktning").select_option("at_least")
    add_measure.get_by_label("Målvärde:", exact=True).fill("abc")
    add_measure.get_by_role("button", name="Lägg till styrmåttet").click()
    page.get_by_text("Målvärde: ”abc” är inte ett tal").wait_for()
    assert not Measure.objects.exists()
    add_measure = page.locator("form", has=page.get_by_role("button", name="Lägg till styrmåttet"))
    add_measure.get_by_label("Målvärde:", exact=True).fill("80 %")
    add_measure.get_by_role("button", name="Lägg till styrmåttet").click()
    page.get_by_role("status").filter(has_text="Sparat: Andel nöjda.").wait_for()
    measure = Measure.objects.get()
    assert (measure.key, measure.target_value) == ("andel-nojda", 80)
    assert axe_violations(page) == []
    page.close()
