"""Each demo user logs in through a real browser and sees what the role allows."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "styrkort-demo"


@pytest.fixture
def demo(live_server: object) -> object:
    call_command("loaddemo", verbosity=0)
    return live_server


def login(browser: object, base_url: str, username: str) -> object:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{base_url}/")
    assert "/logga-in/" in page.url
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base_url}/")
    return page


@pytest.mark.parametrize(
    ("username", "sees", "does_not_see"),
    [
        ("controller", ["Division Länsteknik", "T1 2021"], ["Division Närsjukvård"]),
        ("manager", ["Division Länsteknik", "T1 2021"], ["Division Närsjukvård"]),
        ("controller_other", ["Division Närsjukvård"], ["Division Länsteknik"]),
        ("reader", ["Division Länsteknik", "Division Närsjukvård", "T1 2019"], ["T1 2021"]),
        ("admin", ["Division Länsteknik", "Division Närsjukvård", "T1 2021"], []),
    ],
)
def test_demo_user_logs_in_and_sees_own_units(
    browser: object, demo: object, username: str, sees: list[str], does_not_see: list[str]
) -> None:
    page = login(browser, demo.url, username)  # type: ignore[attr-defined]
    text = page.locator("main").inner_text()  # type: ignore[attr-defined]
    for expected in sees:
        assert expected in text, f"{username} should see {expected}"
    for hidden in does_not_see:
        assert hidden not in text, f"{username} must not see {hidden}"
    page.close()  # type: ignore[attr-defined]


def test_wrong_password_is_refused_in_swedish(browser: object, demo: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{demo.url}/logga-in/")  # type: ignore[attr-defined]
    page.get_by_label("Användarnamn").fill("controller")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    assert "korrekt användarnamn och lösenord" in page.locator("[role=alert]").inner_text()
    page.close()
