"""The report's own sections: summary, governance, the perspectives' scorecards, outlook.

The domain apps contribute the rest (``<app>/report.py``); see ``reports.sections``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.numbers import format_number
from reports.live import live_name
from reports.sections import (
    KeyPoints,
    ReportSection,
    SectionContext,
    SnapshotFigures,
    TocEntry,
)
from scorecards import selectors as scorecard_selectors
from scorecards.models import Attainment, FocusArea, UnitGoal

# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class SummaryPart:
    """A piece of the summary as printed: typed Markdown, or a group of generated key points."""

    text: str = ""
    points: KeyPoints | None = None


@dataclass(frozen=True)
class Summary:
    text: str
    # The outlook text, when the report has no outlook section of its own.
    outlook: str
    # The text and the key points in print order (``place_key_points``); empty until the
    # builder hands the key points over.
    parts: tuple[SummaryPart, ...] = ()


# A Markdown ATX heading: "### Ekonomiskt resultat".
_HEADING_RE = re.compile(r"^(?P<marks>#{1,6})[ \t]+(?P<title>.+?)[ \t#]*$", re.MULTILINE)


def _same_title(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def place_key_points(summary: Summary, groups: list[KeyPoints]) -> Summary:
    """THE printed-once rule: a block of the typed summary headed by a generated key-point
    group's title (a Markdown heading such as "### Ekonomiskt resultat", the same words,
    any case) says what the generated group says: the block — its heading and everything
    up to the next heading of the same or a higher level — is not printed, and the
    generated group is printed in its place. Groups the text does not head come after
    the text, as before. A figure is thus printed once, from data.
    """
    text = summary.text
    shown = [g for g in groups if g.points]
    headings = list(_HEADING_RE.finditer(text))
    parts: list[SummaryPart] = []
    placed: set[int] = set()
    cursor = 0
    index = 0
    while index < len(headings):
        heading = headings[index]
        group = next(
            (
                n
                for n, g in enumerate(shown)
                if n not in placed and _same_title(heading.group("title"), g.title)
            ),
            None,
        )
        if group is None:
            index += 1
            continue
        level = len(heading.group("marks"))
        end_index = next(
            (
                j
                for j in range(index + 1, len(headings))
                if len(headings[j].group("marks")) <= level
            ),
            None,
        )
        end = headings[end_index].start() if end_index is not None else len(text)
        if text[cursor : heading.start()].strip():
            parts.append(SummaryPart(text=text[cursor : heading.start()].strip()))
        parts.append(SummaryPart(points=shown[group]))
        placed.add(group)
        cursor = end
        index = end_index if end_index is not None else len(headings)
    if text[cursor:].strip():
        parts.append(SummaryPart(text=text[cursor:].strip()))
    parts += [SummaryPart(points=g) for n, g in enumerate(shown) if n not in placed]
    return replace(summary, parts=tuple(parts))


def build_summary(context: SectionContext) -> Summary:
    outlook = "" if OUTLOOK_SECTION.key in context.keys else context.texts.get("outlook", "")
    text = context.texts.get("summary", "")
    return Summary(text=text, outlook=outlook, parts=(SummaryPart(text=text),) if text else ())


SUMMARY_SECTION = ReportSection(
    key="summary",
    title=gettext_lazy("Sammanfattning"),
    position=10,
    build=build_summary,
    template="reports/report_summary.html",
    has_content=lambda summary: bool(summary.text or summary.outlook),
    shows_key_points=True,
    with_key_points=place_key_points,
)

# ------------------------------------------------------------------------ governance


@dataclass(frozen=True)
class Governance:
    text: str
    focus_areas: list[FocusArea]
    perspectives: list[scorecard_selectors.PerspectiveBlock]


def build_governance(context: SectionContext) -> Governance:
    return Governance(
        text=context.texts.get("governance", ""),
        focus_areas=list(
            FocusArea.objects.filter(
                unit=context.unit_period.unit, year=context.period.year_id
            ).order_by("order")
        ),
        perspectives=context.scorecard.perspectives,
    )


GOVERNANCE_SECTION = ReportSection(
    key="governance",
    title=gettext_lazy("Styrning och uppföljning"),
    position=20,
    build=build_governance,
    template="reports/report_governance.html",
    has_content=lambda g: bool(g.text or g.focus_areas or g.perspectives),
)

# ---------------------------------------------------------------------- perspectives


# A goal with more measures than this is printed in parts, each headed by the goal, so
# the goal is named again on the next page; a part is never split (report.css).
GOAL_ROWS_PER_PART = 8


@dataclass(frozen=True)
class GoalPart:
    """A goal's measures as one row group of the printed scorecard (``<tbody>``)."""

    goal: UnitGoal
    rows: list[scorecard_selectors.MeasureRow]
    # True for the second and later parts of a long goal: its heading says "forts.".
    continued: bool = False


@dataclass(frozen=True)
class PerspectiveReport:
    """A perspective's block of the scorecard with the analysis text written for it."""

    block: scorecard_selectors.PerspectiveBlock
    text: str

    @property
    def goal_parts(self) -> list[GoalPart]:
        """Each goal's rows in parts of at most ``GOAL_ROWS_PER_PART``, evenly sized."""
        parts = []
        for goal in self.block.goals:
            count = -(-len(goal.rows) // GOAL_ROWS_PER_PART)
            size = -(-len(goal.rows) // max(count, 1))
            for index, start in enumerate(range(0, len(goal.rows), size)):
                parts.append(GoalPart(goal.goal, goal.rows[start : start + size], index > 0))
        return parts


def build_perspectives(context: SectionContext) -> list[PerspectiveReport]:
    return [
        PerspectiveReport(b, context.perspective_texts.get(b.perspective.pk, ""))
        for b in context.scorecard.perspectives
    ]


def _with_goals(items: list[PerspectiveReport]) -> list[PerspectiveReport]:
    return [item for item in items if item.block.goals]


def perspectives_toc(items: list[PerspectiveReport]) -> list[TocEntry]:
    """One chapter per perspective with goals."""
    return [
        TocEntry(f"s-p-{item.block.perspective.slug}", item.block.perspective.name)
        for item in _with_goals(items)
    ]


def measure_figures(items: list[PerspectiveReport]) -> SnapshotFigures:
    """Each measure's outcome and attainment, under the measure's stable key."""
    figures: SnapshotFigures = {}
    for item in items:
        block = item.block
        for goal in block.goals:
            for row in goal.rows:
                label = f"{block.perspective.name} › {row.measure.name}"
                value = row.outcome.value if row.outcome else None
                shown = (
                    format_number(value, decimals=row.measure.decimals) if value is not None else ""
                )
                figures[f"measure|{row.measure.key}|value"] = {
                    "label": f"{label} › {_('utfall')}",
                    "value": shown,
                }
                figures[f"measure|{row.measure.key}|light"] = {
                    "label": f"{label} › {_('måluppfyllelse')}",
                    "value": str(Attainment(row.attainment).label),
                }
    return figures


def measure_live_figures(items: list[PerspectiveReport], context: SectionContext) -> dict[str, str]:
    """Each measure's outcome and attainment as a text may name them:
    "[[styrmått.major_incidents.utfall]]" → "16 st", "….måluppfyllelse" → "Ej uppnått"."""
    figures: dict[str, str] = {}
    for item in items:
        for goal in item.block.goals:
            for row in goal.rows:
                key = row.measure.key
                figures[live_name("styrmått", key, "måluppfyllelse")] = str(
                    Attainment(row.attainment).label
                )
                value = row.outcome.value if row.outcome else None
                if value is None:
                    continue
                shown = format_number(value, decimals=row.measure.decimals)
                if row.measure.unit_of_measurement:
                    shown = f"{shown}\u00a0{row.measure.unit_of_measurement}"
                figures[live_name("styrmått", key, "utfall")] = shown
    return figures


PERSPECTIVES_SECTION = ReportSection(
    key="perspectives",
    title=gettext_lazy("Perspektiv med styrkort"),
    position=30,
    build=build_perspectives,
    template="reports/report_perspectives.html",
    has_content=lambda items: bool(_with_goals(items)),
    toc=perspectives_toc,
    snapshot=measure_figures,
    live_figures=measure_live_figures,
)

# --------------------------------------------------------------------------- outlook


def build_outlook(context: SectionContext) -> str:
    return context.texts.get("outlook", "")


OUTLOOK_SECTION = ReportSection(
    key="outlook",
    title=gettext_lazy("Förväntad utveckling"),
    position=90,
    build=build_outlook,
    template="reports/report_outlook.html",
    has_content=bool,
    # The seeds print the outlook in the summary; a report template may give it a chapter.
    in_default=False,
)
