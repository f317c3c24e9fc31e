"""Scorecard page with 60 measures and the overview with 15 units, against a trivial view.

Prints median server times measured in one run through Django's test client, their
query counts, and `ratio:` = scorecard page ÷ trivial view. The trivial view is the
home page of a logged-in user without units: the same middleware, session, user
lookup and base template as every page, and nothing else. /healthz (no session, no
template) is printed too, for reference. Goal ≤ 3.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from _setup import django_setup

django_setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from scorecards.models import Role, UnitPeriod  # noqa: E402
from tests import factories  # noqa: E402

ROUNDS = 40


def timed(fn: Callable[[], object]) -> float:
    fn()  # warm up
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def count_queries(fn: Callable[[], object]) -> int:
    queries: list[str] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return len(queries)


def main() -> None:
    root, divisions = factories.organisation_tree(15, slug="bench")
    periods = factories.periods(root.organisation)
    for div in divisions:
        factories.unit_period(div, periods["T1"], UnitPeriod.Status.APPROVED)
        factories.scorecard_model(div, periods["T1"], 60)
    reader = factories.user("bench-reader", unit=root, role=Role.READER)
    client = Client()
    client.force_login(reader)
    newcomer = Client()
    newcomer.force_login(factories.user("bench-newcomer"))
    scorecard_url = f"/styrkort/{divisions[0].slug}/2021-T1/"
    for url in ("/healthz", scorecard_url, "/oversikt/2021-T1/"):
        status = client.get(url).status_code
        assert status == 200, (url, status)

    healthz = timed(lambda: client.get("/healthz"))
    trivial = timed(lambda: newcomer.get("/"))
    scorecard = timed(lambda: client.get(scorecard_url))
    overview = timed(lambda: client.get("/oversikt/2021-T1/"))
    print(f"healthz_ms: {healthz * 1000:.2f}")
    print(f"trivial_view_ms: {trivial * 1000:.2f}")
    print(f"scorecard_60_measures_ms: {scorecard * 1000:.2f}")
    print(f"scorecard_queries: {count_queries(lambda: client.get(scorecard_url))}")
    print(f"overview_15_units_ms: {overview * 1000:.2f}")
    print(f"overview_queries: {count_queries(lambda: client.get('/oversikt/2021-T1/'))}")
    print(f"overview_ratio: {overview / trivial:.2f}")
    print(f"scorecard_vs_healthz_ratio: {scorecard / healthz:.2f}")
    print(f"ratio: {scorecard / trivial:.2f}")


if __name__ == "__main__":
    main()
