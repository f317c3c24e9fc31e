"""Reads of Inställningar → Rapportmallar: the templates and the reports they shape.

The rule which template a period gets is the builder's (``reports.builder.report_template``):
a template with the period's end month before the kind's general one, else the default
report. The preview links follow the same rule, so a link shows the template at work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from reports.builder import default_specs, report_title
from reports.models import ReportKind, ReportTemplate, SectionSpec, fill_title
from reports.sections import ReportSection, contributed_sections
from scorecards.models import MONTHS_LONG, Organisation, Period, UnitPeriod


def organisation_templates(*, organisation: Organisation) -> list[ReportTemplate]:
    """The organisation's templates: delårsrapport before årsrapport, general before named."""
    return sorted(
        ReportTemplate.objects.filter(organisation=organisation),
        key=lambda t: (t.kind != ReportKind.INTERIM, t.end_month is not None, t.end_month or 0),
    )


# How many of the latest periods a template's preview links reach back.
PREVIEW_PERIODS = 3


@dataclass(frozen=True)
class PreviewPeriod:
    """A period the template applies to, with the reports (unit periods) of it."""

    period: Period
    unit_periods: list[UnitPeriod]


def preview_periods(
    *, organisation: Organisation, kind: str, end_month: int | None, named_months: set[int]
) -> list[PreviewPeriod]:
    """The organisation's latest periods that a template applies to, latest first, each
    with its reporting units' unit periods.

    ``end_month`` None: every period of the kind except the months a named template
    (``named_months``) takes. Two queries.
    """
    periods = Period.objects.filter(year__organisation=organisation).select_related("year")
    if kind == ReportKind.ANNUAL:
        periods = periods.filter(kind=Period.Kind.YEAR)
    else:
        periods = periods.exclude(kind=Period.Kind.YEAR)
    if end_month is not None:
        periods = periods.filter(end_month=end_month)
    else:
        periods = periods.exclude(end_month__in=named_months)
    latest = list(periods.order_by("-year__year", "-end_month")[:PREVIEW_PERIODS])
    unit_periods = (
        UnitPeriod.objects.filter(period__in=latest, unit__reports=True)
        .select_related("unit__organisation", "period__year")
        .order_by("unit__path")
    )
    by_period: dict[int, list[UnitPeriod]] = {p.pk: [] for p in latest}
    for up in unit_periods:
        by_period[up.period_id].append(up)
    return [PreviewPeriod(p, by_period[p.pk]) for p in latest if by_period[p.pk]]


def named_months(templates: list[ReportTemplate], kind: str) -> set[int]:
    return {t.end_month for t in templates if t.kind == kind and t.end_month is not None}


def applies_to(template: ReportTemplate | None, kind: str) -> str:
    """Which periods, in words: "Perioder som slutar i maj", "Alla delårsrapporter"."""
    month = template.end_month if template is not None else None
    if month is not None:
        return _("Perioder som slutar i %(month)s") % {"month": MONTHS_LONG[month]}
    if kind == ReportKind.ANNUAL:
        return _("Alla årsrapporter")
    return _("Alla delårsrapporter (utom perioder med en egen mall)")


@dataclass
class TemplateRow:
    """One line of the list: a template, or a kind's default ("Standard") without one."""

    kind: str
    template: ReportTemplate | None
    section_titles: list[str]
    applies: str
    previews: list[PreviewPeriod] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.template is None:
            return _("%(kind)s (standard)") % {"kind": ReportKind(self.kind).label}
        return self.template.display_name

    @property
    def kind_label(self) -> str:
        return str(ReportKind(self.kind).label)


def _titles(specs: list[SectionSpec], sections: dict[str, ReportSection[Any]]) -> list[str]:
    return [spec.heading or str(sections[spec.key].title) for spec in specs if spec.key in sections]


def template_rows(*, organisation: Organisation) -> list[TemplateRow]:
    """The organisation's templates, and the default of each kind that has no general
    template, each with the reports it shapes now."""
    templates = organisation_templates(organisation=organisation)
    sections = {s.key: s for s in contributed_sections()}
    rows = []
    for kind in (ReportKind.INTERIM, ReportKind.ANNUAL):
        of_kind = [t for t in templates if t.kind == kind]
        taken = named_months(templates, kind)
        if not any(t.end_month is None for t in of_kind):
            rows.append(
                TemplateRow(
                    kind=kind,
                    template=None,
                    section_titles=_titles(default_specs(kind), sections),
                    applies=applies_to(None, kind),
                    previews=preview_periods(
                        organisation=organisation, kind=kind, end_month=None, named_months=taken
                    ),
                )
            )
        rows.extend(
            TemplateRow(
                kind=kind,
                template=t,
                section_titles=_titles(t.specs(), sections),
                applies=applies_to(t, kind),
                previews=preview_periods(
                    organisation=organisation, kind=kind, end_month=t.end_month, named_months=taken
                ),
            )
            for t in of_kind
        )
    return rows


def template_previews(*, template: ReportTemplate) -> list[PreviewPeriod]:
    """The latest periods the template applies to, with their reports."""
    templates = organisation_templates(organisation=template.organisation)
    return preview_periods(
        organisation=template.organisation,
        kind=template.kind,
        end_month=template.end_month,
        named_months=named_months(templates, template.kind),
    )


def _sample(previews: list[PreviewPeriod]) -> UnitPeriod | None:
    """The first report of the latest period: the one the examples are filled in for."""
    return previews[0].unit_periods[0] if previews else None


# The pattern the help text fills in as its example.
EXAMPLE_PATTERN = "{rapport} {år}, {period}"


def title_example(
    template: ReportTemplate, previews: list[PreviewPeriod], pattern: str = EXAMPLE_PATTERN
) -> str:
    """A title pattern as it reads for a report the template applies to (without one:
    made-up values of this year's kind)."""
    probe = ReportTemplate(
        organisation=template.organisation,
        kind=template.kind,
        name=template.name,
        end_month=template.end_month,
        title_pattern=pattern,
    )
    sample = _sample(previews)
    if sample is not None:
        return report_title(sample, probe)
    annual = template.kind == ReportKind.ANNUAL
    month = template.end_month or (12 if annual else 4)
    return fill_title(
        pattern,
        {
            "rapport": probe.display_name,
            "år": str(timezone.localdate().year),
            "period": f"{MONTHS_LONG[1]}–{MONTHS_LONG[month]}",
            "enhet": template.organisation.name,
            "organisation": template.organisation.name,
        },
    )


def title_now(template: ReportTemplate, previews: list[PreviewPeriod]) -> str:
    """The title the template gives now (blank pattern: the kind's standard title)."""
    sample = _sample(previews)
    if sample is not None:
        return report_title(sample, template)
    if template.title_pattern:
        return title_example(template, previews, template.title_pattern)
    return ""
