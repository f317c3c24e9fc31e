"""Writes of Inställningar → Rapportmallar: an organisation's report templates.

Only an administrator sets up report templates (as every organisation-wide setting).
Every function runs in one transaction, validates with ``full_clean`` (through
``validated``) and raises only domain errors with a Swedish message naming the field:
``NotAllowed`` (a missing right), ``InputRefused`` (the model's own validation) or
``TemplateRefused`` (a rule of this page). A refused write changes nothing.

A template is read when a report is built; a frozen edition (``ReportEdition``) keeps
its stored PDF, so nothing here touches an edition.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from reports.builder import default_specs
from reports.models import (
    COVER_FIELDS,
    ReportKind,
    ReportTemplate,
    SectionSpec,
    default_cover_fields,
)
from reports.sections import contributed_sections
from scorecards.administration import administration_check
from scorecards.errors import DomainError, validated
from scorecards.models import MONTHS_LONG, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


class TemplateRefused(DomainError):
    """A report template change refused by a rule of the settings page."""


def sections_moved(specs: Sequence[SectionSpec], key: str, *, up: bool) -> list[SectionSpec]:
    """The sections with ``key`` one step up or down; unchanged at either end."""
    moved = list(specs)
    index = next((i for i, s in enumerate(moved) if s.key == key), None)
    if index is None:
        raise TemplateRefused(
            _("Avsnittet är inte med i rapporten. Kryssa i ”Med i rapporten” först."),
            field="sections",
        )
    other = index - 1 if up else index + 1
    if 0 <= other < len(moved):
        moved[index], moved[other] = moved[other], moved[index]
    return moved


def _periods_check(template: ReportTemplate) -> None:
    """One template per kind and end month (the database says so too, less kindly)."""
    if template.kind == ReportKind.INTERIM and template.end_month == 12:
        raise TemplateRefused(
            _("En delårsrapport slutar före december. Helåret har årsrapporten."),
            field="end_month",
        )
    month = (
        {"end_month__isnull": True}
        if template.end_month is None
        else {"end_month": template.end_month}
    )
    twins = ReportTemplate.objects.filter(
        organisation=template.organisation_id, kind=template.kind, **month
    ).exclude(pk=template.pk)
    if twins.exists():
        kind = template.get_kind_display().lower()
        if template.end_month is None:
            message = _("Organisationen har redan en mall för alla perioder av typen %(kind)s.")
        else:
            message = _(
                "Organisationen har redan en mall av typen %(kind)s för perioder som slutar "
                "i %(month)s."
            )
        raise TemplateRefused(
            message % {"kind": kind, "month": MONTHS_LONG.get(template.end_month or 0, "")},
            field="end_month",
        )


def _amounts_check(scale: str, decimals: int | None) -> None:
    if decimals is not None and not scale:
        raise TemplateRefused(
            _("Välj en beloppsenhet för att ange decimaler, eller lämna decimalerna tomma."),
            field="amount_decimals",
        )


@transaction.atomic
def report_template_create(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    name: str = "",
    end_month: int | None = None,
) -> ReportTemplate:
    """A new template of ``kind``, starting as the kind's default report ("Standard").

    Without a name and end month it replaces the default for every period of the kind;
    with an end month it is a named kind (e.g. "Uppföljning per maj") for the periods
    ending that month.
    """
    administration_check(actor, organisation)
    template = ReportTemplate(
        organisation=organisation,
        kind=kind,
        name=name.strip(),
        end_month=end_month,
        sections=[spec.as_json() for spec in default_specs(kind)],
        cover_fields=default_cover_fields(),
    )
    # Before full_clean, whose message for the same rule names the database constraint.
    _periods_check(template)
    validated(template)
    template.save()
    return template


@dataclass(frozen=True)
class TemplateInput:
    """A template's fields as the edit page sets them (sections in the report's order)."""

    name: str
    end_month: int | None
    title_pattern: str
    sections: list[SectionSpec]
    cover_fields: list[str]
    amount_scale: str = ""
    amount_decimals: int | None = None


def _section_options_check(specs: Sequence[SectionSpec]) -> list[SectionSpec]:
    """Each section's options as its section declares them (others are refused)."""
    declared = {s.key: s for s in contributed_sections()}
    kept = []
    for spec in specs:
        section = declared.get(spec.key)
        if section is None:
            continue  # the model's own validation names the unknown key
        unknown = sorted(set(spec.options) - {o.key for o in section.options})
        if unknown:
            raise TemplateRefused(
                _("Avsnittet %(section)s har inget val %(options)s.")
                % {"section": section.title, "options": ", ".join(unknown)},
                field="sections",
            )
        kept.append(
            SectionSpec(
                key=spec.key,
                heading=spec.heading.strip(),
                mandatory=spec.mandatory,
                options=section.resolve_options(spec.options),
            )
        )
    return kept


@transaction.atomic
def report_template_save(
    *, actor: User, template: ReportTemplate, data: TemplateInput
) -> ReportTemplate:
    """Change a template: its sections (order, headings, mandatory, options), title
    pattern, cover fields and amount unit. Refused input changes nothing."""
    administration_check(actor, template.organisation_id)
    template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    if not data.sections:
        raise TemplateRefused(_("Välj minst ett avsnitt till rapporten."), field="sections")
    _amounts_check(data.amount_scale, data.amount_decimals)
    known = [key for key, _label in COVER_FIELDS]
    template.name = data.name.strip()
    template.end_month = data.end_month
    template.title_pattern = data.title_pattern.strip()
    template.sections = [spec.as_json() for spec in _section_options_check(data.sections)]
    # In the order of COVER_FIELDS, whatever order the form sent them in.
    template.cover_fields = [key for key in known if key in set(data.cover_fields)] + sorted(
        set(data.cover_fields) - set(known)
    )
    template.amount_scale = data.amount_scale
    template.amount_decimals = data.amount_decimals
    # Before full_clean, whose message for the same rule names the database constraint.
    _periods_check(template)
    validated(template)
    template.save()
    return template


@transaction.atomic
def report_template_delete(*, actor: User, template: ReportTemplate) -> None:
    """Remove a template: its periods get the default report (or the kind's general
    template) again. Frozen editions keep their PDF."""
    administration_check(actor, template.organisation_id)
    template.delete()
