"""A page costs a fixed number of queries whatever the number of units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scorecards.models import Measure, MeasureOutcome, Role, UnitPeriod
from tests import factories

pytestmark = pytest.mark.django_db


def home_queries(n_units: int) -> int:
    root, divisions = factories.organisation_tree(n_units, slug=f"r{n_units}")
    p = factories.periods(root.organisation)
    for div in divisions:
        for period in p.values():
            factories.unit_period(div, period, UnitPeriod.Status.APPROVED)
    reader = factories.user(f"reader{n_units}", unit=root, role=Role.READER)
    client = Client()
    client.force_login(reader)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    assert response.content.decode().count('class="unit-card"') == n_units + 1
    return len(ctx.captured_queries)


def test_home_query_count_does_not_grow_with_units() -> None:
    # session + user + memberships + units + unit periods (the roles are read once per
    # request and user).
    assert home_queries(3) == home_queries(30) == 5


def scorecard_queries(n_measures: int) -> int:
    root, (division,) = factories.organisation_tree(1, slug=f"s{n_measures}")
    p = factories.periods(root.organisation)
    factories.unit_period(division, p["T1"])
    factories.scorecard_model(division, p["T1"], n_measures)
    controller = factories.user(f"c{n_measures}", unit=division, role=Role.CONTROLLER)
    client = Client()
    client.force_login(controller)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/styrkort/{division.slug}/2021-T1/")
    assert response.status_code == 200
    assert response.content.decode().count(">Mått ") == n_measures
    return len(ctx.captured_queries)


def test_scorecard_query_count_does_not_grow_with_measures() -> None:
    # session, user, memberships, unit period; perspectives + strategic goals + success
    # factors; assessments; measures; outcomes; last year's; previous period + its outcomes;
    # whether the user may open the entry page (computed from the roles already read);
    # the Kolada peer values of the page's measures (one query for all of them).
    assert scorecard_queries(6) == scorecard_queries(60) == 12


def save_queries(n_measures: int) -> int:
    root, (division,) = factories.organisation_tree(1, slug=f"w{n_measures}")
    p = factories.periods(root.organisation)
    factories.unit_period(division, p["T1"])
    factories.scorecard_model(division, p["T1"], n_measures)
    controller = factories.user(f"w{n_measures}", unit=division, role=Role.CONTROLLER)
    client = Client()
    client.force_login(controller)
    measure = Measure.objects.get(goal__unit=division, key="m0")
    version = MeasureOutcome.objects.get(measure=measure, period=p["T1"]).version
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(
            f"/styrkort/{division.slug}/2021-T1/registrera/styrmatt/{measure.pk}/",
            {"value": "4,8", "version": str(version)},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    assert MeasureOutcome.objects.get(measure=measure, period=p["T1"]).value == Decimal("4.8")
    return len(ctx.captured_queries)


def test_save_query_count_does_not_grow_with_measures() -> None:
    # session, user, memberships, unit period, measure; in the transaction: the period row
    # locked, the outcome read once (the lock covers it), the check constraint (savepoint,
    # check, release), update, audit record; then the row: previous period and this
    # measure's comparison outcomes (the saved outcome is not read again); plus the
    # transaction's own statements where the backend logs them.
    assert save_queries(10) == save_queries(100)
    assert save_queries(5) <= 16
