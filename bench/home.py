"""Home page: queries and server time with 3 vs 30 units, in one run.

Prints the query counts (they must be equal) and the time ratio 30 ÷ 3 units.
"""

from __future__ import annotations

import statistics
import time

from _setup import django_setup

django_setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from scorecards.models import Role, UnitPeriod  # noqa: E402
from tests import factories  # noqa: E402

ROUNDS = 50


def measure(n_units: int) -> tuple[int, float]:
    root, divisions = factories.organisation_tree(n_units, slug=f"bench{n_units}")
    periods = factories.periods(root.organisation)
    for div in divisions:
        for period in periods.values():
            factories.unit_period(div, period, UnitPeriod.Status.APPROVED)
    reader = factories.user(f"reader{n_units}", unit=root, role=Role.READER)
    client = Client()
    client.force_login(reader)
    warm = client.get("/")  # warm up templates and connection
    assert warm.status_code == 200, warm.status_code
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get("/")
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get("/")
        times.append(time.perf_counter() - start)
    return len(queries), statistics.median(times)


def main() -> None:
    q3, t3 = measure(3)
    q30, t30 = measure(30)
    print(f"queries_3_units: {q3}")
    print(f"queries_30_units: {q30}")
    print(f"median_ms_3_units: {t3 * 1000:.2f}")
    print(f"median_ms_30_units: {t30 * 1000:.2f}")
    print(f"ratio: {t30 / t3:.2f}")


if __name__ == "__main__":
    main()
