"""Scale check: Länsteknik's pages on the demo database ÷ the same pages among ~1 M outcomes.

    .venv/bin/python bench/scale.py [--units 320] [--years 10] [--measures-per-goal 7]
                                    [--keep | --drop] [--fresh] [--samples 40]

Two PostgreSQL databases next to each other (DATABASE_URL names the big one and a role
with CREATEDB; default postgres://styrkort:styrkort@127.0.0.1:5432/styrkort_scale; the
demo-sized one is the same name + ``_demo``). Both are migrated and get the demo
(``loaddemo``). The big one then gets ``--units`` more divisions in the demo region
(slugs ``skala-d001`` …) over ``--years`` years up to 2021 (T1, T2, helår; years and
periods the demo lacks are added, without unit periods for the demo's own units), 15
goals × ``--measures-per-goal`` measures per division and year, an outcome per measure
and period and an assessment per perspective and unit period: 320 × 10 × 3 × 105 =
1 008 000 outcome rows by default, so that every period of the region holds ~34 000
outcomes besides Länsteknik's. Small tables go through the ORM, measures, outcomes and
assessments are one ``INSERT … SELECT`` each: generation takes minutes.

Both databases are kept and reused by the next run (``--keep``, the default) when the
big one holds the expected number of generated outcomes; ``--drop`` drops both at the
end, ``--fresh`` drops them first. Every run migrates both (so a new index migration
reaches a kept database) and reruns ``loaddemo`` (which writes only what differs).

The pages are Länsteknik's as its controller, the same unit with the same data in both
databases: the scorecard 2021-T1 and helår 2019, the overview 2021-T1 and the home page.
They are timed through Django's test client, each request on the demo database followed
by the same on the big one (``--samples`` pairs per page), so that load on the machine
hits both alike; ``<page>_ratio`` is the median of the pairs' big ÷ demo, ``ratio:`` the
worst page (goal ≤ 1,5). Timed on the big database only, so without a ratio: a
generated division's scorecard (ten years of its own history, 105 measures) and the
region reader's overview (every division: 323 rows instead of the demo's 3).

Then every query of those pages runs again on the big database under ``EXPLAIN
(ANALYZE)``: one line per query with its plan nodes, indexes and execution time, and
``<page>_scale_sql_ms``, the sum; a sequential scan of a table over 10 000 rows is
flagged ``SEQ!``. The indexes of the tables involved are listed first.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import re
import statistics
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_URL = "postgres://styrkort:styrkort@127.0.0.1:5432/styrkort_scale"
SCALE_PREFIX = "skala-"
DEMO_ORGANISATION = "region-norrbotten"
# Perspectives of the added years; the demo's years keep the demo's own.
PERSPECTIVES = ["samhalle", "medborgare", "verksamhet", "medarbetare", "ekonomi"]
GOALS = 15  # per division and year
PERIODS_PER_YEAR = 3  # T1, T2 and helår: Period.END_MONTH
LAST_YEAR = 2021  # the demo's last year; generated years end here too
BIG_TABLE_ROWS = 10_000
TABLES = [
    "scorecards_measureoutcome",
    "scorecards_measure",
    "scorecards_unitgoal",
    "scorecards_perspectiveassessment",
    "scorecards_unitperiod",
    "scorecards_period",
    "scorecards_unit",
]


# ------------------------------------------------------------------ databases


def admin_url(url: str) -> str:
    return urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()


def db_name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def database_exists(url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def create_database(url: str, name: str) -> bool:
    """Create the database unless it exists; True when it was created."""
    import psycopg

    if database_exists(url, name):
        return False
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_WRAPPERS: dict[str, Any] = {}


def use_database(name: str) -> None:
    """Make ``name`` (a database on the same server) Django's default connection.

    One connection per database stays open, so switching between two requests costs
    nothing and the timed requests can alternate between the databases.
    """
    import copy

    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    if name not in _WRAPPERS:
        base = connections["default"]
        settings_dict = copy.deepcopy(base.settings_dict)
        settings_dict["NAME"] = name
        _WRAPPERS[name] = type(base)(settings_dict, alias="default")
    connections["default"] = _WRAPPERS[name]
    ContentType.objects.clear_cache()  # its ids are per database


def close_database(name: str) -> None:
    if name in _WRAPPERS:
        _WRAPPERS.pop(name).close()


def prepare(name: str) -> None:
    """Migrate the current database, (re)load the demo, refresh the planner's statistics.

    ``loaddemo`` only writes what differs from the fixtures, so both databases hold the
    same demo even when one was kept from an earlier run with older fixtures.
    """
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("loaddemo", verbosity=0, stdout=io.StringIO())
    print(f"loaddemo_{name}_s: {time.perf_counter() - start:.1f}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# ------------------------------------------------------------------ generation


def expected_outcomes(args: argparse.Namespace) -> int:
    return args.units * args.years * PERIODS_PER_YEAR * GOALS * args.measures_per_goal


def generated_outcomes() -> int:
    from scorecards.models import MeasureOutcome

    return MeasureOutcome.objects.filter(
        measure__goal__unit__slug__startswith=SCALE_PREFIX,
        measure__goal__unit__organisation__slug=DEMO_ORGANISATION,
    ).count()


def columns_sql(model: type, expressions: dict[str, str]) -> tuple[str, str]:
    """Column list and SELECT list for ``INSERT … SELECT``, checked against the model.

    Every concrete field except the primary key must be given, so a field added to the
    model later fails here instead of silently taking NULL.
    """
    fields = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
    missing, unknown = set(fields) - set(expressions), set(expressions) - set(fields)
    if missing or unknown:
        raise SystemExit(f"{model.__name__}: missing {sorted(missing)}, unknown {sorted(unknown)}")
    names = list(expressions)
    return (
        ", ".join(f'"{fields[n].column}"' for n in names),
        ", ".join(expressions[n] for n in names),
    )


def generate(args: argparse.Namespace) -> None:
    """The generated divisions of the demo region, in one transaction; ANALYZE afterwards."""
    from django.db import connection, transaction

    from scorecards.models import (
        Measure,
        MeasureOutcome,
        Organisation,
        Period,
        Perspective,
        PerspectiveAssessment,
        Unit,
        UnitGoal,
        UnitPeriod,
        Year,
    )

    org = Organisation.objects.get(slug=DEMO_ORGANISATION)
    root = Unit.objects.get(slug=DEMO_ORGANISATION)
    start = time.perf_counter()
    with transaction.atomic():
        divisions = Unit.objects.bulk_create(
            [
                _unit(org, root, f"{SCALE_PREFIX}d{d + 1:03d}", f"Division {d + 1}")
                for d in range(args.units)
            ]
        )
        # The standard periods of every year; the demo's own years and periods are kept,
        # and the demo's units get no unit periods in the added ones.
        periods: list[Period] = []
        for number in range(LAST_YEAR - args.years + 1, LAST_YEAR + 1):
            year, _created = Year.objects.get_or_create(organisation=org, year=number)
            for kind, end_month in Period.END_MONTH.items():
                period, _created = Period.objects.get_or_create(
                    year=year,
                    key=Period.make_key(number, kind, end_month),
                    defaults={"kind": kind, "end_month": end_month},
                )
                periods.append(period)
            if not year.perspectives.exists():
                Perspective.objects.bulk_create(
                    [
                        Perspective(year=year, slug=slug, name=slug.capitalize(), order=i)
                        for i, slug in enumerate(PERSPECTIVES)
                    ]
                )

        # Closed years approved (older ones locked), the last year open: like the demo.
        def status(period: Period) -> str:
            if period.year.year == LAST_YEAR:
                return UnitPeriod.Status.OPEN
            if period.year.year < LAST_YEAR - 2:
                return UnitPeriod.Status.LOCKED
            return UnitPeriod.Status.APPROVED

        UnitPeriod.objects.bulk_create(
            [UnitPeriod(unit=d, period=p, status=status(p)) for d in divisions for p in periods],
            batch_size=5000,
        )
        # GOALS per division and year, spread over the year's perspectives (the demo's
        # years keep the demo's perspectives).
        perspectives: dict[int, list[Perspective]] = {}
        for p in (
            Perspective.objects.filter(year__organisation=org)
            .select_related("year")
            .order_by("order")
        ):
            perspectives.setdefault(p.year_id, []).append(p)
        UnitGoal.objects.bulk_create(
            [
                UnitGoal(
                    unit=div,
                    perspective=ps[g % len(ps)],
                    title=f"Mål {g + 1}",
                    order=g,
                )
                for div in divisions
                for ps in perspectives.values()
                if ps[0].year.year > LAST_YEAR - args.years
                for g in range(GOALS)
            ],
            batch_size=5000,
        )
        unit_ids = [d.pk for d in divisions]
        cols, select = columns_sql(
            Measure,
            {
                "goal": "g.id",
                "key": "'matt-' || (g.\"order\" + 1) || '-' || n",
                "name": "'Styrmått ' || (g.\"order\" + 1) || '.' || n",
                "description": "''",
                "value_kind": "'number'",
                "unit_of_measurement": "'%%'",
                "decimals": "1",
                "baseline_value": "50",
                "baseline_text": "''",
                "baseline_label": "'Utfall 2017'",
                "target_direction": "CASE WHEN n %% 2 = 0 THEN 'at_least' ELSE 'at_most' END",
                "target_value": "CASE WHEN n %% 2 = 0 THEN 60 ELSE 40 END",
                "target_text": "''",
                "target_is_proposal": "false",
                "partly_threshold": "50",
                "frequency": "'tertial'",
                "accumulates": "false",
                "order": "n",
            },
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO scorecards_measure ({cols}) SELECT {select}"
                " FROM scorecards_unitgoal g"
                " CROSS JOIN generate_series(1, %s) AS n"
                " WHERE g.unit_id = ANY(%s)",
                [args.measures_per_goal, unit_ids],
            )
            print(f"generated_measures: {cursor.rowcount}")
        cols, select = columns_sql(
            MeasureOutcome,
            {
                "measure": "m.id",
                "period": "p.id",
                # 0,0–99,9, spread so that all three lights occur
                "value": "((m.id * 37 + p.id * 101) %% 1000) / 10.0",
                "text": "''",
                "manual_attainment": "''",
                "override_justification": "''",
                "comment": "CASE WHEN (m.id + p.id) %% 3 = 0"
                " THEN 'Utfallet följer planen; åtgärder enligt verksamhetsplanen.' ELSE '' END",
                "forecast": "''",
                "version": "1",
                "updated_at": "now()",
            },
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO scorecards_measureoutcome ({cols}) SELECT {select}"
                " FROM scorecards_measure m"
                " JOIN scorecards_unitgoal g ON g.id = m.goal_id"
                " JOIN scorecards_perspective ps ON ps.id = g.perspective_id"
                " JOIN scorecards_period p ON p.year_id = ps.year_id"
                " WHERE g.unit_id = ANY(%s) AND p.kind = ANY(%s)",
                [unit_ids, list(Period.END_MONTH)],
            )
            print(f"generated_outcomes: {cursor.rowcount}")
        cols, select = columns_sql(
            PerspectiveAssessment,
            {
                "unit": "up.unit_id",
                "period": "up.period_id",
                "perspective": "ps.id",
                "attainment": "(ARRAY['achieved', 'partly', 'not_achieved'])"
                "[1 + (up.id + ps.id) %% 3]",
                "text": "'Samlad bedömning av perspektivet.'",
                "version": "1",
            },
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO scorecards_perspectiveassessment ({cols}) SELECT {select}"
                " FROM scorecards_unitperiod up"
                " JOIN scorecards_period p ON p.id = up.period_id"
                " JOIN scorecards_perspective ps ON ps.year_id = p.year_id"
                " WHERE up.unit_id = ANY(%s)",
                [unit_ids],
            )
    print(f"generate_s: {time.perf_counter() - start:.1f}")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"vacuum_analyze_s: {time.perf_counter() - start:.1f}")


def _unit(org: object, parent: object, slug: str, name: str) -> object:
    from scorecards.models import Unit

    unit = Unit(organisation=org, parent=parent, slug=slug, name=name, kind=Unit.Kind.DIVISION)
    unit.path = unit.build_path()  # bulk_create skips save(), which sets it
    return unit


def table_rows() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        return {t: _count(cursor, t) for t in TABLES}


def _count(cursor: object, table: str) -> int:
    cursor.execute(f'SELECT count(*) FROM "{table}"')  # type: ignore[attr-defined]
    return cursor.fetchone()[0]  # type: ignore[attr-defined]


# ------------------------------------------------------------------ timing


def capture(fn: Callable[[], object]) -> list[tuple[str, object]]:
    """The SQL (with parameters) that ``fn`` runs."""
    from django.db import connection

    queries: list[tuple[str, object]] = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        fn()
    return queries


def explain(page: str, queries: list[tuple[str, object]]) -> tuple[list[str], float]:
    """One line per SELECT: main table, time, plan nodes (scans with relation and index);
    and the sum of the execution times."""
    from django.db import connection

    lines = []
    total = 0.0
    with connection.cursor() as cursor:
        for i, (sql, params) in enumerate(queries, start=1):
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            raw = cursor.fetchone()[0]
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
            nodes: list[str] = []
            _walk(plan["Plan"], nodes)
            total += plan["Execution Time"]
            table = re.search(r'FROM "(\w+)"', sql)
            lines.append(
                f"{page} q{i} {table[1] if table else '?'}: "
                f"{plan['Execution Time']:.2f} ms | {' > '.join(nodes)}"
            )
    return lines, total


def _walk(node: dict, out: list[str]) -> None:
    kind = node["Node Type"]
    if "Relation Name" in node:
        kind += f" {node['Relation Name']}"
    if "Index Name" in node:
        kind += f" [{node['Index Name']}]"
    if node["Node Type"] == "Seq Scan" and _rows(node.get("Relation Name")) > BIG_TABLE_ROWS:
        kind += " SEQ!"
    out.append(kind)
    for child in node.get("Plans", []):
        _walk(child, out)


_ROWS: dict[str, int] = {}


def _rows(table: str | None) -> int:
    return _ROWS.get(table or "", 0)


def indexes() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes"
            " WHERE tablename = ANY(%s) ORDER BY tablename, indexname",
            [TABLES],
        )
        return [f"{t}: {n} {re.sub(r'^.* USING ', '', d)}" for t, n, d in cursor.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=320, help="generated divisions")
    parser.add_argument("--years", type=int, default=10, help="years per division")
    parser.add_argument("--measures-per-goal", type=int, default=7)
    parser.add_argument("--samples", type=int, default=40, help="request pairs per page")
    keep = parser.add_mutually_exclusive_group()
    keep.add_argument("--keep", action="store_true", help="keep both databases (default)")
    keep.add_argument("--drop", action="store_true", help="drop both databases at the end")
    parser.add_argument("--fresh", action="store_true", help="drop both databases first")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        raise SystemExit("scale.py needs PostgreSQL (DATABASE_URL=postgres://…)")
    big = db_name(url)
    small = f"{big}_demo"
    if args.fresh:
        drop_database(url, big)
        drop_database(url, small)
    create_database(url, big)
    create_database(url, small)
    os.environ["DATABASE_URL"] = url

    from _setup import django_setup

    django_setup()  # migrates the big database
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per force_login
    from django.db import connection

    connection.close()
    use_database(big)

    from django.test import Client

    from scorecards.models import Unit

    expected = expected_outcomes(args)
    prepare(big)
    found = generated_outcomes()
    if found != expected:
        if found or Unit.objects.filter(slug__startswith=SCALE_PREFIX).exists():
            # another size or an interrupted run: start this database over
            print(f"regenerating: {found} generated outcomes found, {expected} expected")
            use_database(small)
            close_database(big)
            drop_database(url, big)
            create_database(url, big)
            use_database(big)
            prepare(big)
        generate(args)
    else:
        print(f"reusing: {big} ({found} generated outcomes)")
    _ROWS.update(table_rows())
    for table, n in _ROWS.items():
        print(f"rows_{table.removeprefix('scorecards_')}: {n}")

    use_database(small)
    prepare(small)

    from django.contrib.auth.models import User

    pages = {
        "scorecard": ("controller", "/styrkort/lansteknik/2021-T1/"),
        "scorecard_2019": ("controller", "/styrkort/lansteknik/2019/"),
        "overview": ("controller", "/oversikt/2021-T1/"),
        "home": ("controller", "/"),
    }
    # Only in the big database, so no ratio: a generated division's scorecard, whose
    # queries meet ten years of its own history (Länsteknik has the demo's four).
    # And the region reader's overview: every division of the region, 323 rows at scale
    # against 3 in the demo, so a bigger page (no ratio either); sampled less often.
    generated = {
        "scorecard_generated": ("admin", f"/styrkort/{SCALE_PREFIX}d001/2021-T1/"),
        "overview_region": ("reader", "/oversikt/2019-T1/"),
    }
    clients: dict[tuple[str, str], Client] = {}
    for name in (small, big):
        use_database(name)
        visited = pages | generated if name == big else pages
        for username in {u for u, _ in visited.values()}:
            client = Client()
            client.force_login(User.objects.get(username=username))
            clients[name, username] = client
        for page, (username, path) in visited.items():
            status = clients[name, username].get(path).status_code
            assert status == 200, (name, page, path, status)

    # Each request on the demo database is followed by the same request on the big one,
    # so that whatever else the machine does hits both alike; the ratio is the median
    # of these pairs' ratios.
    samples: dict[tuple[str, str], list[float]] = {}
    for i in range(args.samples):
        for page, (username, path) in (pages | generated).items():
            if page == "overview_region" and i % 8:
                continue
            for name in (small, big) if page in pages else (big,):
                use_database(name)
                client = clients[name, username]
                start = time.perf_counter()
                client.get(path)
                samples.setdefault((name, page), []).append(time.perf_counter() - start)

    use_database(big)
    explained: list[str] = []
    sql_ms: dict[str, float] = {}
    for page, (username, path) in (pages | generated).items():
        client = clients[big, username]
        lines, sql_ms[page] = explain(page, capture(lambda c=client, p=path: c.get(p)))
        explained += lines
    print("indexes:")
    for line in indexes():
        print(f"  {line}")
    print("explain (big database):")
    for line in explained:
        print(f"  {line}")

    ratios = {}
    for page in pages:
        small_ms = statistics.median(samples[small, page]) * 1000
        big_ms = statistics.median(samples[big, page]) * 1000
        ratios[page] = statistics.median(
            b / a for a, b in zip(samples[small, page], samples[big, page], strict=True)
        )
        print(f"{page}_demo_ms: {small_ms:.2f}")
        print(f"{page}_scale_ms: {big_ms:.2f}")
        print(f"{page}_scale_sql_ms: {sql_ms[page]:.2f}")
        print(f"{page}_ratio: {ratios[page]:.2f}")
    for page in generated:
        print(f"{page}_scale_ms: {statistics.median(samples[big, page]) * 1000:.2f}")
        print(f"{page}_scale_sql_ms: {sql_ms[page]:.2f}")
    seq = sum("SEQ!" in line for line in explained)
    print(f"seq_scans_on_big_tables: {seq}")

    if args.drop:
        close_database(big)
        close_database(small)
        drop_database(url, big)
        drop_database(url, small)
        print("dropped: both databases")
    print(f"ratio: {max(ratios.values()):.2f}")


if __name__ == "__main__":
    main()
