"""What a report section is: the object each app contributes to the delårsrapport / årsrapport.

An app adds a section by defining a ``ReportSection`` (usually in ``<app>/report.py``)
and listing it in ``REPORT_SECTIONS`` of its ``contributions.py``. The report builder
(``reports.builder``) picks the sections of the organisation's report template, builds
each once for the unit period and renders its template with the built data; it knows
no domain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.functional import Promise

from common.chart_svg import svg_data_uri
from common.charts import Chart, Table
from common.contributions import collect
from common.numbers import MNKR, AmountFormat
from scorecards import selectors as scorecard_selectors
from scorecards.models import Period, UnitPeriod
from scorecards.terms import Terms

# A snapshot figure: {"label": …, "value": …} under a key stable across periods.
SnapshotFigures = dict[str, dict[str, str]]


@dataclass(frozen=True)
class Figure:
    """A chart as the PDF shows it: the SVG of the web chart's figure, with its text."""

    title: str
    src: str
    table: Chart
    # What the chart shows, in words (the image's alt text in the tagged PDF).
    alt: str = ""


@dataclass(frozen=True)
class TocEntry:
    """One line of the table of contents: the heading's anchor and its text."""

    anchor: str
    title: str


@dataclass(frozen=True)
class SectionContext:
    """What a section's ``build`` gets: the unit period and the report around it."""

    unit_period: UnitPeriod
    # The keys of the report's sections, in order (a section may depend on its neighbours).
    keys: tuple[str, ...]
    # The narrative texts (reports.NarrativeSection) by kind, and per perspective id.
    texts: Mapping[str, str] = field(default_factory=dict)
    perspective_texts: Mapping[int, str] = field(default_factory=dict)
    # False when only the figures are wanted (the figure diff): no charts are drawn.
    with_figures: bool = True
    # How the report shows amounts and names things (the organisation's, or its template's).
    amounts: AmountFormat = MNKR
    terms: Terms | None = None
    # The section's options as the template chose them (each section's own, resolved).
    options: Mapping[str, bool] = field(default_factory=dict)

    def option(self, key: str) -> bool:
        """A section option; one the template does not name is on."""
        return self.options.get(key, True)

    @property
    def words(self) -> Terms:
        """The organisation's words (for a context built without them: the unit's)."""
        return self.terms or self.unit_period.unit.organisation.terms

    @property
    def period(self) -> Period:
        return self.unit_period.period

    @property
    def is_annual(self) -> bool:
        return self.unit_period.period.kind == Period.Kind.YEAR

    @cached_property
    def scorecard(self) -> scorecard_selectors.Scorecard:
        """The unit period's scorecard, read once for every section that shows it."""
        return scorecard_selectors.scorecard(unit_period=self.unit_period)

    def draw(self, charts: list[Chart], *, size: tuple[float, float] = (165, 75)) -> list[Figure]:
        """The charts worth drawing as SVG figures; none when the report is built without them.

        A chart without data, or with one point per series, is left out: its figures are
        in the section's table. The title is the figure's caption, not drawn twice.
        """
        if not self.with_figures:
            return []
        return [
            Figure(
                title=c.title,
                src=svg_data_uri(c.figure, width_mm=size[0], height_mm=size[1], with_title=False),
                table=c,
                alt=c.alt_text,
            )
            for c in charts
            if c.is_worth_drawing
        ]


def _always(data: object) -> bool:
    return True


def _no_tables(data: object) -> list[Table]:
    return []


def _no_figures(data: object) -> SnapshotFigures:
    return {}


@dataclass(frozen=True)
class SectionOption:
    """A choice a report template makes for a section, e.g. whether to show a chart."""

    key: str
    label: str | Promise
    default: bool = True


@dataclass(frozen=True)
class ReportSection[T]:
    """A section of the report, contributed by an app.

    ``build`` reads the section's data for a unit period once; ``template`` renders it
    (the template gets ``data``, besides ``report`` and ``up``). ``has_content`` decides
    whether the section is printed and listed in the table of contents; ``toc`` lists its
    entries there (default: one, ``anchor`` and ``title``). ``tables`` and ``snapshot``
    give the figures compared between editions and periods (``reports.diff``);
    ``key_points`` the bullet figures the summary lists under the section's title;
    ``live_figures`` the figures its texts may name (``reports.live``).
    """

    key: str
    title: str | Promise
    # Place in the default report (the seeds' order); ``in_default`` False leaves it out
    # of the default, so only an organisation's report template adds it.
    position: int
    build: Callable[[SectionContext], T]
    template: str
    anchor: str = ""
    has_content: Callable[[T], bool] = _always
    toc: Callable[[T], list[TocEntry]] | None = None
    # False: left out of the default interim report (Internkontroll reports on the year);
    # an organisation's interim template may still add it.
    in_interim_default: bool = True
    in_default: bool = True
    # What a template may switch for this section (tables, charts); read in ``build``
    # through ``SectionContext.option``.
    options: tuple[SectionOption, ...] = ()
    tables: Callable[[T], list[Table]] = _no_tables
    snapshot: Callable[[T], SnapshotFigures] = _no_figures
    key_points: Callable[[T, SectionContext], list[str]] | None = None
    # The figures a narrative text may name as "[[name]]" (reports.live): canonical name
    # (``reports.live.live_name``) → the value as printed, in the report's amount unit.
    live_figures: Callable[[T, SectionContext], dict[str, str]] | None = None
    # Order of the key points in the summary (the seeds list finance before staff).
    key_points_order: int = 0
    # Prints the report's key points (the summary): has content when there are any.
    shows_key_points: bool = False
    # Gets the report's key points once every section is built, and returns its data
    # with them placed (the summary puts each group where its text had typed the same
    # heading, so a figure is printed once).
    with_key_points: Callable[[T, list[KeyPoints]], T] | None = None

    @property
    def html_id(self) -> str:
        return self.anchor or f"s-{self.key}"

    def toc_entries(self, data: T, heading: str = "") -> list[TocEntry]:
        if self.toc is not None:
            return self.toc(data)
        return [TocEntry(self.html_id, heading or str(self.title))]

    def resolve_options(self, chosen: Mapping[str, bool]) -> dict[str, bool]:
        """Every option of the section: as the template chose, else its default."""
        return {o.key: bool(chosen.get(o.key, o.default)) for o in self.options}


@dataclass(frozen=True)
class BuiltSection:
    """A section with its data for one unit period, as the report template renders it.

    Its template prints ``heading`` (the template's, else the section's title) and
    ``html_id``. A section without content is left out, unless the report template
    marks it mandatory: then it is printed with one line, "Inga uppgifter för perioden".
    """

    section: ReportSection[Any]
    data: Any
    heading: str = ""
    mandatory: bool = False
    # Whether the report has key points, for a section that prints them (the summary).
    has_key_points: bool = False

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def html_id(self) -> str:
        return self.section.html_id

    @property
    def title(self) -> str:
        return self.heading or str(self.section.title)

    @property
    def has_content(self) -> bool:
        if self.section.shows_key_points and self.has_key_points:
            return True
        return self.section.has_content(self.data)

    @property
    def printed(self) -> bool:
        return self.mandatory or self.has_content

    @property
    def toc(self) -> list[TocEntry]:
        if not self.has_content:
            return [TocEntry(self.html_id, self.title)] if self.mandatory else []
        return self.section.toc_entries(self.data, self.heading)


@dataclass(frozen=True)
class KeyPoints:
    """The summary's bullet figures from one section, under that section's title."""

    title: str
    points: list[str]


def contributed_sections() -> list[ReportSection[Any]]:
    """Every app's report sections (``REPORT_SECTIONS``), in the default report's order."""
    return sorted(collect("REPORT_SECTIONS"), key=lambda s: s.position)


def section_keys() -> list[str]:
    """The keys a report template may name."""
    return [s.key for s in contributed_sections()]


def default_section_keys() -> list[str]:
    """The default report: the sections marked for it, by position (the seeds' order)."""
    return [s.key for s in contributed_sections() if s.in_default]
