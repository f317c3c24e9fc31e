"""Scorecard page, measure detail and region overview with small built data."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from scorecards.models import (
    Attainment,
    Measure,
    MeasureOutcome,
    Period,
    Perspective,
    PerspectiveAssessment,
    Role,
    StrategicGoal,
    SuccessFactor,
    UnitPeriod,
    Year,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    root, (div_a, div_b) = factories.organisation_tree(2, slug="reg")
    p = factories.periods(root.organisation, 2021)
    up = factories.unit_period(div_a, p["T1"])
    factories.unit_period(div_b, p["T1"])
    factories.scorecard_model(div_a, p["T1"], 4)
    factories.scorecard_model(div_b, p["T1"], 2)
    verksamhet = Perspective.objects.get(year=p["T1"].year, slug="verksamhet")
    goal = StrategicGoal.objects.create(
        perspective=verksamhet, title="God, nära och samordnad vård"
    )
    SuccessFactor.objects.create(
        strategic_goal=goal, title="En hållbar verksamhet med hög säkerhet"
    )
    PerspectiveAssessment.objects.create(
        unit=div_a,
        period=p["T1"],
        perspective=verksamhet,
        attainment=Attainment.PARTLY,
        text="Den samlade bedömningen är att måluppfyllelsen delvis uppnåtts per april.",
    )
    # Last year's T1, so trends compare with the same period; and an override.
    last = Year.objects.create(organisation=root.organisation, year=2020)
    last_t1 = Period.objects.create(year=last, kind=Period.Kind.T1)
    factories.unit_period(div_a, last_t1, UnitPeriod.Status.APPROVED)
    m2 = Measure.objects.get(goal__unit=div_a, key="m2")
    old_goal = factories.scorecard_goal(div_a, last, "verksamhet")
    old = Measure.objects.create(
        goal=old_goal, key="m2", name="Mått 2", target_direction="at_most", target_value=Decimal(10)
    )
    MeasureOutcome.objects.create(
        measure=old, period=last_t1, value=Decimal(5), comment="Förra året."
    )
    m3 = MeasureOutcome.objects.get(measure__goal__unit=div_a, measure__key="m3", period=p["T1"])
    m3.value = Decimal(11)
    m3.save()
    m1 = MeasureOutcome.objects.get(measure__goal__unit=div_a, measure__key="m1", period=p["T1"])
    m1.value = Decimal(12)
    m1.manual_attainment = Attainment.PARTLY
    m1.override_justification = "Rutinen ändrades mitt i perioden."
    m1.save()
    return {
        "a": div_a,
        "b": div_b,
        "up": up,
        "m2": m2,
        "controller_a": factories.user("ca", unit=div_a, role=Role.CONTROLLER),
        "controller_b": factories.user("cb", unit=div_b, role=Role.CONTROLLER),
        "reader": factories.user("rd", unit=root, role=Role.READER),
        "admin": factories.user("ad", superuser=True),
    }


def get(world: dict, who: str, url: str, **extra: str) -> object:
    client = Client()
    client.force_login(world[who])
    return client.get(url, **extra)


def test_scorecard_shows_summary_lights_and_explanations(world: dict) -> None:
    html = get(world, "controller_a", f"/styrkort/{world['a'].slug}/2021-T1/").content.decode()
    assert "Sammanfattande måluppfyllelse i perspektiv" in html
    assert "God, nära och samordnad vård" in html
    assert "En hållbar verksamhet med hög säkerhet" in html
    assert "delvis uppnåtts per april" in html
    # m3: 11 against "högst 10" → ej uppnått, and the rule says so in words.
    assert "Utfall 11 mot målet högst 10: Ej uppnått." in html
    # m1: manual override with its justification.
    assert (
        "Manuell bedömning: Delvis uppnått. Motivering: Rutinen ändrades mitt i perioden." in html
    )
    # m2: 2 this year vs 5 in T1 2020, lower is better → improving, and it says against what.
    assert "Förbättring" in html
    assert "Samma period föregående år (T1 2020)" in html


def test_filter_not_achieved_keeps_only_red_rows(world: dict) -> None:
    url = f"/styrkort/{world['a'].slug}/2021-T1/?visa=ej-uppnatt"
    html = get(world, "controller_a", url).content.decode()
    assert ">Mått 3</a>" in html
    assert ">Mått 0</a>" not in html


def test_filter_changed_since_previous_period(world: dict) -> None:
    # The previous period is T1 2020; m2 (2 vs 5) changed, the others are new: all changed.
    url = f"/styrkort/{world['a'].slug}/2021-T1/?visa=andrade"
    html = get(world, "controller_a", url).content.decode()
    assert ">Mått 2</a>" in html


def test_htmx_filter_returns_only_the_measures_partial(world: dict) -> None:
    url = f"/styrkort/{world['a'].slug}/2021-T1/?visa=ej-uppnatt"
    html = get(world, "controller_a", url, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="measures"')
    assert "Sammanfattande måluppfyllelse" not in html


def test_measure_detail_shows_history_chart_and_comments(world: dict) -> None:
    url = f"/styrkort/{world['a'].slug}/2021-T1/matt/m2/"
    response = get(world, "controller_a", url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "T1 2020" in html and "Förra året." in html
    assert 'data-chart="chart-measure-m2"' in html
    assert re.search(r'"separators":\s?", "', html)


def test_measure_detail_of_other_unit_is_404(world: dict) -> None:
    url = f"/styrkort/{world['a'].slug}/2021-T1/matt/m2/"
    assert get(world, "controller_b", url).status_code == 404
    assert (
        get(world, "controller_a", f"/styrkort/{world['a'].slug}/2021-T1/matt/nope/").status_code
        == 404
    )


def test_overview_shows_only_visible_units(world: dict) -> None:
    html = get(world, "controller_a", "/oversikt/2021-T1/").content.decode()
    assert world["a"].name in html
    assert world["b"].name not in html
    admin_html = get(world, "admin", "/oversikt/2021-T1/").content.decode()
    assert world["a"].name in admin_html and world["b"].name in admin_html
    assert "1 ej uppnått" in admin_html or "ej uppnått" in admin_html


def test_overview_for_reader_without_approved_period_is_404(world: dict) -> None:
    assert get(world, "reader", "/oversikt/2021-T1/").status_code == 404
    assert get(world, "reader", "/oversikt/2020-T1/").status_code == 200
