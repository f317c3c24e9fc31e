"""Entering investment outcomes: the roll-up table, the parent/child rule, locks, roles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from investments import services
from investments.models import InvestmentCategory, InvestmentOutcome
from scorecards.models import UnitPeriod
from scorecards.services import EntryError, PeriodClosed
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
MINUS = "\u2212"
PAGE = "/styrkort/{unit}/2021-T1/registrera/investeringar/"
CATEGORY = "/styrkort/{unit}/2021-T1/registrera/investeringar/typ/{pk}/"
AMOUNTS = ("outcome_earlier_decisions", "outcome_current_decisions", "forecast")


def kr(text: str) -> str:
    """How a template shows an amount: NBSP thousands, U+2212 minus."""
    return text.replace(" ", NBSP).replace("-", MINUS)


@pytest.fixture
def world() -> dict[str, Any]:
    w = factories.entry_world("iv")
    year = w["periods"]["T1"].year
    t1 = w["periods"]["T1"]
    w["it"] = factories.investment_category(year, "it", name="IT")
    w["datacenter"] = factories.investment_category(
        year, "it-datacenter", name="Datacenter", parent=w["it"]
    )
    w["printers"] = factories.investment_category(
        year, "it-skrivare", name="Skrivare", parent=w["it"], order=1
    )
    w["mt"] = factories.investment_category(year, "mt", name="MT", order=1)
    w["mt_near"] = factories.investment_category(
        year, "mt-nara", name="MT Närsjukvården", parent=w["mt"]
    )
    factories.investment_frame(w["a"], w["it"], "27000000")
    factories.investment_outcome(w["a"], t1, w["datacenter"], earlier="3600000")
    factories.investment_outcome(w["a"], t1, w["mt"], current="1300000", comment="MT-kommentar.")
    return w


def outcome(world: dict[str, Any], key: str) -> InvestmentOutcome | None:
    return InvestmentOutcome.objects.filter(
        unit=world["a"], period=world["periods"]["T1"], category=world[key]
    ).first()


def client(world: dict[str, Any], who: str) -> Client:
    return factories.logged_in(world[who])


def status(world: dict[str, Any], value: str) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=value)


def post(world: dict[str, Any], who: str, key: str, htmx: bool = True, **fields: str) -> Any:
    """Post only the given fields, as the row does (computed amounts have no input)."""
    stored = outcome(world, key)
    data = {"version": str(stored.version if stored else 0), **fields}
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = CATEGORY.format(unit=world["a"].slug, pk=world[key].pk)
    return client(world, who).post(url, data, **extra)


def service_set(world: dict[str, Any], key: str, who: str = "controller", **changes: Any) -> Any:
    stored = outcome(world, key)
    return services.investment_outcome_set(
        actor=world[who],
        unit_period=world["up"],
        category=world[key],
        changes=changes,
        expected_version=stored.version if stored else 0,
    )


def test_htmx_save_on_a_child_returns_the_table_with_the_parent_rolled_up(
    world: dict[str, Any],
) -> None:
    response = post(
        world,
        "controller",
        "datacenter",
        outcome_earlier_decisions="3 600 000",
        outcome_current_decisions="8 100 000",
        forecast="602",
        comment="Nytt datacenter.",
    )
    html = response.content.decode()
    assert response.status_code == 200
    stored = outcome(world, "datacenter")
    assert stored is not None
    assert stored.outcome_current_decisions == Decimal(8100000)
    assert stored.forecast == Decimal(602)
    assert stored.comment == "Nytt datacenter."
    assert stored.version == 2
    assert html.lstrip().startswith('<div id="investment-table"')
    it_row = html.split(f'<tbody id="ic{world["it"].pk}"')[1].split("</tbody>")[0]
    assert kr("3 600 000") in it_row and kr("8 100 000") in it_row
    assert kr("11 700 000") in it_row  # Utfall totalt of IT, computed
    assert kr("27 000 000") in it_row  # the frame, read-only
    total = html.split('<tbody id="investment-total"')[1]
    assert kr("13 000 000") in total  # 11 700 000 on IT + 1 300 000 on MT
    assert "Sparat" in html.split(f'<tbody id="ic{world["datacenter"].pk}"')[1].split("</tbody>")[0]


def test_negative_amounts_in_swedish_notation_are_saved(world: dict[str, Any]) -> None:
    response = post(world, "controller", "printers", outcome_current_decisions="−32 533 999")
    assert response.status_code == 200
    assert outcome(world, "printers").outcome_current_decisions == Decimal(-32533999)  # type: ignore[union-attr]
    assert f'value="{MINUS}32 533 999"' in response.content.decode()


def test_amount_on_a_parent_whose_children_carry_it_is_refused(world: dict[str, Any]) -> None:
    response = post(world, "controller", "it", outcome_earlier_decisions="1 000")
    html = response.content.decode()
    assert response.status_code == 422
    assert "kan inte registreras på IT" in html and "Datacenter" in html
    assert outcome(world, "it") is None
    with pytest.raises(EntryError, match="på IT: underliggande typer \\(Datacenter\\)"):
        service_set(world, "it", outcome_earlier_decisions=Decimal(1000))
    assert outcome(world, "it") is None


def test_amount_on_a_child_whose_parent_carries_it_is_refused(world: dict[str, Any]) -> None:
    response = post(world, "controller", "mt_near", outcome_current_decisions="5")
    assert response.status_code == 422
    assert "överordnade typen MT" in response.content.decode()
    assert outcome(world, "mt_near") is None
    with pytest.raises(EntryError, match="MT Närsjukvården"):
        service_set(world, "mt_near", outcome_current_decisions=Decimal(5))
    # Other amounts of the child, and clearing, are allowed.
    assert post(world, "controller", "mt_near", forecast="7").status_code == 200
    assert post(world, "controller", "mt_near", outcome_current_decisions="").status_code == 200


def test_a_parent_may_carry_an_amount_no_child_has_then_the_children_may_not(
    world: dict[str, Any],
) -> None:
    assert post(world, "controller", "it", forecast="27 000 000").status_code == 200
    assert outcome(world, "it").forecast == Decimal(27000000)  # type: ignore[union-attr]
    response = post(world, "controller", "printers", forecast="1")
    assert response.status_code == 422
    assert "överordnade typen IT" in response.content.decode()


def test_inputs_are_shown_only_where_typing_is_allowed(world: dict[str, Any]) -> None:
    html = client(world, "controller").get(PAGE.format(unit=world["a"].slug)).content.decode()
    it, dc, mt, near = (world[k].pk for k in ("it", "datacenter", "mt", "mt_near"))
    assert f'id="id_ic{it}_outcome_earlier_decisions"' not in html  # Datacenter carries it
    assert f'id="id_ic{it}_forecast"' in html
    assert f'id="id_ic{dc}_outcome_earlier_decisions"' in html
    assert f'id="id_ic{mt}_outcome_current_decisions"' in html
    assert f'id="id_ic{near}_outcome_current_decisions"' not in html  # MT carries it
    assert 'name="frame"' not in html and "amount" not in html
    assert f'for="id_ic{dc}_comment"' in html


def test_bad_amount_is_refused_with_the_field_named_and_nothing_saved(
    world: dict[str, Any],
) -> None:
    response = post(
        world, "controller", "datacenter", outcome_current_decisions="abc", forecast="5"
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Utfall beslut inför/under året (kr)" in html and "abc" in html
    assert "inte ett tal" in html and 'role="alert"' in html
    stored = outcome(world, "datacenter")
    assert stored is not None and stored.forecast is None and stored.version == 1


def test_stale_save_is_refused_with_their_value_and_who(world: dict[str, Any]) -> None:
    loaded = outcome(world, "datacenter").version  # type: ignore[union-attr]
    assert post(world, "colleague", "datacenter", forecast="4 000 000").status_code == 200
    response = post(world, "controller", "datacenter", forecast="5 000 000", version=str(loaded))
    html = response.content.decode()
    assert response.status_code == 409
    assert outcome(world, "datacenter").forecast == Decimal(4000000)  # type: ignore[union-attr]
    assert "iv-c2" in html and "4 000 000" in html
    assert "Skriv över med mitt värde" in html and "Behåll deras värde" in html
    assert post(world, "controller", "datacenter", forecast="5 000 000").status_code == 200
    assert outcome(world, "datacenter").forecast == Decimal(5000000)  # type: ignore[union-attr]


@pytest.mark.parametrize("closed", ["submitted", "approved", "locked"])
def test_closed_period_refuses_web_post_and_service_call(
    world: dict[str, Any], closed: str
) -> None:
    status(world, closed)
    response = post(world, "controller", "datacenter", forecast="1")
    assert response.status_code == 422
    assert "kan inte ändras" in response.content.decode()
    with pytest.raises(PeriodClosed):
        service_set(world, "datacenter", forecast=Decimal(1))
    assert outcome(world, "datacenter").forecast is None  # type: ignore[union-attr]
    page = client(world, "controller").get(PAGE.format(unit=world["a"].slug)).content.decode()
    assert "<input" not in page.split('id="investment-entry"')[1]


def test_reader_gets_403_and_other_division_404(world: dict[str, Any]) -> None:
    status(world, UnitPeriod.Status.APPROVED)
    page = PAGE.format(unit=world["a"].slug)
    assert client(world, "reader").get(page).status_code == 403
    assert client(world, "other").get(page).status_code == 404
    assert post(world, "other", "datacenter", forecast="1").status_code == 404
    with pytest.raises(PermissionDenied):
        service_set(world, "datacenter", who="reader", comment="x")


def test_type_of_another_year_is_404_and_refused_by_the_service(world: dict[str, Any]) -> None:
    old_year = factories.periods(world["root"].organisation, 2020)["T1"].year
    old = factories.investment_category(old_year, "it", name="IT 2020")
    url = CATEGORY.format(unit=world["a"].slug, pk=old.pk)
    assert client(world, "controller").post(url, {"forecast": "1"}).status_code == 404
    with pytest.raises(EntryError, match="hör inte till periodens år"):
        services.investment_outcome_set(
            actor=world["controller"],
            unit_period=world["up"],
            category=old,
            changes={"forecast": Decimal(1)},
            expected_version=0,
        )


def test_manager_writes_the_comment_but_not_the_amounts(world: dict[str, Any]) -> None:
    page = client(world, "manager").get(PAGE.format(unit=world["a"].slug)).content.decode()
    assert f'id="id_ic{world["mt"].pk}_comment"' in page
    assert f'id="id_ic{world["mt"].pk}_outcome_current_decisions"' not in page
    response = post(
        world, "manager", "mt", outcome_current_decisions="1", comment="Chefens kommentar."
    )
    assert response.status_code == 200
    stored = outcome(world, "mt")
    assert stored is not None
    assert stored.comment == "Chefens kommentar."
    assert stored.outcome_current_decisions == Decimal(1300000)


def test_every_change_is_audited_with_who_and_path(world: dict[str, Any]) -> None:
    post(world, "controller", "datacenter", forecast="9")
    record = outcome(world, "datacenter").history.first()  # type: ignore[union-attr]
    assert record.history_user == world["controller"]
    assert record.history_change_reason == "webb"
    assert record.forecast == Decimal(9)
    assert record.prev_record.forecast is None


def test_get_changes_nothing(world: dict[str, Any]) -> None:
    c = client(world, "controller")
    url = CATEGORY.format(unit=world["a"].slug, pk=world["datacenter"].pk)
    response = c.get(url, {"forecast": "1", "version": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="investment-table"')
    assert c.get(PAGE.format(unit=world["a"].slug)).status_code == 200
    stored = outcome(world, "datacenter")
    assert stored is not None and stored.version == 1 and stored.history.count() == 1
    assert outcome(world, "printers") is None


def test_plain_post_redirects_back_and_an_error_shows_the_whole_page(
    world: dict[str, Any],
) -> None:
    response = post(world, "controller", "datacenter", htmx=False, forecast="3")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/registrera/investeringar/#ic{world['datacenter'].pk}")
    response = post(world, "controller", "it", htmx=False, outcome_earlier_decisions="3")
    html = response.content.decode()
    assert response.status_code == 422
    assert "<h1>" in html and 'id="investment-entry"' in html
    assert "kan inte registreras på IT" in html


@pytest.mark.parametrize("scale", [1, 10])
def test_entry_page_query_count_does_not_grow_with_data(
    scale: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    w = factories.entry_world(f"iq{scale}")
    year = w["periods"]["T1"].year
    for i in range(scale):
        parent = factories.investment_category(year, f"p{i}", order=i)
        factories.investment_frame(w["a"], parent, "1000000")
        for j in range(3):
            child = factories.investment_category(year, f"p{i}-c{j}", parent=parent, order=j)
            factories.investment_outcome(
                w["a"], w["periods"]["T1"], child, earlier="1", comment=f"Kommentar {i}-{j}"
            )
    c = factories.logged_in(w["controller"])
    # session, user; memberships + unit period (view rule); memberships (the user's
    # actions); categories, frames, outcomes (the roll-up); the outcomes with versions.
    with django_assert_num_queries(8):
        response = c.get(PAGE.format(unit=w["a"].slug))
    assert response.status_code == 200
    assert response.content.decode().count('class="entry-row') == 4 * scale
    assert InvestmentCategory.objects.filter(year=year).count() == 4 * scale
