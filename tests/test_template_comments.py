"""Django's ``{# … #}`` comment ends on its own line: one spanning two lines is printed as
text on the page (the menu's comment was, on every page). Longer comments use
``{% comment %}``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def test_no_template_comment_spans_lines() -> None:
    root = Path(settings.BASE_DIR)
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert found == []
