"""The region overview (heat map) of 320 divisions against the trivial view, in one run.

Generates a region with 320 reporting divisions on a throw-away SQLite database (or
``DATABASE_URL``), each with 14 measures over five perspectives (like Länsteknik),
outcomes for T1 2021 in all four lights, a perspective assessment each and a spread of
statuses, then times through Django's test client, as a region-wide chef (who sees
every status, so all 320 rows):

- the trivial view: the home page of a logged-in user without units (the same
  middleware, session, user lookup and base template as every page, nothing else);
- ``/oversikt/2021-T1/`` (320 rows × 5 tiles + roll-up), and filtered and sorted.

Prints median milliseconds, the query counts (the same for 20 and 320 divisions) and
``ratio:`` = overview ÷ trivial view. Goal ≤ 50 (issue 16; before the heat map ~850).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from _setup import django_setup

django_setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from scorecards.models import (  # noqa: E402
    Measure,
    MeasureOutcome,
    Perspective,
    PerspectiveAssessment,
    Role,
    UnitGoal,
    UnitPeriod,
)
from tests import factories  # noqa: E402

DIVISIONS = 320
MEASURES_PER_DIVISION = 14
ROUNDS = 15
PERSPECTIVES = ["Samhälle", "Medborgare", "Verksamhet", "Medarbetare", "Ekonomi"]
STATUSES = [s for s, _ in UnitPeriod.Status.choices]


def timed(fn: Callable[[], object], rounds: int = ROUNDS) -> float:
    fn()  # warm up
    samples = []
    for _ in range(rounds):
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


def generate(n: int, slug: str) -> object:
    """A region of ``n`` divisions with scorecards and T1 outcomes; returns its root unit."""
    root, divisions = factories.organisation_tree(n, slug=slug)
    periods = factories.periods(root.organisation)
    t1 = periods["T1"]
    perspectives = [
        Perspective.objects.create(year=t1.year, slug=name.lower(), name=name, order=i)
        for i, name in enumerate(PERSPECTIVES)
    ]
    UnitPeriod.objects.bulk_create(
        UnitPeriod(unit=d, period=t1, status=STATUSES[i % len(STATUSES)])
        for i, d in enumerate(divisions)
    )
    goals = UnitGoal.objects.bulk_create(
        UnitGoal(unit=d, perspective=p, title=f"Mål {p.name}")
        for d in divisions
        for p in perspectives
    )
    measures = Measure.objects.bulk_create(
        Measure(
            goal=goals[d * len(perspectives) + i % len(perspectives)],
            key=f"m{i}",
            name=f"Mått {i}",
            target_direction="at_most",
            target_value=Decimal(10),
            partly_threshold=Decimal(12),
            unit_of_measurement="st",
        )
        for d in range(len(divisions))
        for i in range(MEASURES_PER_DIVISION)
    )
    # Values 0–14 against "högst 10, delvis till 12": every light occurs; one in seven
    # measures has no outcome (ej bedömt).
    MeasureOutcome.objects.bulk_create(
        MeasureOutcome(measure=m, period=t1, value=Decimal((j * 5) % 15))
        for j, m in enumerate(measures)
        if j % 7
    )
    PerspectiveAssessment.objects.bulk_create(
        PerspectiveAssessment(unit=d, period=t1, perspective=perspectives[0], attainment="partly")
        for d in divisions
    )
    return root


def main() -> None:
    small = generate(20, "bench-small")
    large = generate(DIVISIONS, "bench")
    small_reader = Client()
    small_reader.force_login(factories.user("bench-small-chef", unit=small, role=Role.MANAGER))
    reader = Client()
    reader.force_login(factories.user("bench-chef", unit=large, role=Role.MANAGER))
    newcomer = Client()
    newcomer.force_login(factories.user("bench-newcomer"))
    url = "/oversikt/2021-T1/"
    filtered = f"{url}?status=approved&visa=ej-uppnatt&sortera=samst"
    for client, page in ((reader, url), (reader, filtered), (small_reader, url)):
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
    rows = reader.get(url).content.decode().count('<th scope="row"><a href=')
    assert rows == DIVISIONS, rows

    trivial = timed(lambda: newcomer.get("/"))
    overview = timed(lambda: reader.get(url))
    overview_filtered = timed(lambda: reader.get(filtered))
    print(f"divisions: {DIVISIONS}")
    print(f"rows_shown: {rows}")
    print(f"trivial_view_ms: {trivial * 1000:.2f}")
    print(f"overview_ms: {overview * 1000:.2f}")
    print(f"overview_filtered_sorted_ms: {overview_filtered * 1000:.2f}")
    print(f"overview_queries_20_divisions: {count_queries(lambda: small_reader.get(url))}")
    print(f"overview_queries_{DIVISIONS}_divisions: {count_queries(lambda: reader.get(url))}")
    print(f"ratio: {overview / trivial:.2f}")


if __name__ == "__main__":
    main()
