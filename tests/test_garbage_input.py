"""Garbage in, never a 500: every POST route of the permission matrix and every query
parameter a view reads, fed values a browser would never send.

The POST routes, their roles and valid forms come from ``tests/test_permission_matrix``
(``POSTS``, the ``demo`` fixture): each field of the valid form is replaced in turn by
each garbage value, and the whole form by junk. The query parameters are found in the
views' source (``request.GET.get("…")`` / ``request.GET["…"]``), so a new one fails
``test_every_query_parameter_is_covered`` until it is added to ``QUERY_PARAMETERS``.
Any answer is fine but a server error: 400, 404, 405, 409, 413, 422, a redirect, 200.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from common.limits import NARRATIVE_CHARS
from tests.test_permission_matrix import (  # noqa: F401  (demo: a fixture used by name)
    APPROVED,
    NO_PERIOD,
    OPEN,
    POSTS,
    client_for,
    demo,
    url_for,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

ROOT = Path(settings.BASE_DIR)

GARBAGE: tuple[str, ...] = (
    "abc",
    "1.5",
    "-1",
    "1e999",
    "NaN",
    "9" * 40,
    "",
    "²",  # a digit to str.isdigit(), not to int()
    "\x00",
    "x" * (NARRATIVE_CHARS + 1),
)


def _no_server_error(client: Client, method: str, url: str, data: Any, *, htmx: bool) -> None:
    """One request, as htmx sends it (a row or region) or as a plain form."""
    call = client.post if method == "POST" else client.get
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = call(url, data, **headers)
    assert response.status_code < 500, f"{method} {url} {str(data)[:200]} (htmx={htmx})"


@pytest.mark.parametrize("name", list(POSTS))
def test_garbage_posts_never_answer_500(demo: dict[str, dict[str, object]], name: str) -> None:  # noqa: F811
    post = POSTS[name]
    url = url_for(demo, name, post.period)
    client = client_for(post.role)
    valid = post.data(demo.get(post.period, {}))
    forms: list[Any] = [
        {},
        {"junk": "1"},
        {key: ["1", "2"] for key in valid},  # every field twice
        {key: "abc" for key in valid},
    ]
    for key in valid:
        forms.extend({**valid, key: value} for value in GARBAGE)
    # Every other form as htmx sends it: both code paths, at half the requests.
    for number, form in enumerate(forms):
        _no_server_error(client, "POST", url, form, htmx=number % 2 == 1)


# ----------------------------------------------------------------------- query parameters

# The query parameters the views read → (route of the matrix, period, role who may see it).
QUERY_PARAMETERS: dict[str, tuple[str, str, str]] = {
    "visa": ("scorecards:scorecard", OPEN, "controller"),
    "block": ("reports:preview", OPEN, "controller"),
    "rad": ("reports:history", OPEN, "controller"),
    "falt": ("reports:history", OPEN, "controller"),
    "sida": ("reports:history", OPEN, "controller"),
    "mot": ("report:edition_diff", APPROVED, "manager"),
    "fran": ("report:edition_diff", APPROVED, "manager"),
    "till": ("report:edition_diff", APPROVED, "manager"),
    "mal": ("goals:page", OPEN, "controller"),
    "aktivitet": ("internal_control:follow_up", APPROVED, "controller"),
    "sortera": ("internal_control:plan", APPROVED, "controller"),
    "enhet": ("steering:year", NO_PERIOD, "manager"),
    "status": ("assignment_list:year", OPEN, "controller"),
    "forsenade": ("assignment_list:year", OPEN, "controller"),
    "datum": ("annual_cycle:reminders", NO_PERIOD, "admin"),
    # The identity provider's answer on the OIDC callback (sso.views.Callback).
    "error": ("sso:callback", NO_PERIOD, "anonymous"),
}
# Parameters read from request.GET under a variable name (assignments' budget row).
INDIRECT = {"enhet": ("assignments:entry_budget", OPEN, "controller")}

_READ = re.compile(r"""request\.GET(?:\.get\(\s*|\[)["'](\w+)["']""")


def _parameters_in_views() -> set[str]:
    found: set[str] = set()
    for path in ROOT.glob("*/*views.py"):
        found.update(_READ.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_query_parameter_is_covered() -> None:
    assert _parameters_in_views() == set(QUERY_PARAMETERS)


@pytest.mark.parametrize("parameter", sorted(QUERY_PARAMETERS))
def test_garbage_query_parameters_never_answer_500(
    demo: dict[str, dict[str, object]],  # noqa: F811
    parameter: str,
) -> None:
    routes = [QUERY_PARAMETERS[parameter]]
    if parameter in INDIRECT:
        routes.append(INDIRECT[parameter])
    for name, period, role in routes:
        client = client_for(role)
        base = url_for(demo, name, period).split("?")[0]
        method = "POST" if name == "reports:preview" else "GET"
        for value in (*GARBAGE, "0", "1", "2019-02-30", "foregaende"):
            query = urlencode({parameter: value})
            data = {"body": "text"} if method == "POST" else {}
            for htmx in (False, True):
                _no_server_error(client, method, f"{base}?{query}", data, htmx=htmx)
