"""A new organisation set up from the UI alone, as a person who never saw the code would:
the administrator creates it, its units, the first year, its own perspectives, goals
and measures, creates a user and makes them controller; the controller then enters a
T1 figure on the existing entry page and sees it on the scorecard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecards.models import (
    Measure,
    MeasureOutcome,
    Organisation,
    Perspective,
    Unit,
    UnitGoal,
    UnitMembership,
    UnitPeriod,
)
from tests import factories

pytestmark = pytest.mark.django_db

ORG = "kommunforbundet"
BASE = f"/installningar/{ORG}/"


@pytest.fixture
def admin() -> Client:
    client = Client()
    client.force_login(factories.user("chefadmin", superuser=True))
    return client


def post(client: Client, url: str, htmx: bool = True, **data: object) -> object:
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, data, **extra)


def test_new_organisation_from_the_ui_to_a_controllers_t1_figure(admin: Client) -> None:
    # The administrator finds "Inställningar" in the menu and creates the organisation.
    home = admin.get("/")
    assert 'href="/installningar/"' in home.content.decode()
    index = admin.get("/installningar/")
    assert index.status_code == 200
    assert "Ny organisation" in index.content.decode()
    created = post(
        admin,
        "/installningar/ny-organisation/",
        htmx=False,
        name="Kommunförbundet Norr",
        slug=ORG,
    )
    assert (created.status_code, created["Location"]) == (302, BASE)
    top = Unit.objects.get(slug=ORG)
    assert top.kind == Unit.Kind.ORGANISATION

    # Four units: three divisions and a department under the first one.
    for slug, name, kind, parent in [
        ("socialtjanst", "Socialtjänst", "division", top.pk),
        ("skola", "Skola", "division", top.pk),
        ("teknik", "Teknik", "division", top.pk),
    ]:
        response = post(admin, f"{BASE}enhet/", name=name, slug=slug, kind=kind, parent=parent)
        assert response.status_code == 200, response.content.decode()
    social = Unit.objects.get(slug="socialtjanst")
    response = post(
        admin,
        f"{BASE}enhet/",
        name="Äldreomsorg",
        slug="aldreomsorg",
        kind="department",
        parent=social.pk,
    )
    assert response.status_code == 200
    assert Unit.objects.filter(organisation__slug=ORG).count() == 5  # the top unit and four
    assert Unit.objects.get(slug="aldreomsorg").path == f"/{ORG}/socialtjanst/aldreomsorg/"

    # The first verksamhetsår: periods and open unit periods for the three divisions.
    response = post(admin, f"{BASE}verksamhetsar/", year="2026")
    assert response.status_code == 200
    assert "Styrmodell 2026" in response.content.decode()
    assert UnitPeriod.objects.filter(unit__organisation__slug=ORG).count() == 3 * 3

    # Own perspectives (not the five BSC ones).
    year_url = f"{BASE}2026/"
    assert admin.get(year_url).status_code == 200
    for name in ("Invånare", "Hållbar utveckling", "Ekonomi"):
        response = post(admin, f"{year_url}perspektiv/", name=name, description="")
        assert response.status_code == 200
    perspectives = {p.name: p for p in Perspective.objects.filter(year__organisation__slug=ORG)}
    assert list(Perspective.objects.filter(year__organisation__slug=ORG).order_by("order")) == [
        perspectives["Invånare"],
        perspectives["Hållbar utveckling"],
        perspectives["Ekonomi"],
    ]
    assert perspectives["Invånare"].slug == "invanare"
    response = post(
        admin,
        f"{year_url}strategiskt-mal/",
        parent=perspectives["Invånare"].pk,
        title="Invånarna är nöjda med välfärden",
    )
    assert response.status_code == 200
    strategic = perspectives["Invånare"].strategic_goals.get()
    response = post(
        admin,
        f"{year_url}framgangsfaktor/",
        parent=strategic.pk,
        title="Tillgänglig service",
    )
    assert response.status_code == 200
    factor = strategic.success_factors.get()

    # Three goals of Socialtjänst, each with a measure.
    goals = [
        ("Nöjda brukare", "Invånare", factor.pk),
        ("Minskad energianvändning", "Hållbar utveckling", ""),
        ("Ekonomi i balans", "Ekonomi", ""),
    ]
    for title, perspective, success_factor in goals:
        response = post(
            admin,
            f"{year_url}mal/",
            parent=social.pk,
            title=title,
            perspective=perspectives[perspective].pk,
            success_factor=success_factor,
        )
        assert response.status_code == 200, response.content.decode()
    unit_goals = {g.title: g for g in UnitGoal.objects.filter(unit=social)}
    assert unit_goals["Nöjda brukare"].success_factor == factor
    measures = [
        ("Nöjda brukare", "Andel nöjda brukare", "at_least", "80 %", "%", ""),
        ("Minskad energianvändning", "Energianvändning", "decrease", "", "MWh", "1 250"),
        ("Ekonomi i balans", "Resultat mot budget", "at_least", "0", "mnkr", ""),
    ]
    for goal, name, direction, target, unit, baseline in measures:
        response = post(
            admin,
            f"{year_url}styrmatt/",
            parent=unit_goals[goal].pk,
            name=name,
            key="",
            description="",
            value_kind="number",
            unit_of_measurement=unit,
            decimals="0",
            baseline_value=baseline,
            baseline_text="",
            baseline_label="",
            target_direction=direction,
            target_value=target,
            target_text="",
            partly_threshold="",
            frequency="tertial",
        )
        assert response.status_code == 200, response.content.decode()
    satisfied = Measure.objects.get(goal__unit=social, name="Andel nöjda brukare")
    assert satisfied.key == "andel-nojda-brukare"
    assert satisfied.target_value == Decimal(80)
    assert satisfied.target_text == "Minst 80\u00a0%"
    assert Measure.objects.get(key="energianvandning").baseline_value == Decimal(1250)

    # A new user, made in the Django admin, gets the controller role on Socialtjänst.
    response = admin.post(
        "/admin/auth/user/add/",
        {
            "username": "controller_social",
            "usable_password": "true",
            "password1": "Ett-langt-losenord-2026",
            "password2": "Ett-langt-losenord-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation_page = admin.get(BASE).content.decode()
    # The page leads to Användare (invitations), not into the admin.
    assert f'href="{BASE}anvandare/"' in organisation_page
    assert "/admin/auth/user/add/" not in organisation_page
    response = post(
        admin, f"{BASE}behorighet/", username="controller_social", unit=social.pk, role="controller"
    )
    assert response.status_code == 200
    assert UnitMembership.objects.filter(
        user__username="controller_social", unit=social, role="controller"
    ).exists()

    # The controller enters T1 on the existing entry page and sees it on the scorecard.
    controller = Client()
    controller.force_login(User.objects.get(username="controller_social"))
    entry = controller.get("/styrkort/socialtjanst/2026-T1/registrera/")
    assert entry.status_code == 200
    assert "Andel nöjda brukare" in entry.content.decode()
    saved = controller.post(
        f"/styrkort/socialtjanst/2026-T1/registrera/styrmatt/{satisfied.pk}/",
        {
            "value": "84,5",
            "text": "",
            "comment": "Enkät i mars.",
            "forecast": "",
            "manual_attainment": "",
            "override_justification": "",
            "version": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200, saved.content.decode()
    assert MeasureOutcome.objects.get(measure=satisfied).value == Decimal("84.5")
    card = controller.get("/styrkort/socialtjanst/2026-T1/").content.decode()
    assert "84\u00a0%" in card or "84,5" in card or "85\u00a0%" in card
    assert "Uppnått" in card
    # The controller has no set-up pages.
    assert controller.get("/installningar/").status_code == 403
    assert controller.get(BASE).status_code == 403
    assert Organisation.objects.filter(slug=ORG).count() == 1

    # The administrator rolls the model over to 2027 from the organisation page's link.
    assert 'href="/nytt-verksamhetsar/kommunforbundet/"' in admin.get(BASE).content.decode()
    plan = admin.get(f"/nytt-verksamhetsar/{ORG}/")
    assert plan.status_code == 200
    assert "Skapa verksamhetsår 2027" in plan.content.decode()
    rolled = admin.post(f"/nytt-verksamhetsar/{ORG}/", {"to": "2027", "confirm": "on"})
    assert (rolled.status_code, rolled["Location"]) == (302, f"{BASE}2027/")
    carried = Measure.objects.get(
        goal__unit=social, goal__perspective__year__year=2027, key=satisfied.key
    )
    assert carried.target_is_proposal and carried.target_value == Decimal(80)
    assert "Förslag" in admin.get(f"{BASE}2027/?enhet=socialtjanst").content.decode()
    assert sorted(
        UnitPeriod.objects.filter(unit=social, period__year__year=2027).values_list(
            "period__key", flat=True
        )
    ) == ["2027", "2027-T1", "2027-T2"]
    # Nothing of 2026 changed: its outcome and target are as entered.
    assert MeasureOutcome.objects.get(measure=satisfied).value == Decimal("84.5")
    satisfied.refresh_from_db()
    assert not satisfied.target_is_proposal

    # The organisation started with the standard årshjul, so the controller's home page
    # shows what is due (T1 2026 is still open) and links the årshjul.
    home = controller.get("/").content.decode()
    assert "Att göra" in home
    assert "Socialtjänst, T1 2026" in home or "Socialtjänst, T1 2027" in home
    assert f'href="/arshjul/{ORG}/' in home


def test_a_division_added_after_the_first_year_gets_its_periods(admin: Client) -> None:
    post(admin, "/installningar/ny-organisation/", name="Förbundet", slug=ORG)
    post(admin, f"{BASE}verksamhetsar/", year="2026")
    top = Unit.objects.get(slug=ORG)
    post(
        admin,
        f"{BASE}enhet/",
        name="Ny division",
        slug="ny-division",
        kind="division",
        parent=top.pk,
    )
    keys = UnitPeriod.objects.filter(unit__slug="ny-division").values_list("period__key", flat=True)
    assert sorted(keys) == ["2026", "2026-T1", "2026-T2"]


def test_only_the_first_year_is_made_here(admin: Client) -> None:
    post(admin, "/installningar/ny-organisation/", name="Förbundet", slug=ORG)
    post(admin, f"{BASE}verksamhetsar/", year="2026")
    response = post(admin, f"{BASE}verksamhetsar/", year="2027")
    assert response.status_code == 422
    assert "Nytt verksamhetsår" in response.content.decode()
    assert not Organisation.objects.get(slug=ORG).years.filter(year=2027).exists()
