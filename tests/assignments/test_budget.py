"""An assignment's budget of hours or kronor: the forecast rule and its entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from assignments import rules, services
from assignments.models import AssignmentBudget, BudgetUnit
from scorecards.models import Role, UnitPeriod
from scorecards.services import PeriodClosed, Via
from tests import factories

NBSP, MINUS = "\u00a0", "\u2212"


def test_forecast_is_outcome_plus_remaining_and_difference_budget_minus_forecast() -> None:
    result = rules.budget_forecast(
        budget=Decimal("180"), outcome=Decimal("173.5"), remaining=Decimal("9")
    )
    assert result.forecast == Decimal("182.5")
    assert result.difference == Decimal("-2.5")


def test_no_forecast_without_outcome_and_remaining() -> None:
    result = rules.budget_forecast(budget=Decimal("180"), outcome=Decimal("10"), remaining=None)
    assert result == rules.BudgetForecast(forecast=None, difference=None)
    no_budget = rules.budget_forecast(budget=None, outcome=Decimal("1"), remaining=Decimal("2"))
    assert no_budget == rules.BudgetForecast(forecast=Decimal("3"), difference=None)


@pytest.fixture
def world(db: None) -> dict:
    root, (div_a, div_b) = factories.organisation_tree(2, slug="bud")
    p = factories.periods(root.organisation, 2021)
    up = factories.unit_period(div_a, p["T2"])
    factories.unit_period(div_b, p["T2"])
    assignment = factories.assignment(div_a, p["T2"].year, "fo-modell", title="FO-modell")
    return {
        "a": div_a,
        "up": up,
        "p": p,
        "assignment": assignment,
        "controller": factories.user("bc", unit=div_a, role=Role.CONTROLLER),
        "colleague": factories.user("bc2", unit=div_a, role=Role.CONTROLLER),
        "manager": factories.user("bm", unit=div_a, role=Role.MANAGER),
        "reader": factories.user("br", unit=root, role=Role.READER),
        "other": factories.user("bo", unit=div_b, role=Role.CONTROLLER),
    }


def url(world: dict) -> str:
    return (
        f"/styrkort/{world['a'].slug}/2021-T2/registrera/uppdrag/{world['assignment'].pk}/budget/"
    )


def stored(world: dict) -> AssignmentBudget | None:
    return AssignmentBudget.objects.filter(
        assignment=world["assignment"], period=world["p"]["T2"], unit=BudgetUnit.HOURS
    ).first()


def post(world: dict, who: str, *, htmx: bool = True, **fields: str) -> Any:
    current = stored(world)
    data = {
        "unit": "hours",
        "budget": "180",
        "outcome": "173,5",
        "remaining": "9",
        "version": str(current.version if current else 0),
    }
    data.update(fields)
    c = Client()
    c.force_login(world[who])
    extra: dict[str, Any] = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return c.post(url(world), data, **extra)


def test_htmx_save_shows_forecast_and_difference_and_is_audited(world: dict) -> None:
    response = post(world, "controller")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form") and f'id="u{world["assignment"].pk}-hours"' in html
    assert "182,5 timmar" in html and f"{MINUS}2,5 timmar" in html
    budget = stored(world)
    assert budget is not None
    assert (budget.budget, budget.outcome, budget.remaining, budget.version) == (
        Decimal("180"),
        Decimal("173.5"),
        Decimal("9"),
        1,
    )
    record = budget.history.first()  # type: ignore[attr-defined]
    assert record.history_change_reason == Via.WEB
    assert record.history_user == world["controller"]


def test_kronor_are_a_row_of_their_own(world: dict) -> None:
    post(world, "controller")
    response = post(
        world, "controller", unit="kr", budget="1 500 000", outcome="", remaining="", version="0"
    )
    assert response.status_code == 200
    assert AssignmentBudget.objects.filter(assignment=world["assignment"]).count() == 2
    kr = AssignmentBudget.objects.get(assignment=world["assignment"], unit=BudgetUnit.KRONOR)
    assert kr.budget == Decimal("1500000") and kr.outcome is None


def test_entry_page_shows_the_budget_forms(world: dict) -> None:
    post(world, "controller")
    c = Client()
    c.force_login(world["controller"])
    html = c.get(f"/styrkort/{world['a'].slug}/2021-T2/registrera/uppdrag/").content.decode()
    assert "Budget i timmar" in html and "Budget i kr" in html
    assert 'value="173,5"' in html and "182,5 timmar" in html


@pytest.mark.parametrize(
    "status", [UnitPeriod.Status.SUBMITTED, UnitPeriod.Status.APPROVED, UnitPeriod.Status.LOCKED]
)
def test_closed_period_refuses_the_budget(world: dict, status: str) -> None:
    UnitPeriod.objects.filter(pk=world["up"].pk).update(status=status)
    response = post(world, "controller")
    assert response.status_code == 422
    assert "kan inte ändras" in response.content.decode()
    assert stored(world) is None
    world["up"].refresh_from_db()
    with pytest.raises(PeriodClosed):
        services.budget_set(
            actor=world["controller"],
            unit_period=world["up"],
            assignment=world["assignment"],
            changes={"unit": "hours", "budget": Decimal(1)},
            expected_version=None,
        )


def test_stale_version_is_a_conflict(world: dict) -> None:
    post(world, "controller")
    services.budget_set(
        actor=world["colleague"],
        unit_period=world["up"],
        assignment=world["assignment"],
        changes={"unit": "hours", "budget": Decimal("200")},
        expected_version=1,
    )
    response = post(world, "controller", version="1", budget="190")
    html = response.content.decode()
    assert response.status_code == 409
    assert "Ej sparat." in html and "bc2" in html and "Behåll deras värde" in html
    assert stored(world).budget == Decimal("200")  # type: ignore[union-attr]


def test_bad_number_is_refused_inline(world: dict) -> None:
    response = post(world, "controller", outcome="12,3,4")
    assert response.status_code == 422
    assert stored(world) is None


def test_manager_may_not_set_the_budget_and_reader_gets_403(world: dict) -> None:
    with pytest.raises(PermissionDenied):
        services.budget_set(
            actor=world["manager"],
            unit_period=world["up"],
            assignment=world["assignment"],
            changes={"unit": "hours", "budget": Decimal(1)},
            expected_version=None,
        )
    assert post(world, "manager").status_code == 403
    assert post(world, "reader").status_code == 404  # the open period is hidden from readers
    assert post(world, "other").status_code == 404
    assert stored(world) is None


def test_plain_form_post_redirects_back_to_the_budget(world: dict) -> None:
    response = post(world, "controller", htmx=False)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#u{world['assignment'].pk}-hours")
