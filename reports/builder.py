"""The report builder: everything a delårsrapport or årsrapport shows, read from data.

``report_data`` picks the sections of the organisation's report template from those the
apps contribute (``REPORT_SECTIONS`` in each ``contributions.py``, see
``reports.sections``), builds each once for the unit period and collects the summary's
key points and the figure snapshot from them; ``report_html`` renders the one template
used both for the HTML preview and the PDF; ``reports.pdf`` turns that HTML into an
archival PDF. Nothing in a report is typed into the report itself, and the builder
names no domain: a section comes from its app.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from common.numbers import MNKR, AmountFormat
from reports.live import LiveFigures, fill, has_live_names
from reports.models import (
    COVER_FIELDS,
    NarrativeSection,
    ReportKind,
    ReportTemplate,
    SectionSpec,
    default_cover_fields,
    fill_title,
)
from reports.sections import (
    BuiltSection,
    KeyPoints,
    ReportSection,
    SectionContext,
    SnapshotFigures,
    TocEntry,
    contributed_sections,
)
from scorecards.models import Period, UnitPeriod
from scorecards.terms import Terms


@dataclass(frozen=True)
class EditionStamp:
    """The frozen edition a PDF is rendered as (fastställd utgåva): its number and date."""

    number: int
    fixed_on: date


@dataclass(frozen=True)
class MetadataItem:
    """One line of the report's document metadata (cover and running footer)."""

    label: str
    value: str


@dataclass
class ReportData:
    """One unit period's report, ready for the template."""

    unit_period: UnitPeriod
    kind: str
    title: str
    # The report's sections in order, each with its data (printed when it has content).
    sections: list[BuiltSection]
    texts: dict[str, str]
    # The summary's bullet figures, one group per contributing section.
    key_points: list[KeyPoints] = field(default_factory=list)
    figures: SnapshotFigures = field(default_factory=dict)
    # Set when the PDF is rendered as a frozen edition.
    edition: EditionStamp | None = None
    # The cover and footer fields the template prints (reports.models.COVER_FIELDS).
    cover_fields: tuple[str, ...] = tuple(default_cover_fields())
    amounts: AmountFormat = MNKR
    words: Terms | None = None
    # The live figures the texts named, as filled in ({} when no text names any).
    live: LiveFigures = field(default_factory=dict)

    @property
    def is_annual(self) -> bool:
        return self.kind == ReportKind.ANNUAL

    @property
    def terms(self) -> Terms:
        """The organisation's words for the report's headings."""
        return self.words or self.unit_period.unit.organisation.terms

    @property
    def unit_goals(self) -> str:
        """What the unit's goals are called: "Divisionens mål", or "Nämndens mål" for the
        organisation's own unit."""
        return self.terms.goals_of(is_top_unit=self.unit_period.unit.parent_id is None)

    @property
    def is_draft(self) -> bool:
        """A report of a period not yet approved (or locked) is a draft: "UTKAST" on every page."""
        return self.unit_period.status not in (
            UnitPeriod.Status.APPROVED,
            UnitPeriod.Status.LOCKED,
        )

    @property
    def edition_line(self) -> str:
        """ "Utgåva 2, fastställd 2020-02-14", or "" for a report that is not an edition."""
        if self.edition is None:
            return ""
        return _("Utgåva %(number)s, fastställd %(date)s") % {
            "number": self.edition.number,
            "date": self.edition.fixed_on.isoformat(),
        }

    @property
    def published_on(self) -> date | None:
        """Publiceringsdatum: as entered, else the date the edition was frozen."""
        up = self.unit_period
        if up.published_on is not None:
            return up.published_on
        return self.edition.fixed_on if self.edition is not None else None

    @property
    def metadata(self) -> list[MetadataItem]:
        """The document metadata the cover and the footer print; an empty field is left out."""
        up = self.unit_period
        published = self.published_on
        values = {
            "unit": up.unit.name,
            "document_id": up.document_id,
            "version": up.document_version,
            "published_on": published.isoformat() if published else "",
            "owner": up.owner_title,
            "prepared_by": up.prepared_by_title,
        }
        labels = dict(COVER_FIELDS)
        return [
            MetadataItem(str(labels[key]), values[key])
            for key in self.cover_fields
            if values.get(key)
        ]

    @property
    def keys(self) -> list[str]:
        """The keys of the report's sections, in order."""
        return [s.key for s in self.sections]

    @property
    def toc(self) -> list[TocEntry]:
        return [entry for s in self.sections for entry in s.toc]

    def section_data(self, key: str) -> Any:
        """The built data of the report's section ``key``; None when the report lacks it."""
        return next((s.data for s in self.sections if s.key == key), None)


def report_kind(period: Period) -> str:
    return ReportKind.ANNUAL if period.kind == Period.Kind.YEAR else ReportKind.INTERIM


def report_template(unit_period: UnitPeriod) -> ReportTemplate | None:
    """The organisation's template for this period: one for the period's end month (a
    named kind, e.g. "Uppföljning per maj") before the kind's general one; None: the
    default report."""
    period = unit_period.period
    candidates = ReportTemplate.objects.filter(
        organisation=unit_period.unit.organisation_id, kind=report_kind(period)
    ).filter(Q(end_month=period.end_month) | Q(end_month__isnull=True))
    return min(candidates, key=lambda t: t.end_month is None, default=None)


def default_title(unit_period: UnitPeriod) -> str:
    """ "Årsrapport 2019" / "Delårsrapport per april 2021"."""
    period = unit_period.period
    if report_kind(period) == ReportKind.ANNUAL:
        return _("Årsrapport %(year)s") % {"year": period.year.year}
    return _("Delårsrapport %(period)s") % {"period": period.report_label}


def report_title(unit_period: UnitPeriod, template: ReportTemplate | None = None) -> str:
    """The template's title pattern filled in for the unit period, else the default title."""
    if template is None or not template.title_pattern:
        return default_title(unit_period)
    period, unit = unit_period.period, unit_period.unit
    return fill_title(
        template.title_pattern,
        {
            "rapport": template.display_name,
            "år": str(period.year.year),
            "period": period.span_label,
            "enhet": unit.name,
            "organisation": unit.organisation.name,
        },
    )


def report_sections(
    unit_period: UnitPeriod, template: ReportTemplate | None = None
) -> list[tuple[ReportSection[Any], SectionSpec]]:
    """The sections of the report with the template's choices, in the template's order.

    Without a template: the default report, where an interim report leaves out the
    sections that report on the whole year (Internkontroll); a template may add them.
    Keys no app contributes (any more) are skipped.
    """
    by_key = {s.key: s for s in contributed_sections()}
    specs = template.specs() if template else default_specs(report_kind(unit_period.period))
    return [(by_key[spec.key], spec) for spec in specs if spec.key in by_key]


def default_specs(kind: str) -> list[SectionSpec]:
    """The kind's default report ("Standard"): the sections marked for it, in the seeds'
    order, each with its own options; an interim report leaves out the sections that
    report on the whole year (``in_interim_default``)."""
    interim = kind != ReportKind.ANNUAL
    return [
        SectionSpec(key=s.key, options=s.resolve_options({}))
        for s in contributed_sections()
        if s.in_default and not (interim and not s.in_interim_default)
    ]


def report_data(
    *, unit_period: UnitPeriod, with_figures: bool = True, edition: EditionStamp | None = None
) -> ReportData:
    """Gather the report. ``with_figures=False`` skips drawing charts (for the figure diff);
    ``edition`` renders it as that frozen edition ("Utgåva N, fastställd …").

    A text that names live figures ("[[resultat]]", ``reports.live``) is filled in before
    the sections are built: the figures are read first (without charts), only then.
    """
    period = unit_period.period
    template = report_template(unit_period)
    chosen = report_sections(unit_period, template)
    context = report_context(unit_period, template, chosen, with_figures=with_figures)
    live: LiveFigures = {}
    if any(has_live_names(t) for t in _all_texts(context)):
        live = live_figures(chosen, context)
        context = replace(
            context,
            texts={kind: fill(text, live) for kind, text in context.texts.items()},
            perspective_texts={p: fill(t, live) for p, t in context.perspective_texts.items()},
        )
    built = [
        BuiltSection(
            s,
            s.build(replace(context, options=s.resolve_options(spec.options))),
            heading=spec.heading,
            mandatory=spec.mandatory,
        )
        for s, spec in chosen
    ]
    points = key_points(built, context)
    if any(group.points for group in points):
        built = [replace(b, has_key_points=True) for b in built]
    built = [
        replace(b, data=b.section.with_key_points(b.data, points))
        if b.section.with_key_points is not None
        else b
        for b in built
    ]
    data = ReportData(
        unit_period=unit_period,
        kind=report_kind(period),
        title=report_title(unit_period, template),
        sections=built,
        texts=dict(context.texts),
        key_points=points,
        edition=edition,
        cover_fields=tuple(template.cover_fields) if template else tuple(default_cover_fields()),
        amounts=context.amounts,
        words=context.terms,
        live=live,
    )
    data.figures = figure_snapshot(built)
    return data


def report_context(
    unit_period: UnitPeriod,
    template: ReportTemplate | None,
    chosen: list[tuple[ReportSection[Any], SectionSpec]],
    *,
    with_figures: bool = True,
) -> SectionContext:
    """What every section of the unit period's report is built from: its texts as
    typed, the report's amount unit and the organisation's words."""
    unit, period = unit_period.unit, unit_period.period
    organisation = unit.organisation
    narratives = list(NarrativeSection.objects.filter(unit=unit, period=period))
    return SectionContext(
        unit_period=unit_period,
        keys=tuple(s.key for s, _spec in chosen),
        texts={n.kind: n.body for n in narratives if n.perspective_id is None},
        perspective_texts={n.perspective_id: n.body for n in narratives if n.perspective_id},
        with_figures=with_figures,
        amounts=template.amounts(organisation.amounts) if template else organisation.amounts,
        terms=organisation.terms,
    )


def _all_texts(context: SectionContext) -> list[str]:
    return [*context.texts.values(), *context.perspective_texts.values()]


def live_figures(
    chosen: list[tuple[ReportSection[Any], SectionSpec]], context: SectionContext
) -> LiveFigures:
    """Every figure a text of the report may name (``ReportSection.live_figures``).

    Like the key points, a section of the default report that the template leaves out
    still offers its figures (a summary may name the result whatever the chapters); a
    section outside the default report offers them only when the report has it. Built
    without charts: only the figures are wanted.
    """
    specs = {s.key: spec for s, spec in chosen}
    figures: LiveFigures = {}
    for section in contributed_sections():
        offer = section.live_figures
        if offer is None or (section.key not in specs and not section.in_default):
            continue
        spec = specs.get(section.key)
        own = replace(
            context,
            with_figures=False,
            options=section.resolve_options(spec.options if spec else {}),
        )
        figures.update(offer(section.build(own), own))
    return figures


def unit_period_live_figures(unit_period: UnitPeriod) -> LiveFigures:
    """The figures the unit period's texts may name, with their current values (the
    entry page lists them and its preview fills them in)."""
    template = report_template(unit_period)
    chosen = report_sections(unit_period, template)
    return live_figures(chosen, report_context(unit_period, template, chosen))


def key_points(built: list[BuiltSection], context: SectionContext) -> list[KeyPoints]:
    """The summary's bullet figures: each contributing section's, computed, never typed.

    A section of the default report that the template leaves out still gives its key
    points (built without charts): the seeds' summary lists finance and staff figures
    whatever the chapters. A section outside the default report (goals, finance by
    line) gives them only when the report has it. A section without points adds no group.
    """
    data = {s.key: s.data for s in built}
    groups = []
    for section in sorted(contributed_sections(), key=lambda s: s.key_points_order):
        points = section.key_points
        if points is None or (section.key not in data and not section.in_default):
            continue
        if section.key not in data:
            data[section.key] = section.build(replace(context, with_figures=False))
        found = points(data[section.key], context)
        if found:
            groups.append(KeyPoints(str(section.title), found))
    return groups


def figure_snapshot(built: list[BuiltSection]) -> SnapshotFigures:
    """Every figure of the report, as shown, under a key that is stable across periods.

    Keys name the measure (by its key) or the table, row and column position, so two
    editions — or this period and the previous one — can be compared figure by figure.
    Each section gives its own figures (``snapshot``) and its tables (``tables``).
    """
    figures: SnapshotFigures = {}
    for item in built:
        figures.update(item.section.snapshot(item.data))
        for table in item.section.tables(item.data):
            for row in table.rows:
                for index, (header, cell) in enumerate(
                    zip(table.headers[1:], row.cells, strict=False)
                ):
                    figures[f"{table.id}|{row.label}|{index}"] = {
                        "label": f"{table.caption} › {row.label} › {header}",
                        "value": cell,
                    }
    return figures


def report_html(data: ReportData, *, for_pdf: bool, stylesheet: str = "") -> str:
    """The report as HTML: the same content template for the web preview and the PDF."""
    return render_to_string(
        "reports/report.html" if for_pdf else "reports/report_body.html",
        {"report": data, "up": data.unit_period, "stylesheet": stylesheet},
    )
