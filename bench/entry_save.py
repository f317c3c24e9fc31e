"""One htmx save of a measure row ÷ a trivial view, and the save's query count at 10 vs 100
measures on the page (it must not grow).

The trivial view is the home page of a logged-in user without units (same middleware,
session and base template as every page).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from _setup import django_setup

django_setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from scorecards.models import Measure, MeasureOutcome, Role  # noqa: E402
from tests import factories  # noqa: E402

ROUNDS = 40


def count_queries(fn: Callable[[], object]) -> int:
    queries: list[str] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return len(queries)


def setup(n_measures: int) -> tuple[Client, Callable[[int], object]]:
    root, (division,) = factories.organisation_tree(1, slug=f"save{n_measures}")
    periods = factories.periods(root.organisation)
    factories.unit_period(division, periods["T1"])
    factories.scorecard_model(division, periods["T1"], n_measures)
    client = Client()
    client.force_login(factories.user(f"c{n_measures}", unit=division, role=Role.CONTROLLER))
    measure = Measure.objects.get(goal__unit=division, key="m0")
    url = f"/styrkort/{division.slug}/2021-T1/registrera/styrmatt/{measure.pk}/"

    def save(value: int) -> object:
        version = MeasureOutcome.objects.get(measure=measure, period=periods["T1"]).version
        response = client.post(
            url,
            {"value": str(value), "version": str(version)},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, response.status_code
        return response

    return client, save


def main() -> None:
    _, save10 = setup(10)
    _, save100 = setup(100)
    newcomer = Client()
    newcomer.force_login(factories.user("newcomer"))
    newcomer.get("/")

    counter = iter(range(1, 10**6))
    save100(0)
    samples = []
    for _ in range(ROUNDS):
        value = next(counter)
        start = time.perf_counter()
        save100(value)
        samples.append(time.perf_counter() - start)
    save_s = statistics.median(samples)
    trivial = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        newcomer.get("/")
        trivial.append(time.perf_counter() - start)
    trivial_s = statistics.median(trivial)
    print(f"save_queries_10_measures: {count_queries(lambda: save10(next(counter)))}")
    print(f"save_queries_100_measures: {count_queries(lambda: save100(next(counter)))}")
    print(f"save_ms: {save_s * 1000:.2f}")
    print(f"trivial_view_ms: {trivial_s * 1000:.2f}")
    print(f"ratio: {save_s / trivial_s:.2f}")


if __name__ == "__main__":
    main()
