"""The årshjul pages and the home page's "Att göra", on the demo (today: 20 May 2021)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from annual_cycle import selectors, services
from annual_cycle.models import Deadline, Step
from scorecards.models import Organisation, UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

TODAY = datetime.date(2021, 5, 20)
ORG = "region-norrbotten"
CALENDAR = f"/arshjul/{ORG}/2021/"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's "today": T1 2021 is open, its registrering and klarmarkering overdue."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def text(html: bytes) -> str:
    """The page's text, tags dropped and white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode())).strip()


def htmx_post(client: Client, name: str, data: dict[str, object]) -> object:
    url = reverse(f"annual_cycle:{name}", kwargs={"organisation": ORG, "year": 2021})
    return client.post(url, data, HTTP_HX_REQUEST="true")


def form(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "deadline": "",
        "title": "Budgetunderlag",
        "period_kind": "",
        "step": Step.EVENT,
        "day": "3",
        "month": "6",
        "year_offset": "0",
        "remind_days_before": "7",
        "order": "0",
    }
    data.update(fields)
    return data


# --------------------------------------------------------------------------- calendar


def test_calendar_lists_deadlines_by_month_with_unit_states() -> None:
    page = text(client_for("controller").get(CALENDAR).content)
    assert "Årshjul 2021 – Region Norrbotten" in page
    # Months in order; dates the Swedish way; the period each concerns.
    assert page.index("Februari") < page.index("Maj") < page.index("December")
    assert (
        "7 februari 2021 Årsrapport (verksamhetsberättelse) – registrering klar Helår 2020 "
        "✓ Klart – Division Länsteknik"
    ) in page
    assert "14 maj 2021 (flyttad) Delårsrapport 1 – registrering klar T1 2021 ⚠ Försenat" in page
    assert "28 maj 2021 Delårsrapport 1 – godkänd T1 2021 ○ Ej klart – Division Länsteknik" in page
    assert "15 december 2021 Verksamhetsplan och internkontrollplan" in page
    assert "Hela organisationen Händelse" in page
    # Only the units the controller may see; no rules to edit.
    assert "Division Närsjukvård" not in page
    assert "Regler för årshjulet" not in page


def test_calendar_shows_each_user_their_units_only() -> None:
    other = text(client_for("controller_other").get(CALENDAR).content)
    assert "Division Närsjukvård" in other and "Division Länsteknik" not in other
    # A reader sees the approved periods only: last year's årsrapport, not T1 2021.
    reader = text(client_for("reader").get(CALENDAR).content)
    assert "Helår 2020 ✓ Klart – Division Länsteknik ✓ Klart – Division Närsjukvård" in reader
    assert "T1 2021 Ingen enhet du kan se." in reader


def test_calendar_of_an_unseen_organisation_is_404() -> None:
    User.objects.create_user("stranger", password="pw")
    assert client_for("stranger").get(CALENDAR).status_code == 404
    assert client_for("controller").get(f"/arshjul/{ORG}/99999/").status_code == 404
    assert client_for("admin").get("/arshjul/finns-inte/2021/").status_code == 404


def test_calendar_of_the_next_year_needs_nothing_new() -> None:
    """2022 has no periods yet: the dates come from the rules, the states when it exists."""
    page = text(client_for("admin").get(f"/arshjul/{ORG}/2022/").content)
    assert "14 februari 2022 Årsrapport (verksamhetsberättelse) – klarmarkerad Helår 2021" in page
    assert "○ Ej klart – Division Länsteknik" in page  # helår 2021 exists, open
    assert "17 maj 2022 Delårsrapport 1 – klarmarkerad T1 2022 Perioden är inte skapad ännu." in (
        page
    )


def test_calendar_costs_a_fixed_number_of_queries(
    django_assert_num_queries: object,
) -> None:
    org = Organisation.objects.get(slug=ORG)
    admin = User.objects.get(username="admin")

    def count() -> int:
        page = selectors.calendar(user=admin, organisation=org, year=2021, today=TODAY)
        return sum(len(m.entries) for m in page.months)

    with django_assert_num_queries(4):  # type: ignore[operator]
        before = count()
    services.deadline_create(
        actor=admin,
        organisation=org,
        values={"title": "Extra", "period_kind": "T2", "step": Step.ENTRY, "month": 9, "day": 1},
    )
    with django_assert_num_queries(4):  # type: ignore[operator]
        assert count() == before + 1


# ------------------------------------------------------------------ editing the rules


def test_admin_adds_changes_and_removes_a_rule_with_htmx() -> None:
    admin = client_for("admin")
    response = htmx_post(admin, "deadline_create", form())
    assert response.status_code == 200  # type: ignore[attr-defined]
    page = text(response.content)  # type: ignore[attr-defined]
    assert "Sparat: Budgetunderlag." in page
    assert "3 juni 2021 Budgetunderlag Hela organisationen Händelse" in page
    assert "<html" not in response.content.decode()  # type: ignore[attr-defined]  # a region
    deadline = Deadline.objects.get(title="Budgetunderlag")
    assert deadline.history.get().history_change_reason == "webb"  # type: ignore[attr-defined]

    response = htmx_post(admin, "deadline_update", form(deadline=deadline.pk, day="10"))
    assert "10 juni 2021 Budgetunderlag" in text(response.content)  # type: ignore[attr-defined]
    deadline.refresh_from_db()
    assert deadline.day == 10

    response = htmx_post(admin, "deadline_delete", {"deadline": deadline.pk})
    assert "Borttagen: Budgetunderlag." in text(response.content)  # type: ignore[attr-defined]
    assert not Deadline.objects.filter(pk=deadline.pk).exists()


def test_bad_rule_is_refused_in_swedish_and_nothing_changes() -> None:
    admin = client_for("admin")
    count = Deadline.objects.count()
    response = htmx_post(admin, "deadline_create", form(month="4", day="31"))
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "Månaden har inte så många dagar." in text(response.content)  # type: ignore[attr-defined]
    response = htmx_post(admin, "deadline_create", form(step=Step.APPROVAL))
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "Ange vilken period fristen gäller" in text(response.content)  # type: ignore[attr-defined]
    response = htmx_post(admin, "deadline_create", form(day="abc"))
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert Deadline.objects.count() == count


def test_without_javascript_a_save_redirects_back() -> None:
    response = client_for("admin").post(
        reverse("annual_cycle:deadline_create", kwargs={"organisation": ORG, "year": 2021}),
        form(),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}#regler"


def test_only_an_administrator_edits_the_rules() -> None:
    deadline = Deadline.objects.filter(organisation__slug=ORG).first()
    assert deadline is not None
    for name, data in [
        ("deadline_create", form()),
        ("deadline_update", form(deadline=deadline.pk)),
        ("deadline_delete", {"deadline": deadline.pk}),
        ("defaults_create", {}),
    ]:
        assert htmx_post(client_for("manager"), name, data).status_code == 403  # type: ignore[attr-defined]
    assert Deadline.objects.filter(pk=deadline.pk, day=deadline.day).exists()


def test_a_rule_of_another_organisation_is_404() -> None:
    other = Organisation.objects.create(slug="annan", name="Annan region")
    foreign = services.deadlines_create_default(organisation=other)[0]
    response = htmx_post(client_for("admin"), "deadline_delete", {"deadline": foreign.pk})
    assert response.status_code == 404  # type: ignore[attr-defined]


def test_default_cycle_for_an_organisation_without_one() -> None:
    Organisation.objects.create(slug="ny-region", name="Ny region")
    admin = client_for("admin")
    page = text(admin.get("/arshjul/ny-region/2021/").content)
    assert "Organisationen har inget årshjul ännu. Skapa standardårshjul" in page
    url = reverse(
        "annual_cycle:defaults_create", kwargs={"organisation": "ny-region", "year": 2021}
    )
    response = admin.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Standardårshjulet är skapat." in text(response.content)
    assert Deadline.objects.filter(organisation__slug="ny-region").count() == 13
    again = admin.post(url, HTTP_HX_REQUEST="true")
    assert again.status_code == 422
    assert "Organisationen har redan ett årshjul." in text(again.content)
    assert Deadline.objects.filter(organisation__slug="ny-region").count() == 13


# ------------------------------------------------------------------ reminder preview


def test_preview_shows_who_is_reminded_today_and_why() -> None:
    page = text(client_for("admin").get(f"/arshjul/{ORG}/paminnelser/").content)
    assert "Påminnelser 20 maj 2021 – Region Norrbotten" in page
    assert "4 påminnelser skickas vid nästa körning." in page
    assert (
        "Demo Controller Länsteknik (controller) Division Länsteknik T1 2021 "
        "Delårsrapport 1 – klarmarkerad 17 maj 2021 ⚠ Försenad "
        "Fristen för klarmarkeringen av Delårsrapport 1 var 17 maj 2021; "
        "perioden är fortfarande öppen. ✉ Skickas till controller@example.org"
    ) in page
    assert "manager" not in page  # godkännandet's window opens 21 May


def test_preview_of_another_day_and_after_sending() -> None:
    admin = client_for("admin")
    services.reminders_send(today=TODAY)
    page = text(admin.get(f"/arshjul/{ORG}/paminnelser/?datum=2021-05-22").content)
    assert "1 påminnelse skickas vid nästa körning." in page
    assert "Demo Divisionschef Länsteknik (manager)" in page
    assert page.count("✓ Skickad ") == 4
    bad = text(admin.get(f"/arshjul/{ORG}/paminnelser/?datum=22/5").content)
    assert "”22/5” är inget datum; skriv t.ex. 2021-05-20." in bad


# ------------------------------------------------------------------------ home page


def test_home_shows_the_controllers_overdue_and_next_deadline() -> None:
    page = text(client_for("controller").get("/").content)
    todo = page[page.index("Att göra") : page.index("Översikt per period")]
    assert (
        "14 maj 2021 Delårsrapport 1 – registrering klar Division Länsteknik, T1 2021 ⚠ Försenad"
    ) in todo
    assert "17 maj 2021 Delårsrapport 1 – klarmarkerad Division Länsteknik, T1 2021 ⚠ Försenad" in (
        todo
    )
    assert (
        "13 september 2021 Delårsrapport 2 – registrering klar Division Länsteknik, T2 2021 "
        "○ Näst på tur"
    ) in todo
    assert "godkänd" not in todo  # the chef's
    assert "Årshjul 2021 – Region Norrbotten" in todo


def test_home_shows_the_manager_the_approval() -> None:
    page = text(client_for("manager").get("/").content)
    todo = page[page.index("Att göra") : page.index("Översikt per period")]
    assert (
        "28 maj 2021 Delårsrapport 1 – godkänd Division Länsteknik, T1 2021 ○ Näst på tur" in todo
    )
    assert "Försenad" not in todo


def test_home_of_a_reader_has_no_deadlines() -> None:
    html = client_for("reader").get("/").content.decode()
    assert "Att göra" in html and "Frister i årshjulet för dina enheter" not in html


def test_submitted_period_moves_the_controller_on() -> None:
    UnitPeriod.objects.filter(unit__slug="lansteknik", period__key="2021-T1").update(
        status=UnitPeriod.Status.SUBMITTED
    )
    items = selectors.due_for(user=User.objects.get(username="controller"), today=TODAY)
    assert [(i.deadline.title, i.deadline.step, i.overdue) for i in items] == [
        ("Delårsrapport 2", Step.ENTRY, False)
    ]


def test_due_for_costs_a_fixed_number_of_queries(django_assert_num_queries: object) -> None:
    """Roles, unfinished unit periods, deadlines, moved dates: whatever the number of each."""
    controller = User.objects.get(username="controller")
    with django_assert_num_queries(4):  # type: ignore[operator]
        assert len(selectors.due_for(user=controller, today=TODAY)) == 3
    services.deadline_create(
        actor=None,
        organisation=Organisation.objects.get(slug=ORG),
        values={"title": "Extra", "period_kind": "T1", "step": Step.ENTRY, "month": 5, "day": 1},
    )
    controller = User.objects.get(username="controller")
    with django_assert_num_queries(4):  # type: ignore[operator]
        assert len(selectors.due_for(user=controller, today=TODAY)) == 4
