"""Whole numbers from URLs and forms: what a browser sends, or nothing.

``str.isdigit`` accepts "²" (which ``int`` refuses) and ``int`` accepts "1_000", " 7 "
and a hundred digits (which the database refuses). An id or a number in a query string
or a hidden field is read here, and anything else is treated as absent: a 404 or 400,
never a server error.
"""

from __future__ import annotations

import re

# ASCII digits only, at most 18 of them: fits the database's bigint.
_WHOLE = re.compile(r"[0-9]{1,18}")
# What a SlugField holds (Django's slug: letters, digits, "-", "_"), at most 100.
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def whole_number(raw: object) -> int | None:
    """``raw`` as a non-negative whole number, or None if it is anything else."""
    if isinstance(raw, str) and _WHOLE.fullmatch(raw):
        return int(raw)
    return None


def slug(raw: object) -> str | None:
    """``raw`` as a slug (a unit's kortnamn), or None: a NUL byte or a space never
    reaches a query (PostgreSQL refuses NUL in text with a server error)."""
    if isinstance(raw, str) and _SLUG.fullmatch(raw):
        return raw
    return None
