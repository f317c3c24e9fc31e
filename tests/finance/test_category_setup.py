"""Inställningar → Kategorier: the year's cost categories and investment types as trees,
made, renamed and removed in the portal, with the frozen-figures rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from finance.models import CostCategory, CostKind
from investments.models import InvestmentCategory
from scorecards.models import UnitPeriod
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world() -> dict[str, Any]:
    w = factories.entry_world("cs")
    year = w["periods"]["T1"].year
    w["year"] = year
    w["page"] = f"/installningar/{w['root'].organisation.slug}/{year.year}/kategorier/"
    w["staff"] = factories.cost_category(year, "personal", CostKind.STAFF, name="Personal")
    w["unused"] = factories.cost_category(
        year, "reservdelar", CostKind.OTHER, name="Reservdelar", order=1
    )
    factories.finance_figure(w["a"], w["periods"]["T1"], w["staff"], outcome="-32000000")
    w["it"] = factories.investment_category(year, "it", name="IT")
    w["datacenter"] = factories.investment_category(
        year, "datacenter", name="Datacenter", parent=w["it"]
    )
    w["fordon"] = factories.investment_category(year, "fordon", name="Fordon", order=1)
    factories.investment_outcome(w["a"], w["periods"]["T1"], w["datacenter"], current="5200000")
    return w


def admin(world: dict[str, Any]) -> Client:
    return factories.logged_in(world["admin"])


def cost_form(**values: object) -> dict[str, object]:
    return {
        "name": "Konsulter",
        "kind": CostKind.OTHER,
        "line": "",
        "slug": "",
        "order": "",
    } | values


def close_t1(world: dict[str, Any]) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=UnitPeriod.Status.APPROVED)


def logged(obj: object, flag: int) -> bool:
    return LogEntry.objects.filter(object_id=str(obj.pk), action_flag=flag).exists()  # type: ignore[attr-defined]


# ------------------------------------------------------------------------- the page


def test_the_page_shows_cost_categories_under_their_kinds_and_types_as_a_tree(
    world: dict[str, Any],
) -> None:
    page = admin(world).get(world["page"]).content.decode()
    personal = page.index("<strong>Personal</strong>")
    assert personal < page.index('id="kostnad-') < page.index("<strong>Övriga kostnader</strong>")
    it = page.index(f'id="investering-{world["it"].pk}"')
    nested = page.index("<ul>", it)
    assert it < nested < page.index(f'id="investering-{world["datacenter"].pk}"')
    assert "Kan inte tas bort: kategorin har sparade utfall." in page
    assert 'for="id_c-new_name"' in page  # every field has its label


def test_the_page_costs_the_same_queries_with_more_categories(world: dict[str, Any]) -> None:
    client = admin(world)
    client.get(world["page"])  # the session and the caches
    with CaptureQueriesContext(connection) as few:
        client.get(world["page"])
    for n in range(5):
        factories.cost_category(world["year"], f"extra-{n}", CostKind.OTHER)
        factories.investment_category(world["year"], f"sub-{n}", parent=world["it"])
    with CaptureQueriesContext(connection) as many:
        client.get(world["page"])
    assert len(many) == len(few)


def test_the_year_page_links_to_the_categories(world: dict[str, Any]) -> None:
    year_page = world["page"].removesuffix("kategorier/")
    assert f'href="{world["page"]}"' in admin(world).get(year_page).content.decode()


# ------------------------------------------------------------------ create and edit


def test_admin_creates_a_cost_category_without_javascript(world: dict[str, Any]) -> None:
    response = admin(world).post(f"{world['page']}kostnad/", cost_form(line="Ambulansflyg"))
    assert response.status_code == 302
    created = CostCategory.objects.get(year=world["year"], name="Konsulter")
    assert response["Location"].endswith(f"#kostnad-{created.pk}")
    assert (created.slug, created.line, created.order) == ("konsulter", "Ambulansflyg", 2)
    assert logged(created, ADDITION)


def test_admin_creates_an_investment_subtype_with_htmx(world: dict[str, Any]) -> None:
    response = admin(world).post(
        f"{world['page']}investering/", {"name": "Skrivare", "parent": world["it"].pk}, **HTMX
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content and 'id="category-content"' in content
    assert "Investeringstypen är sparad: Skrivare." in content
    created = InvestmentCategory.objects.get(year=world["year"], name="Skrivare")
    assert created.parent == world["it"]
    assert logged(created, ADDITION)


def test_rename_of_a_category_with_figures_is_allowed_and_audited(world: dict[str, Any]) -> None:
    close_t1(world)  # even with its figures approved: the name only labels them
    staff = world["staff"]
    response = admin(world).post(
        f"{world['page']}kostnad/",
        cost_form(id=staff.pk, name="Personalkostnader", kind=staff.kind, slug=staff.slug),
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.name == "Personalkostnader"
    entry = LogEntry.objects.get(object_id=str(staff.pk), action_flag=CHANGE)
    assert "namn" in entry.change_message


def test_a_second_category_with_the_same_short_name_is_refused_next_to_the_field(
    world: dict[str, Any],
) -> None:
    response = admin(world).post(f"{world['page']}kostnad/", cost_form(slug="personal"), **HTMX)
    assert response.status_code == 422
    content = response.content.decode()
    assert "Kortnamnet personal används redan" in content
    assert 'id="id_c-new_slug_error"' in content  # the message is tied to its field
    assert not CostCategory.objects.filter(name="Konsulter").exists()


# ------------------------------------------------------------- the frozen-figures rule


def test_kind_of_a_category_with_figures_in_an_open_period_may_change(
    world: dict[str, Any],
) -> None:
    staff = world["staff"]
    admin(world).post(
        f"{world['page']}kostnad/",
        cost_form(id=staff.pk, name=staff.name, kind=CostKind.OTHER, slug=staff.slug),
    )
    staff.refresh_from_db()
    assert staff.kind == CostKind.OTHER


def test_kind_of_a_category_with_figures_in_an_approved_period_is_refused(
    world: dict[str, Any],
) -> None:
    close_t1(world)
    staff = world["staff"]
    response = admin(world).post(
        f"{world['page']}kostnad/",
        cost_form(id=staff.pk, name=staff.name, kind=CostKind.OTHER, slug=staff.slug),
        **HTMX,
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert "har utfall i en period som inte längre är öppen (Division 0, T1 2021)" in content
    assert f'id="id_c{staff.pk}_kind_error"' in content
    staff.refresh_from_db()
    assert staff.kind == CostKind.STAFF


def test_an_investment_type_with_approved_outcomes_keeps_its_parent(
    world: dict[str, Any],
) -> None:
    close_t1(world)
    datacenter = world["datacenter"]
    response = admin(world).post(
        f"{world['page']}investering/",
        {"id": datacenter.pk, "name": "Datacenter", "parent": world["fordon"].pk, "slug": ""},
        **HTMX,
    )
    assert response.status_code == 422
    assert "Typen kan därför inte flyttas" in response.content.decode()
    datacenter.refresh_from_db()
    assert datacenter.parent == world["it"]


def test_a_type_with_subtypes_stays_at_the_top(world: dict[str, Any]) -> None:
    response = admin(world).post(
        f"{world['page']}investering/",
        {"id": world["it"].pk, "name": "IT", "parent": world["fordon"].pk},
        **HTMX,
    )
    assert response.status_code == 422
    assert "högst två nivåer" in response.content.decode()


# ------------------------------------------------------------------------- deletion


def test_an_unused_cost_category_and_investment_type_are_deleted(world: dict[str, Any]) -> None:
    client = admin(world)
    unused, fordon = world["unused"], world["fordon"]
    assert client.post(f"{world['page']}kostnad/ta-bort/", {"id": unused.pk}).status_code == 302
    response = client.post(f"{world['page']}investering/ta-bort/", {"id": fordon.pk}, **HTMX)
    assert response.status_code == 200
    assert "Investeringstypen är borttagen: Fordon." in response.content.decode()
    assert not CostCategory.objects.filter(pk=unused.pk).exists()
    assert not InvestmentCategory.objects.filter(pk=fordon.pk).exists()
    assert logged(unused, DELETION) and logged(fordon, DELETION)


def test_deleting_a_category_with_stored_figures_is_refused_saying_why(
    world: dict[str, Any],
) -> None:
    client = admin(world)
    staff = world["staff"]
    response = client.post(f"{world['page']}kostnad/ta-bort/", {"id": staff.pk}, **HTMX)
    assert response.status_code == 422
    assert (
        "Kostnadskategorin Personal kan inte tas bort: den har sparade utfall "
        "(1 rader, bland annat Division 0, T1 2021)"
    ) in response.content.decode()
    # Without JavaScript: back to the page, which says why.
    plain = client.post(f"{world['page']}kostnad/ta-bort/", {"id": staff.pk}, follow=True)
    assert "kan inte tas bort: den har sparade utfall" in plain.content.decode()
    assert CostCategory.objects.filter(pk=staff.pk).exists()
    assert not logged(staff, DELETION)


def test_deleting_an_investment_type_with_outcomes_frames_or_subtypes_is_refused(
    world: dict[str, Any],
) -> None:
    client = admin(world)
    factories.investment_frame(world["a"], world["fordon"], "27000000")
    for category, reason in (
        (world["datacenter"], "den har sparade utfall"),
        (world["fordon"], "den har investeringsramar (Division 0)"),
        (world["it"], "den har undertyper (Datacenter)"),
    ):
        response = client.post(f"{world['page']}investering/ta-bort/", {"id": category.pk}, **HTMX)
        assert response.status_code == 422
        assert reason in response.content.decode()
        assert InvestmentCategory.objects.filter(pk=category.pk).exists()


# --------------------------------------------------------------------- who may do it


def test_another_organisations_category_is_not_found(world: dict[str, Any]) -> None:
    other = factories.entry_world("cs-other")
    theirs = factories.cost_category(other["periods"]["T1"].year, "x", CostKind.OTHER)
    client = admin(world)
    assert client.post(f"{world['page']}kostnad/ta-bort/", {"id": theirs.pk}).status_code == 404
    edit = cost_form(id=theirs.pk, name="Kapad")
    assert client.post(f"{world['page']}kostnad/", edit).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "X"


def test_someone_of_another_organisation_gets_404(world: dict[str, Any]) -> None:
    other = factories.entry_world("cs-other")
    for who in ("manager", "controller"):
        client = factories.logged_in(other[who])
        assert client.get(world["page"]).status_code == 404
        assert client.post(f"{world['page']}kostnad/", cost_form()).status_code == 404
    assert not CostCategory.objects.filter(name="Konsulter").exists()


def test_the_organisations_controller_and_manager_get_403(world: dict[str, Any]) -> None:
    for who in ("controller", "manager", "reader"):
        client = factories.logged_in(world[who])
        assert client.get(world["page"]).status_code == 403
        assert client.post(f"{world['page']}kostnad/", cost_form()).status_code == 403
        delete = client.post(f"{world['page']}kostnad/ta-bort/", {"id": world["unused"].pk})
        assert delete.status_code == 403
    assert not CostCategory.objects.filter(name="Konsulter").exists()
    assert CostCategory.objects.filter(pk=world["unused"].pk).exists()


def test_a_get_changes_nothing(world: dict[str, Any]) -> None:
    client = admin(world)

    def state() -> tuple[int, ...]:
        return (
            CostCategory.objects.count(),
            InvestmentCategory.objects.count(),
            LogEntry.objects.count(),
        )

    before = state()
    assert client.get(world["page"]).status_code == 200
    for path in ("kostnad/", "kostnad/ta-bort/", "investering/", "investering/ta-bort/"):
        response = client.get(f"{world['page']}{path}", {"id": world["unused"].pk})
        assert response.status_code == 405
    assert state() == before


@pytest.mark.parametrize("garbage", ["abc", "²", "-1", "9" * 40, "", "\x00", "1.5"])
def test_a_garbage_id_gives_no_500(world: dict[str, Any], garbage: str) -> None:
    client = admin(world)
    for path in ("kostnad/ta-bort/", "investering/ta-bort/"):
        assert client.post(f"{world['page']}{path}", {"id": garbage}).status_code == 404
    for path, form in (
        ("kostnad/", cost_form(id=garbage, order=garbage)),
        ("investering/", {"id": garbage, "name": "Ny", "parent": garbage}),
    ):
        assert client.post(f"{world['page']}{path}", form, **HTMX).status_code < 500
    assert client.get(f"/installningar/cs/{garbage or 0}/kategorier/").status_code == 404
