"""Goals with prognosis and indicators computed from counts: a joint committee's page."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from goals import rules, services
from goals.models import GoalFollowUp, IndicatorCount
from scorecards.models import (
    Forecast,
    Measure,
    Organisation,
    Perspective,
    Role,
    Unit,
    UnitGoal,
    UnitPeriod,
)
from scorecards.services import PeriodClosed, Via
from tests import factories

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def test_indicator_value_is_numerator_over_denominator_times_100() -> None:
    value = rules.indicator_value(numerator=9, denominator=14)
    assert value is not None and round(value, 2) == Decimal("64.29")
    assert rules.indicator_value(numerator=9, denominator=0) is None
    assert rules.indicator_value(numerator=None, denominator=14) is None
    assert rules.indicator_value(numerator=Decimal("0"), denominator=Decimal("5")) == 0


@pytest.fixture
def committee() -> dict[str, Any]:
    """A made-up "Gemensam nämnd" with two goals; one indicator counted 9 of 14."""
    org = Organisation.objects.create(slug="gemensam-namnd", name="Gemensam nämnd")
    root = Unit.objects.create(
        organisation=org, slug="gemensam-namnd", name="Gemensam nämnd", kind="organisation"
    )
    office = Unit.objects.create(
        organisation=org, parent=root, slug="kansliet", name="Kansliet", kind="department"
    )
    other = Unit.objects.create(
        organisation=org, parent=root, slug="annan", name="Annan enhet", kind="department"
    )
    p = factories.periods(org, 2021)
    up = factories.unit_period(office, p["T2"])
    approved = factories.unit_period(office, p["T1"], UnitPeriod.Status.APPROVED)
    factories.unit_period(other, p["T2"])
    perspective = Perspective.objects.create(
        year=p["T2"].year, slug="medborgare", name="Medborgare"
    )
    access = UnitGoal.objects.create(
        unit=office, perspective=perspective, title="Invånarna får hjälpmedel i tid", order=1
    )
    UnitGoal.objects.create(
        unit=office, perspective=perspective, title="Samverkan mellan huvudmännen", order=2
    )
    indicator = Measure.objects.create(
        goal=access,
        key="i-tid",
        name="Andel ärenden klara inom 14 dagar",
        target_direction="qualitative",
        target_text="Öka",
    )
    IndicatorCount.objects.create(
        measure=indicator, period=p["T2"], numerator=Decimal(9), denominator=Decimal(14)
    )
    return {
        "unit": office,
        "p": p,
        "up": up,
        "approved": approved,
        "goal": access,
        "indicator": indicator,
        "controller": factories.user("gc", unit=office, role=Role.CONTROLLER),
        "colleague": factories.user("gc2", unit=office, role=Role.CONTROLLER),
        "manager": factories.user("gm", unit=office, role=Role.MANAGER),
        "reader": factories.user("gr", unit=root, role=Role.READER),
        "other": factories.user("go", unit=other, role=Role.CONTROLLER),
    }


def client(c: dict[str, Any], who: str) -> Client:
    cl = Client()
    cl.force_login(c[who])
    return cl


def page(period: str = "2021-T2") -> str:
    return f"/mal/kansliet/{period}/"


def test_page_lists_goals_indicators_computed_value_and_follow_up(committee: dict) -> None:
    GoalFollowUp.objects.create(
        goal=committee["goal"],
        period=committee["p"]["T2"],
        comment="Fler ärenden i tid.",
        forecast=Forecast.WILL_BE_REACHED,
    )
    response = client(committee, "manager").get(page())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Invånarna får hjälpmedel i tid" in html and "Samverkan mellan huvudmännen" in html
    assert "Andel ärenden klara inom 14 dagar" in html
    assert f"64{NBSP}%" in html and "9 av 14" in html
    assert "Fler ärenden i tid." in html
    assert 'value="will_be_reached" selected' in html  # the manager may write it


def test_reader_sees_the_approved_period_read_only_and_not_the_open_one(committee: dict) -> None:
    assert client(committee, "reader").get(page()).status_code == 404
    response = client(committee, "reader").get(page("2021-T1"))
    assert response.status_code == 200
    assert "<textarea" not in response.content.decode()
    assert client(committee, "other").get(page()).status_code == 404


def test_denominator_zero_shows_no_value(committee: dict) -> None:
    IndicatorCount.objects.filter(measure=committee["indicator"]).update(denominator=0)
    html = client(committee, "controller").get(page()).content.decode()
    assert f"64{NBSP}%" not in html
    assert re.search(r'class="indicator-value" aria-label="Värde för [^"]*">–<', html)


def post_follow_up(c: dict, who: str, **fields: str) -> Any:
    current = GoalFollowUp.objects.filter(goal=c["goal"], period=c["p"]["T2"]).first()
    data = {
        "goal": str(c["goal"].pk),
        "comment": "Risk för förseningar.",
        "forecast": Forecast.AT_RISK,
        "version": str(current.version if current else 0),
    }
    data.update(fields)
    return client(c, who).post(f"{page()}uppfoljning/", data, HTTP_HX_REQUEST="true")


def test_manager_saves_comment_and_prognosis_with_htmx(committee: dict) -> None:
    response = post_follow_up(committee, "manager")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form") and "sparat" in html
    saved = GoalFollowUp.objects.get(goal=committee["goal"])
    assert (saved.forecast, saved.comment, saved.version) == (
        Forecast.AT_RISK,
        "Risk för förseningar.",
        1,
    )
    record = saved.history.first()  # type: ignore[attr-defined]
    assert record.history_change_reason == Via.WEB and record.history_user == committee["manager"]


def test_follow_up_conflict_is_409(committee: dict) -> None:
    post_follow_up(committee, "manager")
    services.goal_follow_up_set(
        actor=committee["colleague"],
        unit_period=committee["up"],
        goal=committee["goal"],
        changes={"comment": "Deras.", "forecast": ""},
        expected_version=1,
    )
    response = post_follow_up(committee, "manager", version="1")
    assert response.status_code == 409
    assert "Behåll deras värde" in response.content.decode()
    assert GoalFollowUp.objects.get(goal=committee["goal"]).comment == "Deras."


def test_locked_period_refuses_follow_up_and_counts(committee: dict) -> None:
    UnitPeriod.objects.filter(pk=committee["up"].pk).update(status=UnitPeriod.Status.LOCKED)
    assert post_follow_up(committee, "manager").status_code == 422
    assert not GoalFollowUp.objects.exists()
    committee["up"].refresh_from_db()
    with pytest.raises(PeriodClosed):
        services.indicator_count_set(
            actor=committee["controller"],
            unit_period=committee["up"],
            measure=committee["indicator"],
            changes={"numerator": Decimal(10)},
            expected_version=1,
        )


def post_counts(c: dict, who: str, **fields: str) -> Any:
    count = IndicatorCount.objects.get(measure=c["indicator"])
    data = {"numerator": "10", "denominator": "14", "version": str(count.version)}
    data.update(fields)
    return client(c, who).post(
        f"{page()}indikator/{c['indicator'].pk}/", data, HTTP_HX_REQUEST="true"
    )


def test_controller_saves_counts_and_the_value_is_recomputed(committee: dict) -> None:
    response = post_counts(committee, "controller")
    assert response.status_code == 200
    assert f"71{NBSP}%" in response.content.decode()  # 10 / 14
    count = IndicatorCount.objects.get(measure=committee["indicator"])
    assert (count.numerator, count.version) == (Decimal(10), 2)
    assert count.history.first().history_change_reason == Via.WEB  # type: ignore[attr-defined]


def test_counts_are_figures_the_manager_may_not_change(committee: dict) -> None:
    assert post_counts(committee, "manager").status_code == 403
    with pytest.raises(PermissionDenied):
        services.indicator_count_set(
            actor=committee["manager"],
            unit_period=committee["up"],
            measure=committee["indicator"],
            changes={"numerator": Decimal(1)},
            expected_version=1,
        )
    assert post_counts(committee, "controller", numerator="-1").status_code == 422
    assert IndicatorCount.objects.get(measure=committee["indicator"]).numerator == 9


def test_counts_conflict_is_409(committee: dict) -> None:
    assert post_counts(committee, "controller", version="1").status_code == 200
    response = post_counts(committee, "controller", version="1", numerator="3")
    assert response.status_code == 409
    assert IndicatorCount.objects.get(measure=committee["indicator"]).numerator == 10


@pytest.mark.parametrize("n", [1, 10])
def test_page_query_count_does_not_grow(
    committee: dict, n: int, django_assert_num_queries: Any
) -> None:
    for i in range(n):
        goal = UnitGoal.objects.create(
            unit=committee["unit"], perspective=committee["goal"].perspective, title=f"Mål {i}"
        )
        measure = Measure.objects.create(
            goal=goal, key=f"k{i}", name=f"Indikator {i}", target_direction="qualitative"
        )
        IndicatorCount.objects.create(
            measure=measure, period=committee["p"]["T2"], numerator=1, denominator=2
        )
        GoalFollowUp.objects.create(goal=goal, period=committee["p"]["T2"], comment=f"K {i}")
    c = client(committee, "controller")
    # session, user, roles, unit period; goals, measures, follow-ups, counts, outcomes
    # (no occasions query: no goal here has an indicator computed from occasions).
    with django_assert_num_queries(9):
        response = c.get(page())
    assert response.content.decode().count('<article class="goal"') == n + 2
