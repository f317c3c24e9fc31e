"""The one visibility rule: Unit.objects.for_user and UnitPeriod.objects.for_user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from scorecards.models import Action, Role, Unit, UnitPeriod
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    root, (div_a, div_b) = factories.organisation_tree(2)
    sub_a = Unit.objects.create(
        organisation=root.organisation,
        parent=div_a,
        slug="a-drift",
        name="Drift",
        kind="department",
    )
    p = factories.periods(root.organisation, 2021)
    ups = {
        ("a", "T1"): factories.unit_period(div_a, p["T1"], UnitPeriod.Status.APPROVED),
        ("a", "T2"): factories.unit_period(div_a, p["T2"], UnitPeriod.Status.OPEN),
        ("b", "T1"): factories.unit_period(div_b, p["T1"], UnitPeriod.Status.LOCKED),
        ("b", "T2"): factories.unit_period(div_b, p["T2"], UnitPeriod.Status.SUBMITTED),
    }
    return {
        "root": root,
        "a": div_a,
        "b": div_b,
        "sub_a": sub_a,
        "ups": ups,
        "controller_a": factories.user("ca", unit=div_a, role=Role.CONTROLLER),
        "controller_b": factories.user("cb", unit=div_b, role=Role.CONTROLLER),
        "manager_a": factories.user("ma", unit=div_a, role=Role.MANAGER),
        "reader": factories.user("r", unit=root, role=Role.READER),
        "admin": factories.user("adm", superuser=True),
        "nobody": factories.user("nobody"),
    }


def slugs(qs: object) -> set[str]:
    return {u.slug for u in qs}  # type: ignore[attr-defined]


def test_controller_sees_own_unit_and_its_subtree_only(world: dict) -> None:
    assert slugs(Unit.objects.for_user(world["controller_a"], Action.VIEW)) == {
        world["a"].slug,
        "a-drift",
    }
    assert slugs(Unit.objects.for_user(world["controller_a"], Action.EDIT)) == {
        world["a"].slug,
        "a-drift",
    }


def test_manager_may_approve_but_not_edit(world: dict) -> None:
    assert slugs(Unit.objects.for_user(world["manager_a"], Action.APPROVE)) == {
        world["a"].slug,
        "a-drift",
    }
    assert not Unit.objects.for_user(world["manager_a"], Action.EDIT).exists()


def test_reader_sees_approved_periods_only(world: dict) -> None:
    visible = set(UnitPeriod.objects.for_user(world["reader"], Action.VIEW))
    ups = world["ups"]
    assert visible == {ups[("a", "T1")], ups[("b", "T1")]}
    assert not UnitPeriod.objects.for_user(world["reader"], Action.EDIT).exists()


def test_controller_sees_all_periods_of_own_unit(world: dict) -> None:
    visible = set(UnitPeriod.objects.for_user(world["controller_a"], Action.VIEW))
    assert visible == {world["ups"][("a", "T1")], world["ups"][("a", "T2")]}


def test_admin_sees_everything_and_strangers_nothing(world: dict) -> None:
    assert Unit.objects.for_user(world["admin"], Action.EDIT).count() == 4
    assert not Unit.objects.for_user(world["nobody"], Action.VIEW).exists()
    assert not Unit.objects.for_user(AnonymousUser(), Action.VIEW).exists()
    assert not UnitPeriod.objects.for_user(AnonymousUser(), Action.VIEW).exists()


def test_inactive_user_sees_nothing(world: dict) -> None:
    world["controller_a"].is_active = False
    assert not Unit.objects.for_user(world["controller_a"], Action.VIEW).exists()


def test_moving_a_unit_repaths_its_subtree(world: dict) -> None:
    a = world["a"]
    a.parent = world["b"]
    a.save()
    world["sub_a"].refresh_from_db()
    assert world["sub_a"].path == f"/{world['root'].slug}/{world['b'].slug}/{a.slug}/a-drift/"
    assert slugs(Unit.objects.for_user(world["controller_b"], Action.VIEW)) == {
        world["b"].slug,
        a.slug,
        "a-drift",
    }


def test_other_units_scorecard_answers_404(world: dict) -> None:
    client = Client()
    client.force_login(world["controller_b"])
    response = client.get(f"/styrkort/{world['a'].slug}/2021-T1/")
    assert response.status_code == 404
    client.force_login(world["controller_a"])
    assert client.get(f"/styrkort/{world['a'].slug}/2021-T1/").status_code == 200


def test_reader_gets_404_for_unapproved_period(world: dict) -> None:
    client = Client()
    client.force_login(world["reader"])
    assert client.get(f"/styrkort/{world['a'].slug}/2021-T2/").status_code == 404
    assert client.get(f"/styrkort/{world['a'].slug}/2021-T1/").status_code == 200


def test_home_lists_only_visible_units(world: dict) -> None:
    client = Client()
    client.force_login(world["controller_b"])
    html = client.get("/").content.decode()
    assert world["b"].name in html
    assert world["a"].name not in html


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


@pytest.mark.parametrize("status", [s.value for s in UnitPeriod.Status])
def test_allowed_actions_agrees_with_for_user(world: dict, status: str) -> None:
    from scorecards.models import allowed_actions

    UnitPeriod.objects.update(status=status)
    users = ["controller_a", "controller_b", "manager_a", "reader", "admin", "nobody"]
    for name in users:
        user = world[name]
        for up in UnitPeriod.objects.select_related("unit"):
            by_query = {
                action
                for action in Action.values
                if UnitPeriod.objects.for_user(user, action).filter(pk=up.pk).exists()
            }
            assert allowed_actions(user, up) == by_query, (name, up, status)
