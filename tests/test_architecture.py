"""The import graph between the project's apps, read with ast (not grep).

Rules (issue "One room per domain"):
- no cycle between apps;
- the leaf package ``common`` imports no app;
- the core (``scorecards``) imports nothing but ``common``;
- the consumers that loop over the domain apps' contributions (the report builder, the
  Excel workbook, the rollover, the demo loader) reach the domain apps only through
  ``common.contributions``, never by a static import.
Tests, benchmarks and migrations are left out, as in ``shared/tools/app_graph.py``.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SKIP = {"tests", "bench", "migrations", "static", "templates", "fixtures", "var", "ops"}
LEAF = "common"
CORE = "scorecards"
# Consumers of contributions, and the apps they may import statically.
CONSUMERS: dict[str, set[str]] = {
    "spreadsheets": {LEAF, CORE},
    "rollover": {LEAF, CORE},
    "demo": {LEAF, CORE},
}


def _apps() -> list[str]:
    return sorted(
        d.name
        for d in ROOT.iterdir()
        if d.is_dir()
        and d.name not in SKIP
        and not d.name.startswith(".")
        and (d / "__init__.py").exists()
    )


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _graph() -> dict[str, dict[str, set[str]]]:
    """app -> imported app -> the files (relative paths) that import it."""
    apps = _apps()
    graph: dict[str, dict[str, set[str]]] = {app: {} for app in apps}
    for app in apps:
        for path in (ROOT / app).rglob("*.py"):
            if SKIP.intersection(path.relative_to(ROOT).parts):
                continue
            for module in _imported_modules(path):
                top = module.split(".")[0]
                if top in graph and top != app:
                    graph[app].setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return graph


GRAPH = _graph()


def test_the_graph_sees_the_apps() -> None:
    """A guard for the guard: the walk finds the apps and their imports."""
    assert {LEAF, CORE, "finance", "reports", "spreadsheets"} <= set(GRAPH)
    assert CORE in GRAPH["finance"], "finance's models import the core"


def test_no_cycle_between_apps() -> None:
    try:
        order = list(TopologicalSorter({a: set(b) for a, b in GRAPH.items()}).static_order())
    except CycleError as error:
        cycle = error.args[1]
        edges = [f"{a} -> {b} ({', '.join(sorted(GRAPH[a][b]))})" for a, b in pairwise(cycle)]
        pytest.fail("import cycle between apps:\n" + "\n".join(edges))
    assert set(order) == set(GRAPH)


def test_leaf_package_imports_no_app() -> None:
    assert GRAPH[LEAF] == {}


def test_core_imports_only_the_leaf() -> None:
    assert set(GRAPH[CORE]) <= {LEAF}, GRAPH[CORE]


@pytest.mark.parametrize("consumer", sorted(CONSUMERS))
def test_consumers_reach_domain_apps_only_through_contributions(consumer: str) -> None:
    allowed = CONSUMERS[consumer]
    extra = {app: files for app, files in GRAPH[consumer].items() if app not in allowed}
    assert extra == {}


def test_report_builder_names_no_domain_app() -> None:
    """reports is a domain app too (its texts), but its builder and history loop over
    contributions: no static import of another domain app anywhere in reports."""
    domain = set(settings.DOMAIN_APPS) - {"reports"}
    assert set(GRAPH["reports"]) & domain == set(), GRAPH["reports"]


def test_every_domain_app_has_a_contributions_module() -> None:
    for app in settings.DOMAIN_APPS:
        assert (ROOT / app / "contributions.py").exists(), app
