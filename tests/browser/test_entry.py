"""A controller enters "4,8" in the browser: the light changes without a reload and stays."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from scorecards.models import Measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_controller_enters_a_value_and_the_light_updates_in_place(
    browser: object, live_server: object
) -> None:
    call_command("loaddemo", verbosity=0)
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill("controller")
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")

    # Major incidents T1 2021: "max 10 st" for the year, a count that accumulates; 3 by
    # April is within the target pro rata (10 × 4/12 = 3,3), so uppnått.
    measure = Measure.objects.get(
        goal__unit__slug="lansteknik", goal__perspective__year__year=2021, key="major-incidents"
    )
    page.goto(f"{base}/styrkort/lansteknik/2021-T1/registrera/")
    page.evaluate("window.__loaded = 1")
    row = page.locator(f"#m{measure.pk}")
    assert "Ej bedömt" in row.locator(".row-status").inner_text()
    field = row.get_by_label("Utfall (st)")
    field.fill("3")
    field.press("Enter")  # saves the row and moves on, like Tab
    page.locator(f"#m{measure.pk} .saved").wait_for()
    status = page.locator(f"#m{measure.pk} .row-status").inner_text()
    assert "Uppnått" in status
    assert page.evaluate("window.__loaded") == 1  # no reload happened

    page.reload()
    assert page.locator(f"#m{measure.pk}").get_by_label("Utfall (st)").input_value() == "3"
    assert "Uppnått" in page.locator(f"#m{measure.pk} .row-status").inner_text()
    page.close()


def test_bad_input_shows_a_swedish_message_next_to_the_field(
    browser: object, live_server: object
) -> None:
    call_command("loaddemo", verbosity=0)
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill("controller")
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")
    measure = Measure.objects.get(
        goal__unit__slug="lansteknik", goal__perspective__year__year=2021, key="major-incidents"
    )
    page.goto(f"{base}/styrkort/lansteknik/2021-T1/registrera/")
    row = page.locator(f"#m{measure.pk}")
    row.get_by_label("Utfall (st)").fill("abc")
    row.get_by_label("Utfall (st)").press("Tab")
    alert = page.locator(f"#m{measure.pk} [role=alert]")
    alert.first.wait_for()
    assert "inte ett tal" in alert.first.inner_text()
    page.close()
