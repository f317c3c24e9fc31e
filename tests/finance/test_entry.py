"""Entering finance figures: Swedish amounts, derived values, totals, follow-ups, locks, roles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from finance import services
from finance.models import CostKind, FinanceFigure, FollowUpRow
from scorecards.models import UnitPeriod
from scorecards.services import EntryError, PeriodClosed
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
MINUS = "\u2212"
PAGE = "/styrkort/{unit}/2021-T1/registrera/ekonomi/"
CATEGORY = "/styrkort/{unit}/2021-T1/registrera/ekonomi/kategori/{pk}/"
FOLLOW_UP = "/styrkort/{unit}/2021-T1/registrera/ekonomi/uppfoljning/{pk}/"
AMOUNTS = ("outcome", "period_budget", "annual_budget", "annual_forecast", "outcome_previous_year")


@pytest.fixture
def world() -> dict[str, Any]:
    w = factories.entry_world("fi")
    year = w["periods"]["T1"].year
    w["staff"] = factories.cost_category(year, "personal", CostKind.STAFF, name="Personal")
    w["income"] = factories.cost_category(
        year, "intakter", CostKind.INCOME, name="Intäkter", order=1
    )
    w["figure"] = factories.finance_figure(
        w["a"],
        w["periods"]["T1"],
        w["staff"],
        outcome="-32000000",
        period_budget="-33000000",
        outcome_previous_year="-32465224",
        comment="Tidigare förklaring.",
    )
    w["covid"] = factories.follow_up_table(
        w["a"],
        w["periods"]["T1"],
        "Covid-19",
        [("Skyddsutrustning", "-100000"), ("Intäktsbortfall", None)],
    )
    return w


def figure(world: dict[str, Any], key: str = "staff") -> FinanceFigure | None:
    return FinanceFigure.objects.filter(
        unit=world["a"], period=world["periods"]["T1"], category=world[key]
    ).first()


def row(world: dict[str, Any], label: str = "Skyddsutrustning") -> FollowUpRow:
    return FollowUpRow.objects.get(table=world["covid"], label=label)


def client(world: dict[str, Any], who: str) -> Client:
    return factories.logged_in(world[who])


def status(world: dict[str, Any], value: str) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=value)


def post(
    world: dict[str, Any], who: str, key: str = "staff", htmx: bool = True, **fields: str
) -> Any:
    stored = figure(world, key)
    data = {name: "" for name in AMOUNTS}
    data["comment"] = ""
    data["version"] = str(stored.version if stored else 0)
    data.update(fields)
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = CATEGORY.format(unit=world["a"].slug, pk=world[key].pk)
    return client(world, who).post(url, data, **extra)


def post_row(world: dict[str, Any], who: str, htmx: bool = True, **fields: str) -> Any:
    data = {"amount": "", "version": str(row(world).version), **fields}
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = FOLLOW_UP.format(unit=world["a"].slug, pk=row(world).pk)
    return client(world, who).post(url, data, **extra)


def test_htmx_save_parses_kr_and_returns_the_row_with_derived_values_and_totals(
    world: dict[str, Any],
) -> None:
    response = post(
        world,
        "controller",
        outcome="−32 533 999",
        period_budget="-37 533 999",
        annual_budget="−110 000 000",
        annual_forecast="-104000000",
        outcome_previous_year="−32 465 224",
        comment="**Överskott** på personalkostnaderna.",
    )
    html = response.content.decode()
    assert response.status_code == 200
    stored = figure(world)
    assert stored is not None
    assert stored.outcome == Decimal(-32533999)
    assert stored.period_budget == Decimal(-37533999)
    assert stored.annual_budget == Decimal(-110000000)
    assert stored.comment == "**Överskott** på personalkostnaderna."
    assert stored.version == 2
    assert html.lstrip().startswith(f'<tbody id="fc{world["staff"].pk}"')
    # Stored values come back formatted the Swedish way.
    assert f'value="{MINUS}32 533 999"' in html
    # Deviation +5 000 000; net cost change −68 775 kr and +0,21 % (seed 001).
    assert f"+5{NBSP}000{NBSP}000" in html
    assert f"{MINUS}68{NBSP}775" in html
    assert f"+0,21{NBSP}%" in html
    # The unit's totals come along out of band.
    totals = html.split('<tbody id="finance-total"')[1]
    assert 'hx-swap-oob="true"' in totals.split(">")[0]
    assert f"{MINUS}32{NBSP}533{NBSP}999" in totals
    assert "Sparat" in html


def test_a_category_without_figures_is_created_at_version_one(world: dict[str, Any]) -> None:
    assert figure(world, "income") is None
    response = post(world, "controller", key="income", outcome="69 331 336")
    assert response.status_code == 200
    stored = figure(world, "income")
    assert stored is not None and stored.outcome == Decimal(69331336) and stored.version == 1
    totals = response.content.decode().split('<tbody id="finance-total"')[1]
    assert f"37{NBSP}331{NBSP}336" in totals  # −32 000 000 + 69 331 336


def test_bad_amount_is_refused_with_the_field_named_and_nothing_saved(
    world: dict[str, Any],
) -> None:
    response = post(world, "controller", outcome="abc", period_budget="-1")
    html = response.content.decode()
    assert response.status_code == 422
    assert "Utfall (kr)" in html and "abc" in html and "inte ett tal" in html
    assert 'role="alert"' in html
    # The derived values stay those of the stored figures: deviation +1 000 000.
    assert f"+1{NBSP}000{NBSP}000" in html
    stored = figure(world)
    assert stored is not None and stored.outcome == Decimal(-32000000) and stored.version == 1


def test_stale_save_is_refused_with_their_value_and_who(world: dict[str, Any]) -> None:
    loaded = figure(world).version  # type: ignore[union-attr]
    assert post(world, "colleague", outcome="-31 000 000").status_code == 200
    response = post(world, "controller", outcome="-30 000 000", version=str(loaded))
    html = response.content.decode()
    assert response.status_code == 409
    assert figure(world).outcome == Decimal(-31000000)  # type: ignore[union-attr]
    assert "fi-c2" in html and f"{MINUS}31 000 000" in html
    assert "Skriv över med mitt värde" in html and "Behåll deras värde" in html
    assert post(world, "controller", outcome="-30 000 000").status_code == 200
    assert figure(world).outcome == Decimal(-30000000)  # type: ignore[union-attr]


@pytest.mark.parametrize("closed", ["submitted", "approved", "locked"])
def test_closed_period_refuses_web_post_and_service_calls(
    world: dict[str, Any], closed: str
) -> None:
    status(world, closed)
    response = post(world, "controller", outcome="-1")
    assert response.status_code == 422
    assert "kan inte ändras" in response.content.decode()
    assert post_row(world, "controller", amount="-1").status_code == 422
    with pytest.raises(PeriodClosed):
        services.finance_figure_set(
            actor=world["controller"],
            unit_period=world["up"],
            category=world["staff"],
            changes={"outcome": Decimal(-1)},
            expected_version=1,
        )
    with pytest.raises(PeriodClosed):
        services.follow_up_row_set(
            actor=world["controller"],
            unit_period=world["up"],
            row=row(world),
            changes={"amount": Decimal(-1)},
            expected_version=1,
        )
    assert figure(world).outcome == Decimal(-32000000)  # type: ignore[union-attr]
    assert row(world).amount == Decimal(-100000)


def test_closed_period_shows_everything_read_only_with_safe_markdown(
    world: dict[str, Any],
) -> None:
    FinanceFigure.objects.filter(pk=world["figure"].pk).update(
        comment="**Viktigt** <script>alert(1)</script>"
    )
    status(world, UnitPeriod.Status.LOCKED)
    html = client(world, "controller").get(PAGE.format(unit=world["a"].slug)).content.decode()
    main = html.split('id="finance-categories"')[1]
    assert "<input" not in main and "<textarea" not in main and "<form" not in main
    assert "<strong>Viktigt</strong>" in main and "<script>alert" not in main


def test_follow_up_row_saves_and_returns_the_new_summa(world: dict[str, Any]) -> None:
    response = post_row(world, "controller", amount="−12 500")
    html = response.content.decode()
    assert response.status_code == 200
    assert row(world).amount == Decimal(-12500)
    assert html.lstrip().startswith(f'<tbody id="fu{row(world).pk}"')
    summa = html.split(f'<tbody id="fu-sum{world["covid"].pk}"')[1]
    assert 'hx-swap-oob="true"' in summa.split(">")[0]
    assert f"{MINUS}12{NBSP}500" in summa
    bad = post_row(world, "controller", amount="12 kr")
    assert bad.status_code == 422 and "Belopp (kr)" in bad.content.decode()
    assert row(world).amount == Decimal(-12500)


def test_rows_of_other_years_and_units_are_404_and_refused_by_the_services(
    world: dict[str, Any],
) -> None:
    old_year = factories.periods(world["root"].organisation, 2020)["T1"].year
    old = factories.cost_category(old_year, "personal", CostKind.STAFF)
    url = CATEGORY.format(unit=world["a"].slug, pk=old.pk)
    assert (
        client(world, "controller").post(url, {"outcome": "1", "version": "0"}).status_code == 404
    )
    other_table = factories.follow_up_table(
        world["b"], world["periods"]["T1"], "Covid-19", [("Annat", "1")]
    )
    other_row = other_table.rows.get()
    url = FOLLOW_UP.format(unit=world["a"].slug, pk=other_row.pk)
    assert client(world, "controller").post(url, {"amount": "2", "version": "1"}).status_code == 404
    with pytest.raises(EntryError, match="hör inte till periodens år"):
        services.finance_figure_set(
            actor=world["controller"],
            unit_period=world["up"],
            category=old,
            changes={"outcome": Decimal(1)},
            expected_version=0,
        )
    with pytest.raises(EntryError, match="hör inte till enhetens"):
        services.follow_up_row_set(
            actor=world["controller"],
            unit_period=world["up"],
            row=other_row,
            changes={"amount": Decimal(2)},
            expected_version=1,
        )


def test_reader_gets_403_and_other_division_404(world: dict[str, Any]) -> None:
    status(world, UnitPeriod.Status.APPROVED)
    page = PAGE.format(unit=world["a"].slug)
    assert client(world, "reader").get(page).status_code == 403
    assert client(world, "other").get(page).status_code == 404
    assert post(world, "other", outcome="1").status_code == 404
    assert post_row(world, "other", amount="1").status_code == 404
    with pytest.raises(PermissionDenied):
        services.finance_figure_set(
            actor=world["reader"],
            unit_period=world["up"],
            category=world["staff"],
            changes={"comment": "x"},
            expected_version=1,
        )


def test_manager_writes_the_explanation_but_not_the_amounts(world: dict[str, Any]) -> None:
    page = client(world, "manager").get(PAGE.format(unit=world["a"].slug)).content.decode()
    assert f'id="id_fc{world["staff"].pk}_comment"' in page
    assert f'id="id_fc{world["staff"].pk}_outcome"' not in page
    response = post(world, "manager", outcome="-1", comment="Chefens förklaring.")
    assert response.status_code == 200
    stored = figure(world)
    assert stored is not None
    assert stored.comment == "Chefens förklaring." and stored.outcome == Decimal(-32000000)
    assert stored.history.first().history_user == world["manager"]
    assert post_row(world, "manager", amount="-1").status_code == 403
    assert row(world).amount == Decimal(-100000)


def test_every_change_is_audited_with_who_and_path(world: dict[str, Any]) -> None:
    post(world, "controller", outcome="-31 000 000")
    post_row(world, "controller", amount="-5")
    for record in (figure(world).history.first(), row(world).history.first()):  # type: ignore[union-attr]
        assert record.history_user == world["controller"]
        assert record.history_change_reason == "webb"
    assert figure(world).history.first().prev_record.outcome == Decimal(-32000000)  # type: ignore[union-attr]


def test_get_changes_nothing(world: dict[str, Any]) -> None:
    c = client(world, "controller")
    url = CATEGORY.format(unit=world["a"].slug, pk=world["staff"].pk)
    response = c.get(url, {"outcome": "1", "version": "1"})
    assert response.status_code == 200
    assert f'value="{MINUS}32 000 000"' in response.content.decode()
    assert c.get(FOLLOW_UP.format(unit=world["a"].slug, pk=row(world).pk)).status_code == 200
    assert c.get(PAGE.format(unit=world["a"].slug)).status_code == 200
    assert figure(world).version == 1 and figure(world).history.count() == 1  # type: ignore[union-attr]
    assert row(world).version == 1 and row(world).history.count() == 1


def test_plain_post_redirects_back_and_an_error_shows_the_whole_page(
    world: dict[str, Any],
) -> None:
    response = post(world, "controller", htmx=False, outcome="-31 000 000")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/registrera/ekonomi/#fc{world['staff'].pk}")
    response = post_row(world, "controller", htmx=False, amount="-7")
    assert response["Location"].endswith(f"/registrera/ekonomi/#fu{row(world).pk}")
    response = post(world, "controller", htmx=False, outcome="1.2.3")
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="finance-categories"' in html and 'id="finance-total"' in html
    assert "decimaltecken" in html and 'value="1.2.3"' in html


def test_every_input_has_a_label(world: dict[str, Any]) -> None:
    html = client(world, "controller").get(PAGE.format(unit=world["a"].slug)).content.decode()
    for category in (world["staff"], world["income"]):
        for name in (*AMOUNTS, "comment"):
            assert f'for="id_fc{category.pk}_{name}"' in html
    assert f'for="id_fu{row(world).pk}_amount"' in html


@pytest.mark.parametrize("scale", [1, 10])
def test_entry_page_query_count_does_not_grow_with_data(
    scale: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    w = factories.entry_world(f"fq{scale}")
    kinds = list(CostKind)
    for i in range(3 * scale):
        category = factories.cost_category(
            w["periods"]["T1"].year, f"k{i}", kinds[i % len(kinds)], order=i
        )
        factories.finance_figure(
            w["a"], w["periods"]["T1"], category, outcome="-1000000", comment=f"Förklaring {i}"
        )
    for i in range(scale):
        factories.follow_up_table(
            w["a"], w["periods"]["T1"], f"Tabell {i}", [("Rad", "1"), ("Rad", None)], order=i
        )
    c = factories.logged_in(w["controller"])
    # session, user; memberships + unit period (view rule); memberships (the user's
    # actions); figures; categories; follow-up tables; their rows.
    with django_assert_num_queries(8):
        response = c.get(PAGE.format(unit=w["a"].slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Förklaring ") >= 3 * scale and html.count('id="fu-sum') == scale
