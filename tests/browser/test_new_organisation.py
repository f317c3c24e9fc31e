"""Issue 15 in real Chromium: a joint committee from nothing to a built delårsrapport for
jan–maj, only through the portal.

A platform administrator creates the organisation, lets its own unit report, makes the
first verksamhetsår and invites the organisation's administrator. That administrator (a
role on the top unit, no superuser) invites a controller and a chef, adds the period
jan–maj, a perspective, a goal with a measure counted from occasions and a typed one,
cost categories, an internal control plan with a risk and an activity, and an
assignment. The controller enters the meetings of the spring, a typed outcome and a
finance figure and klarmarkerar; the chef approves; the report is built and its PDF read
back. Every request of every page goes to the portal, none to the Django admin.
"""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from pypdf import PdfReader

from assignments.models import Assignment
from goals.models import Occasion
from internal_control.models import ControlActivity
from scorecards.models import (
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Role,
    Unit,
    UnitMembership,
    UnitPeriod,
)
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORG = "gemensam-namnd-norr"
ORG_NAME = "Gemensam nämnd Norr"
YEAR = 2026
PERIOD = f"{YEAR}-M05"  # jan–maj
GOAL = "Nämnden sammanträder regelbundet"
COUNTED = "Antal nämndsammanträden"
TYPED = "Andel nöjda brukare"
PASSWORD = "Tertial-rapport-2026"
MEETINGS = [
    ("2026-01-22", "Nämndsammanträde januari"),
    ("2026-03-12", "Nämndsammanträde mars"),
    ("2026-05-07", "Nämndsammanträde maj"),
]


class Requests:
    """Every request any page of the flow makes (including the PDF download)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def watch(self, context: Any) -> Any:
        context.on("request", lambda request: self.urls.append(request.url))
        return context

    def admin_paths(self) -> list[str]:
        return [u for u in self.urls if urlsplit(u).path.startswith("/admin/")]


def said(page: Any, text: str) -> None:
    """Wait for the flash message or htmx status that says ``text``."""
    page.get_by_role("status").filter(has_text=text).first.wait_for()


def log_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/")


def form_with(page: Any, button: str) -> Any:
    """The form whose submit button is named ``button`` (one form per action on a page)."""
    return page.locator("form", has=page.get_by_role("button", name=button, exact=True))


def invite(page: Any, base: str, email: str, first: str, last: str, role: str) -> None:
    page.goto(f"{base}/installningar/{ORG}/anvandare/")
    form = form_with(page, "Bjud in")
    form.get_by_label("E-post").fill(email)
    form.get_by_label("Förnamn").fill(first)
    form.get_by_label("Efternamn").fill(last)
    form.get_by_label("Enhet:", exact=True).select_option(label=ORG_NAME)
    form.get_by_label("Roll:", exact=True).select_option(label=role)
    form.get_by_role("button", name="Bjud in").click()
    said(page, f"{email} har fått rollen")


def accept_invitation(browser: Any, base: str, requests: Requests, email: str) -> Any:
    """The invited person follows the link in the e-mail, chooses a password, logs in."""
    letter = next(m for m in reversed(mail.outbox) if m.to == [email])
    assert ORG_NAME in letter.subject
    link = re.search(r"(/konto/losenord/[^/\s]+/[^/\s]+/)", str(letter.body))
    assert link is not None, letter.body
    context = requests.watch(browser.new_context(viewport={"width": 1366, "height": 900}))
    page = context.new_page()
    page.goto(base + link.group(1))
    page.get_by_role("heading", name="Välj lösenord").wait_for()
    page.get_by_label("Nytt lösenord", exact=True).fill(PASSWORD)
    page.get_by_label("Bekräfta nytt lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    page.wait_for_url(f"{base}/konto/losenord/klart/")
    log_in(page, base, email, PASSWORD)
    return page


def test_a_joint_committee_goes_from_nothing_to_a_built_interim_report(
    browser: Any, live_server: Any
) -> None:
    base = live_server.url
    requests = Requests()
    root = factories.user("plattform", superuser=True)
    root.set_password(PASSWORD)
    root.save()

    # ---------------------------------------------------- 1a. the platform administrator
    context = requests.watch(browser.new_context(viewport={"width": 1366, "height": 900}))
    page = context.new_page()
    log_in(page, base, "plattform", PASSWORD)
    page.get_by_role("link", name="Inställningar").click()
    page.get_by_role("heading", name="Ny organisation").wait_for()
    new_org = form_with(page, "Skapa organisationen")
    new_org.get_by_label("Namn:", exact=True).fill(ORG_NAME)
    new_org.get_by_label("Kortnamn").fill(ORG)
    new_org.get_by_role("button", name="Skapa organisationen").click()
    page.wait_for_url(f"{base}/installningar/{ORG}/")
    top = Unit.objects.get(organisation__slug=ORG)
    assert top.parent_id is None and not top.reports  # made with the organisation

    # The committee reports itself: its own unit gets periods, a scorecard and a report.
    summary = page.locator("summary", has_text=f"Ändra {ORG_NAME}")
    summary.click()
    edit_top = page.locator("details", has=summary)
    edit_top.get_by_label("Rapporterar").select_option(label="Ja")
    edit_top.get_by_role("button", name="Spara").click()
    said(page, f"Sparat: {ORG_NAME}.")
    top.refresh_from_db()
    assert top.reports

    page.get_by_label("År:", exact=True).fill(str(YEAR))
    page.get_by_role("button", name="Skapa verksamhetsåret").click()
    page.get_by_role("link", name=f"Styrmodell {YEAR}").wait_for()
    assert UnitPeriod.objects.filter(unit=top, period__year__year=YEAR).count() == 3

    # The organisation's own administrator, invited by e-mail on Användare.
    page.get_by_role("link", name="Användare och roller").click()
    page.wait_for_url(f"{base}/installningar/{ORG}/anvandare/")
    invite(page, base, "ordforande@namnd-norr.example", "Åsa", "Admin", "Administratör")
    context.close()
    admin_user = UnitMembership.objects.get(unit=top, role=Role.ADMIN).user
    assert not admin_user.is_superuser and not admin_user.is_staff

    # ------------------------------------------- 1b. the organisation's administrator
    page = accept_invitation(browser, base, requests, "ordforande@namnd-norr.example")
    invite(page, base, "controller@namnd-norr.example", "Carl", "Controller", "Controller")
    invite(page, base, "chef@namnd-norr.example", "Cecilia", "Chef", "Chef")

    # The period jan–maj, reported by the committee.
    page.goto(f"{base}/installningar/{ORG}/{YEAR}/perioder/")
    page.get_by_label("Till och med").select_option(label="maj")
    page.get_by_role("button", name="Skapa perioden").click()
    said(page, f"Perioden jan–maj {YEAR} är skapad.")
    period = Period.objects.get(year__organisation__slug=ORG, key=PERIOD)
    assert UnitPeriod.objects.filter(unit=top, period=period, status="open").exists()
    reporting = page.get_by_role("table", name=f"Enheter som rapporterar i jan–maj {YEAR}")
    reporting.get_by_role("rowheader", name=ORG_NAME).wait_for()

    # The steering model: a perspective, a goal, a measure counted from occasions and a
    # typed one.
    page.goto(f"{base}/installningar/{ORG}/{YEAR}/?enhet={ORG}")
    add_perspective = form_with(page, "Lägg till perspektivet")
    add_perspective.get_by_label("Namn:", exact=True).fill("Verksamhet")
    add_perspective.get_by_role("button", name="Lägg till perspektivet").click()
    page.get_by_role("heading", name="1. Verksamhet").wait_for()
    add_goal = form_with(page, "Lägg till målet")
    add_goal.get_by_label("Mål:", exact=True).fill(GOAL)
    add_goal.get_by_label("Perspektiv").select_option(label="Verksamhet")
    add_goal.get_by_role("button", name="Lägg till målet").click()
    page.get_by_role("heading", name=GOAL).wait_for()

    page.locator("summary", has_text="Lägg till styrmått").click()
    add_measure = form_with(page, "Lägg till styrmåttet")
    add_measure.get_by_label("Styrmått:", exact=True).fill(COUNTED)
    add_measure.get_by_label("Enhet (st, %, dagar …)").fill("st")
    add_measure.get_by_label("Målets riktning").select_option(label="minst")
    add_measure.get_by_label("Målvärde:", exact=True).fill("6")
    add_measure.get_by_label("Ackumuleras under året").check()
    add_measure.get_by_label("Utfallet").select_option(label="Räknas från tillfällen: antal")
    add_measure.get_by_role("button", name="Lägg till styrmåttet").click()
    said(page, f"Sparat: {COUNTED}.")
    counted = Measure.objects.get(goal__unit=top, name=COUNTED)
    assert counted.value_source == Measure.ValueSource.OCCASION_COUNT

    page.locator("summary", has_text="Lägg till styrmått").click()
    add_measure = form_with(page, "Lägg till styrmåttet")
    add_measure.get_by_label("Styrmått:", exact=True).fill(TYPED)
    add_measure.get_by_label("Enhet (st, %, dagar …)").fill("%")
    add_measure.get_by_label("Målets riktning").select_option(label="minst")
    add_measure.get_by_label("Målvärde:", exact=True).fill("80")
    add_measure.get_by_role("button", name="Lägg till styrmåttet").click()
    said(page, f"Sparat: {TYPED}.")
    typed = Measure.objects.get(goal__unit=top, name=TYPED)
    assert typed.value_source == Measure.ValueSource.TYPED

    # Cost categories of the year.
    page.goto(f"{base}/installningar/{ORG}/{YEAR}/kategorier/")
    for name, kind in [("Personalkostnader", "Personal"), ("Ersättning från huvudmän", "Intäkter")]:
        add_cost = form_with(page, "Lägg till kostnadskategorin")
        add_cost.get_by_label("Namn:", exact=True).fill(name)
        add_cost.get_by_label("Kostnadsslag").select_option(label=kind)
        add_cost.get_by_role("button", name="Lägg till kostnadskategorin").click()
        said(page, f"Kostnadskategorin är sparad: {name}.")

    # The internal control plan with a risk and a control activity.
    page.goto(f"{base}/installningar/{ORG}/{YEAR}/internkontroll/")
    page.get_by_role("button", name="Skapa planen").click()
    page.get_by_role("heading", name="Ny risk").wait_for()
    add_risk = form_with(page, "Lägg till risken")
    add_risk.get_by_label("Risk:", exact=True).fill("Beslut fattas utan fullständigt underlag")
    add_risk.get_by_label("Sannolikhet").select_option(label="3 – Möjlig")
    add_risk.get_by_label("Konsekvens").select_option(label="3 – Kännbar")
    add_risk.get_by_role("button", name="Lägg till risken").click()
    page.locator("summary", has_text="Ny kontrollaktivitet för risk 1").click()
    add_activity = form_with(page, "Lägg till aktiviteten")
    add_activity.get_by_label("Kontrollaktivitet").fill("Stickprov på tre ärenden per tertial")
    add_activity.get_by_label("Ansvarig").fill("Nämndsekreterare")
    add_activity.get_by_label("Kontrollmetod").fill("Granskning av beslutsunderlag")
    add_activity.get_by_label("När").fill("Maj")
    add_activity.get_by_role("button", name="Lägg till aktiviteten").click()
    page.get_by_text("Kontrollaktivitet: Stickprov på tre ärenden per tertial").wait_for()
    assert ControlActivity.objects.filter(
        risk__plan__unit=top, risk__probability=3, what__startswith="Stickprov"
    ).exists()

    # An assignment (särskilt uppdrag).
    page.goto(f"{base}/installningar/{ORG}/{YEAR}/uppdrag/")
    add_assignment = form_with(page, "Lägg till uppdraget")
    add_assignment.get_by_label("Enhet").select_option(label=ORG_NAME)
    add_assignment.get_by_label("Rubrik").fill("Gemensam upphandling av tolktjänst")
    add_assignment.get_by_label("Kortnamn").fill("tolktjanst")
    add_assignment.get_by_label("Beslutande organ").fill("Nämnden")
    add_assignment.get_by_label("Beslut (diarienummer)").fill("GN 2026/12")
    add_assignment.get_by_role("button", name="Lägg till uppdraget").click()
    said(page, "Uppdraget är sparat: Gemensam upphandling av tolktjänst")
    assert Assignment.objects.filter(unit=top, decision_reference="GN 2026/12").exists()

    # A joint committee's words and amounts (its goals are "Nämndens mål", amounts in kr).
    page.goto(f"{base}/installningar/{ORG}/")
    page.get_by_role("link", name="Benämningar och belopp").click()
    page.get_by_label("Typ av organisation").select_option(label="Gemensam nämnd")
    page.get_by_role("button", name="Spara", exact=True).click()
    said(page, "Benämningarna och beloppsenheten är sparade.")

    # The report template: the default title says "Delårsrapport per maj 2026"; the
    # committee names the months its report covers.
    page.goto(f"{base}/installningar/{ORG}/")
    page.get_by_role("link", name="Rapportmallar").click()
    page.get_by_role("button", name="Gör en egen mall av standarden för delårsrapport").click()
    page.get_by_label("Rapportens rubrik").fill("{rapport} {år}, {period}")
    page.get_by_role("button", name="Spara mallen").first.click()
    said(page, "Mallen är sparad.")
    page.context.close()

    # ------------------------------------------------------------- 2. the controller
    page = accept_invitation(browser, base, requests, "controller@namnd-norr.example")
    page.goto(f"{base}/mal/{ORG}/{PERIOD}/")
    for day, title in MEETINGS:
        add = form_with(page, "Lägg till")
        add.get_by_label("Datum").fill(day)
        add.get_by_label("Tillfälle").fill(title)
        add.get_by_role("button", name="Lägg till", exact=True).click()
        page.get_by_role("button", name=f"Spara {title} {day}").wait_for()
    # The figure computed from the occasions, by its accessible name.
    assert re.match(r"3\b", page.get_by_label(f"Utfall för {COUNTED}").inner_text())
    assert Occasion.objects.filter(goal__unit=top, date__year=YEAR).count() == 3

    page.goto(f"{base}/styrkort/{ORG}/{PERIOD}/registrera/")
    row = page.locator("article", has=page.get_by_role("heading", name=TYPED))
    row.get_by_label("Utfall (%)").fill("85")
    row.get_by_label("Utfall (%)").press("Tab")
    row = page.locator("article", has=page.get_by_role("heading", name=TYPED))
    row.get_by_text("sparat").wait_for()
    assert MeasureOutcome.objects.get(measure=typed, period=period).value == 85

    page.goto(f"{base}/styrkort/{ORG}/{PERIOD}/registrera/ekonomi/")
    page.get_by_label("Utfall (kr), Personalkostnader").fill("−1 250 000")
    page.get_by_role("button", name="Spara Personalkostnader").click()
    page.get_by_text("Sparat", exact=True).wait_for()

    page.goto(f"{base}/styrkort/{ORG}/{PERIOD}/registrera/")
    checklist = page.locator(".checklist")
    # Both measures have an outcome (one typed, one counted), so the checklist has no
    # gap and asks for no "Klarmarkera ändå".
    checklist.get_by_text("Inget saknas").wait_for()
    assert checklist.get_by_label(re.compile("Klarmarkera ändå")).count() == 0
    checklist.get_by_role("button", name="Klarmarkera").click()
    said(page, "Perioden är klarmarkerad.")
    unit_period = UnitPeriod.objects.get(unit=top, period=period)
    assert unit_period.status == UnitPeriod.Status.SUBMITTED
    page.context.close()

    # ---------------------------------------------------------------- 3. the manager
    page = accept_invitation(browser, base, requests, "chef@namnd-norr.example")
    page.goto(f"{base}/styrkort/{ORG}/{PERIOD}/")
    page.get_by_label("Kommentar till controller").fill("Tre sammanträden hittills, enligt plan.")
    page.get_by_role("button", name="Godkänn").click()
    said(page, "Perioden är godkänd.")
    unit_period.refresh_from_db()
    assert unit_period.status == UnitPeriod.Status.APPROVED

    # ------------------------------------------------------------------- 4. the report
    page.goto(f"{base}/rapporter/{ORG}/{PERIOD}/")
    page.get_by_role("button", name="Skapa PDF").click()
    link = page.get_by_role("link", name=re.compile("Öppna PDF"))
    link.wait_for(timeout=120_000)
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as pdf_file:
        pdf = PdfReader(io.BytesIO(pdf_file.read()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert GOAL in text
    assert ORG_NAME in text
    assert "januari–maj" in text
    # The count of the spring's meetings, from the occasions: 3 of a target of 6 a year.
    assert re.search(r"Minst 6\sst\s+3\sst", text), text
    assert "Nämndens mål" in text and "Regionens" not in text  # the committee's words
    page.context.close()

    # ------------------------------------------------------------ 5. never the admin
    assert Organisation.objects.filter(slug=ORG).exists()
    paths = {urlsplit(u).path for u in requests.urls}
    assert {f"/installningar/{ORG}/anvandare/", f"/rapporter/{ORG}/{PERIOD}/"} <= paths
    assert requests.admin_paths() == []
