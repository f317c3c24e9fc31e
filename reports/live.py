"""Live figures: a narrative text names a computed figure, the report prints its value.

A text written as "Länsteknik redovisar ett resultat på [[resultat]] för 2019." prints
the result as the report computes it ("−4,8 mnkr"), in the web preview, the entry
page's preview and the PDF alike, so the text cannot drift from the figures. Each
section offers its names (``ReportSection.live_figures``); the builder substitutes them
in the texts before the sections render them. A name the report does not offer is
printed visibly as "[[okänt: namn]]" and listed by Granskning (``reports.review``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

# Names as written in a text: "[[resultat]]", "[[styrmått.major-incidents.utfall]]".
# One line, no brackets inside, short: anything else is left as typed.
LIVE_RE = re.compile(r"\[\[(?P<name>[^\[\]\n]{1,100})\]\]")
UNKNOWN_PREFIX = "okänt: "
# A name the report lacks, as printed: Granskning finds it in the printed text.
UNKNOWN_RE = re.compile(r"\[\[" + re.escape(UNKNOWN_PREFIX) + r"(?P<name>[^\[\]\n]{1,100})\]\]")

LiveFigures = dict[str, str]


def live_name(*parts: str) -> str:
    """The canonical name of a figure: lower case, parts joined by dots, every run of
    spaces and punctuation as one underscore ("Övriga kostnader" → "övriga_kostnader",
    "major-incidents" → "major_incidents")."""
    return ".".join(part for part in map(_part, parts) if part)


def _part(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().lower()
    return re.sub(r"[\W_]+", "_", text).strip("_")


def normalise(name: str) -> str:
    """A name as the reader typed it, in canonical form ("Styrmått.Major-Incidents.Utfall")."""
    return live_name(*name.split("."))


def has_live_names(text: str) -> bool:
    return "[[" in text and LIVE_RE.search(text) is not None


def fill(text: str, figures: Mapping[str, str]) -> str:
    """The text with each named figure replaced by its value; an unknown name is kept
    visible as "[[okänt: namn]]" (never silently dropped or left looking typed)."""
    if "[[" not in text:
        return text

    def value(match: re.Match[str]) -> str:
        name = match.group("name").strip()
        if name.startswith(UNKNOWN_PREFIX):
            return match.group(0)  # already marked (a text filled twice)
        found = figures.get(normalise(name))
        return found if found is not None else f"[[{UNKNOWN_PREFIX}{name}]]"

    return LIVE_RE.sub(value, text)


def unknown_names(text: str) -> list[str]:
    """The names a filled text marks as unknown, in order."""
    return [m.group("name") for m in UNKNOWN_RE.finditer(text)]
