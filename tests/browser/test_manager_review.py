"""Issue 16 in real Chromium: the heat map with its filters, a manager approving from the
scorecard with a comment the controller sees, Klarmarkera's checklist, a count refusing
−3, the finance entry page at 1366 px, a comment saved beside someone else's value, and
the PDF button disabled while a build runs. axe-core finds 0 violations on each page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from scorecards.models import Measure, MeasureOutcome, Period, UnitPeriod
from tests.browser.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser: object, base: str, username: str, width: int = 1366) -> object:
    page = browser.new_page(  # type: ignore[attr-defined]
        viewport={"width": width, "height": 800}, bypass_csp=True
    )
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("styrkort-demo")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")
    return page


@pytest.fixture
def base(live_server: object) -> str:
    call_command("loaddemo", verbosity=0)
    return live_server.url  # type: ignore[attr-defined,no-any-return]


def test_heat_map_filters_and_sorts_without_a_reload(browser: object, base: str) -> None:
    page = login(browser, base, "admin")
    page.goto(f"{base}/oversikt/2019-T1/")
    page.evaluate("window.__loaded = 1")
    table = page.locator("table.heatmap")
    # A tile says its light in a word and its counts in words (not colour alone).
    tile = table.locator("tbody tr", has_text="Division Länsteknik").locator("a.tile").first
    assert tile.locator(".tile-light").inner_text().strip() in {
        "● Uppnått",
        "◐ Delvis uppnått",
        "○ Ej uppnått",
        "– Ej bedömt",
    }
    assert "uppnått" in tile.locator(".visually-hidden").inner_text()
    assert "Hela Region Norrbotten (3 enheter)" in table.locator("tfoot").inner_text()
    assert axe_violations(page) == []

    page.get_by_label("Ordning").select_option("samst")
    page.wait_for_url("**sortera=samst**")
    first = page.locator("table.heatmap tbody tr th").first.inner_text()
    assert first == "Division Länsteknik"  # the most "ej uppnått" in T1 2019

    page.get_by_label("Bara enheter med ej uppnått").check()
    page.wait_for_url("**visa=ej-uppnatt**")
    rows = page.locator("table.heatmap tbody tr th").all_inner_texts()
    assert "Division Länsteknik" in rows
    for row in page.locator("table.heatmap tbody tr").all():
        assert "○" in row.locator("td").last.inner_text()  # every unit kept has one
    page.get_by_label("Status").select_option("open")
    page.get_by_text("Inga enheter med det här urvalet.").wait_for()
    assert page.evaluate("window.__loaded") == 1  # htmx swapped the table, no reload
    page.close()


def test_manager_sends_back_with_a_comment_and_the_controller_sees_it(
    browser: object, base: str
) -> None:
    up = UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2021-T1")
    up.status = UnitPeriod.Status.SUBMITTED
    up.save()
    manager = login(browser, base, "manager")
    manager.goto(f"{base}/styrkort/lansteknik/2021-T1/")
    review = manager.locator("#granskning")
    assert "uppgifter saknas" in review.inner_text()  # the gaps show to the manager
    assert axe_violations(manager) == []
    review.get_by_role("button", name="Skicka tillbaka").click()
    manager.locator(".message-error").wait_for()
    assert "Skriv i kommentaren" in manager.locator(".message-error").inner_text()
    manager.get_by_label("Kommentar till controller").fill(
        "Sjukfrånvaron saknar kommentar. Komplettera och klarmarkera igen."
    )
    manager.get_by_role("button", name="Skicka tillbaka").click()
    manager.locator(".message-success").wait_for()
    assert "skickad tillbaka" in manager.locator(".message-success").inner_text()
    manager.close()

    controller = login(browser, base, "controller")
    controller.goto(f"{base}/styrkort/lansteknik/2021-T1/registrera/")
    note = controller.locator(".review-comment")
    assert "Skickad tillbaka av chefen" in note.inner_text()
    assert "Sjukfrånvaron saknar kommentar" in note.inner_text()
    assert axe_violations(controller) == []
    controller.close()


def test_manager_approves_from_the_scorecard(browser: object, base: str) -> None:
    up = UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2021-T1")
    up.status = UnitPeriod.Status.SUBMITTED
    up.save()
    page = login(browser, base, "manager")
    page.goto(f"{base}/styrkort/lansteknik/2021-T1/")
    page.get_by_label("Kommentar till controller").fill("Bra analys av incidenterna.")
    page.get_by_role("button", name="Godkänn").click()
    page.locator(".message-success").wait_for()
    up.refresh_from_db()
    assert up.status == UnitPeriod.Status.APPROVED
    assert up.review_comment == "Bra analys av incidenterna."
    assert "Chefens kommentar" in page.locator(".review-comment").inner_text()
    page.close()


def test_klarmarkera_lists_what_is_missing_and_asks_for_confirmation(
    browser: object, base: str
) -> None:
    page = login(browser, base, "controller")
    page.goto(f"{base}/styrkort/lansteknik/2021-T1/registrera/")
    checklist = page.locator(".checklist")
    assert "uppgifter saknas" in checklist.inner_text()
    assert "inget utfall" in checklist.inner_text()
    assert axe_violations(page) == []
    confirm = checklist.get_by_label("Klarmarkera ändå")
    checklist.get_by_role("button", name="Klarmarkera").click()
    # The browser asks for the confirmation first: nothing was sent.
    assert UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2021-T1").status == "open"
    confirm.check()
    checklist.get_by_role("button", name="Klarmarkera").click()
    page.locator(".message-success").wait_for()
    up = UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2021-T1")
    assert up.status == UnitPeriod.Status.SUBMITTED
    assert "saknas" in up.history.first().history_change_reason
    page.close()


def test_a_count_refuses_minus_three_in_swedish(browser: object, base: str) -> None:
    measure = Measure.objects.get(
        goal__unit__slug="lansteknik", goal__perspective__year__year=2021, key="major-incidents"
    )
    page = login(browser, base, "controller")
    page.goto(f"{base}/styrkort/lansteknik/2021-T1/registrera/")
    row = page.locator(f"#m{measure.pk}")
    row.get_by_label("Utfall (st)").fill("−3")
    row.get_by_label("Utfall (st)").press("Tab")
    alert = page.locator(f"#m{measure.pk} [role=alert]").first
    alert.wait_for()
    assert "kan inte vara negativt" in alert.inner_text()
    period = Period.objects.get(key="2021-T1", year__organisation__slug="region-norrbotten")
    assert not MeasureOutcome.objects.filter(
        measure=measure, period=period, value=Decimal(-3)
    ).exists()
    page.close()


def test_finance_entry_fits_1366_px_without_horizontal_scroll(browser: object, base: str) -> None:
    page = login(browser, base, "controller")
    page.goto(f"{base}/styrkort/lansteknik/2021-T1/registrera/ekonomi/")
    widths = page.evaluate(
        """() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                  ...[...document.querySelectorAll('.table-scroll')].map(
                      d => d.scrollWidth - d.clientWidth)]"""
    )
    scroll, client, *overflows = widths
    assert scroll <= client, widths
    assert all(o <= 0 for o in overflows), widths  # no table scrolls inside its box either
    save = page.get_by_role("button", name="Spara").first
    box = save.bounding_box()
    assert box is not None and box["x"] + box["width"] <= client
    page.close()


def test_pdf_button_is_disabled_during_a_build_and_fastsall_appears_when_done(
    browser: object, base: str
) -> None:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from reports.models import ReportBuild

    up = UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2019")
    # A build the worker has not finished yet (the test's task backend runs at once).
    build = ReportBuild.objects.create(
        unit_period=up,
        requested_by=User.objects.get(username="manager"),
        status=ReportBuild.Status.RUNNING,
    )
    page = login(browser, base, "manager")
    page.goto(f"{base}/rapporter/lansteknik/2019/")
    page.evaluate("window.__loaded = 1")
    button = page.get_by_role("button", name="Skapa PDF")
    assert button.is_disabled()
    assert page.locator("#build progress").count() == 1
    assert axe_violations(page) == []
    build.status = ReportBuild.Status.DONE
    build.pdf = b"%PDF-1.4 test"
    build.pages = 1
    build.finished_at = timezone.now()
    build.save()
    page.get_by_role("button", name="Fastställ som ny utgåva").wait_for(timeout=10_000)
    assert page.evaluate("window.__loaded") == 1  # appeared without a reload
    assert not page.get_by_role("button", name="Skapa PDF").is_disabled()
    link = page.get_by_role("link", name="Öppna PDF")
    assert link.get_attribute("download") == "Årsrapport-2019-Division-Länsteknik.pdf"
    response = page.request.get(base + link.get_attribute("href"))
    assert (
        "%C3%85rsrapport-2019-Division-L%C3%A4nsteknik.pdf"
        in response.headers["content-disposition"]
    )
    page.close()


def test_a_comment_saved_while_another_user_changed_the_value_does_not_conflict(
    browser: object, base: str
) -> None:
    from scorecards import services
    from scorecards.models import Role, UnitMembership

    measure = Measure.objects.get(
        goal__unit__slug="lansteknik", goal__perspective__year__year=2021, key="sjukfranvaro"
    )
    page = login(browser, base, "manager")
    page.goto(f"{base}/styrkort/lansteknik/2021-T1/registrera/")
    row = page.locator(f"#m{measure.pk}")
    # Meanwhile the controller saves another value for the same measure.
    controller = UnitMembership.objects.get(unit__slug="lansteknik", role=Role.CONTROLLER).user
    up = UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2021-T1")
    stored = MeasureOutcome.objects.filter(measure=measure, period=up.period).first()
    services.outcome_set(
        actor=controller,
        unit_period=up,
        measure=measure,
        changes={"value": Decimal("6.10")},
        expected_version=stored.version if stored else None,
    )
    comment = row.get_by_label("Kommentar/analys")
    comment.fill("Sjukfrånvaron ökar, vi följer upp med HR.")
    comment.press("Tab")
    page.locator(f"#m{measure.pk} .saved").wait_for()
    assert page.locator(f"#m{measure.pk}.conflict").count() == 0
    saved = MeasureOutcome.objects.get(measure=measure, period=up.period)
    assert saved.value == Decimal("6.10")
    assert saved.comment == "Sjukfrånvaron ökar, vi följer upp med HR."
    page.close()
