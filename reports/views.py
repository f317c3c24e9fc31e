"""Entry of the report's texts and perspective assessments, and the change history.

Same pattern as the measure entry: an htmx block POST returns the block (200 saved,
409 conflict, 422 invalid or refused); without htmx a save redirects back to the block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.markdown import render_markdown
from reports import selectors, services
from reports.forms import AssessmentForm, NarrativeForm
from reports.models import SectionKind
from scorecards.models import Action, Perspective, UnitPeriod
from scorecards.selectors import unit_period_for
from scorecards.services import EntryError, StaleVersion, Via, perspective_assessment_set
from scorecards.views import EntryAccess, entry_access

HISTORY_PAGE_SIZE = 50


@dataclass
class TextBlock:
    """A narrative's form on the entry page, with the outcome of the last save or preview."""

    slot: selectors.TextSlot
    form: NarrativeForm
    conflict: StaleVersion | None = None
    error: str = ""
    saved: bool = False
    preview: SafeString | None = None

    @property
    def anchor(self) -> str:
        return f"t-{self.slot.key}"


@dataclass
class AssessmentBlock:
    """A perspective's overall assessment (light + justification) on the entry page."""

    slot: selectors.TextSlot
    form: AssessmentForm
    conflict: StaleVersion | None = None
    error: str = ""
    saved: bool = False
    preview: SafeString | None = None

    @property
    def perspective(self) -> Perspective:
        assert self.slot.perspective is not None
        return self.slot.perspective

    @property
    def anchor(self) -> str:
        return f"b-{self.perspective.slug}"


@dataclass
class Section:
    """A heading of the entry page: one kind of text (several blocks for perspectives)."""

    kind: str
    label: str
    blocks: list[tuple[TextBlock, AssessmentBlock | None]]


def _text_name(slot: selectors.TextSlot) -> str:
    if slot.perspective is not None:
        return _("Analys av perspektivet %(name)s") % {"name": slot.perspective.name}
    return slot.label


def _text_label(slot: selectors.TextSlot) -> str:
    return _("%(name)s (Markdown)") % {"name": _text_name(slot)}


def _text_block(slot: selectors.TextSlot, data: Any = None) -> TextBlock:
    form = NarrativeForm(
        data,
        initial=NarrativeForm.initial_for(slot.section),
        prefix_id=f"t-{slot.key}",
        label=_text_label(slot),
    )
    return TextBlock(slot, form)


def _assessment_block(slot: selectors.TextSlot, data: Any = None) -> AssessmentBlock:
    assert slot.perspective is not None
    form = AssessmentForm(
        data,
        initial=AssessmentForm.initial_for(slot.assessment),
        prefix_id=f"b-{slot.perspective.slug}",
    )
    return AssessmentBlock(slot, form)


def _sections(
    slots: list[selectors.TextSlot], replace: TextBlock | AssessmentBlock | None = None
) -> list[Section]:
    """The page's blocks in the report's order; ``replace`` is a block with errors or preview."""
    sections: list[Section] = []
    for slot in slots:
        if not sections or sections[-1].kind != slot.kind:
            sections.append(Section(slot.kind, slot.label, []))
        text = _text_block(slot)
        assessment = _assessment_block(slot) if slot.perspective is not None else None
        if isinstance(replace, TextBlock) and replace.anchor == text.anchor:
            text = replace
        if (
            isinstance(replace, AssessmentBlock)
            and assessment
            and replace.anchor == assessment.anchor
        ):
            assessment = replace
        sections[-1].blocks.append((text, assessment))
    return sections


def _page(
    request: HttpRequest,
    access: EntryAccess,
    replace: TextBlock | AssessmentBlock | None = None,
    status: int = 200,
) -> HttpResponse:
    slots = selectors.text_slots(unit_period=access.unit_period)
    return render(
        request,
        "reports/entry.html",
        {"up": access.unit_period, "access": access, "sections": _sections(slots, replace)},
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Every text of the report in its order, and per perspective the overall assessment."""
    return _page(request, entry_access(request, unit, period))


def _slot(
    access: EntryAccess, kind: str, perspective_slug: str | None = None
) -> selectors.TextSlot:
    """The text slot at a URL, or 404 (an unknown kind or another year's perspective)."""
    slots = selectors.text_slots(unit_period=access.unit_period)
    key = kind if perspective_slug is None else f"{kind}-{perspective_slug}"
    for slot in slots:
        if slot.key == key:
            return slot
    raise Http404


def _render_block(
    request: HttpRequest,
    access: EntryAccess,
    block: TextBlock | AssessmentBlock,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, object]
    if isinstance(block, TextBlock):
        template, context = "reports/entry.html#text-block", {"item": block}
    else:
        template, context = "reports/entry.html#assessment-block", {"assessment": block}
    return render(
        request, template, {"up": access.unit_period, "access": access, **context}, status=status
    )


def _after_save(
    request: HttpRequest,
    access: EntryAccess,
    block: TextBlock | AssessmentBlock,
    status: int,
    saved_name: str,
) -> HttpResponse:
    """htmx: the block; plain form: back to the block, or the page with its errors."""
    if request.htmx:  # type: ignore[attr-defined]
        return _render_block(request, access, block, status)
    up = access.unit_period
    if status == 200:
        messages.success(request, _("Sparat: %(name)s.") % {"name": saved_name})
        return redirect(
            f"{reverse('reports:entry', args=[up.unit.slug, up.period.key])}#{block.anchor}"
        )
    return _page(request, access, block, status)


def _text_save(request: HttpRequest, access: EntryAccess, slot: selectors.TextSlot) -> HttpResponse:
    if request.method == "GET":
        return _render_block(request, access, _text_block(slot))
    block = _text_block(slot, request.POST)
    status = 200
    if block.form.is_valid():
        try:
            services.narrative_set(
                actor=request.user,
                unit_period=access.unit_period,
                kind=slot.kind,
                perspective=slot.perspective,
                changes=block.form.changes(),
                expected_version=block.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            block.conflict, status = conflict, 409
        except EntryError as error:
            block.error, status = error.message, 422
        else:
            block = _text_block(_slot(access, slot.kind, _slug(slot)))
            block.saved = True
    else:
        status = 422
    return _after_save(request, access, block, status, _text_name(slot))


def _slug(slot: selectors.TextSlot) -> str | None:
    return slot.perspective.slug if slot.perspective is not None else None


@require_http_methods(["GET", "POST"])
def entry_text(request: HttpRequest, unit: str, period: str, kind: str) -> HttpResponse:
    """Save one text (Sammanfattning, Årsprognos, …); GET re-renders it as stored."""
    access = entry_access(request, unit, period)
    if kind == SectionKind.PERSPECTIVE:
        raise Http404
    return _text_save(request, access, _slot(access, kind))


@require_http_methods(["GET", "POST"])
def entry_perspective_text(
    request: HttpRequest, unit: str, period: str, perspective: str
) -> HttpResponse:
    """Save the analysis text of one perspective; GET re-renders it as stored."""
    access = entry_access(request, unit, period)
    return _text_save(request, access, _slot(access, SectionKind.PERSPECTIVE, perspective))


@require_http_methods(["GET", "POST"])
def entry_assessment(
    request: HttpRequest, unit: str, period: str, perspective: str
) -> HttpResponse:
    """Save a perspective's overall assessment and its justification."""
    access = entry_access(request, unit, period)
    slot = _slot(access, SectionKind.PERSPECTIVE, perspective)
    if request.method == "GET":
        return _render_block(request, access, _assessment_block(slot))
    block = _assessment_block(slot, request.POST)
    status = 200
    if block.form.is_valid():
        try:
            perspective_assessment_set(
                actor=request.user,
                unit_period=access.unit_period,
                perspective=block.perspective,
                changes=block.form.changes(),
                expected_version=block.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            block.conflict, status = conflict, 409
        except EntryError as error:
            block.error, status = error.message, 422
        else:
            block = _assessment_block(_slot(access, SectionKind.PERSPECTIVE, perspective))
            block.saved = True
    else:
        status = 422
    name = _("Bedömning av %(name)s") % {"name": block.perspective.name}
    return _after_save(request, access, block, status, name)


@require_POST
def preview(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Render a text as the report will show it (sanitised Markdown); writes nothing.

    ``?block=`` names the block the text comes from: htmx swaps the preview into it,
    and without JavaScript the whole page comes back with that block previewed.
    """
    access = entry_access(request, unit, period)
    anchor = request.GET.get("block", "")
    field = "text" if anchor.startswith("b-") else "body"
    html = render_markdown(request.POST.get(field, ""))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "reports/entry.html#preview", {"preview_html": html})
    # The block shows the posted text again, with the preview under it; nothing is saved.
    block: TextBlock | AssessmentBlock | None = None
    for slot in selectors.text_slots(unit_period=access.unit_period):
        if anchor == f"t-{slot.key}":
            block = _text_block(slot, request.POST)
        elif slot.perspective is not None and anchor == f"b-{slot.perspective.slug}":
            block = _assessment_block(slot, request.POST)
    if block is None:
        raise Http404
    block.preview = html
    return _page(request, access, block)


@require_GET
def history(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Every change of the unit period's figures and texts: when, who, path, old → new.

    For anyone who may view the period. ``?rad=`` narrows to one row and ``?falt=`` to
    one of its fields; 50 changes a page.
    """
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    only = selectors.RowFilter.parse(request.GET.get("rad"), request.GET.get("falt"))
    changes = selectors.history(unit_period=unit_period, only=only)
    page = Paginator(changes, HISTORY_PAGE_SIZE).get_page(request.GET.get("sida"))
    # Those who enter figures or texts see the page among the entry tabs; readers without.
    may_enter = (
        UnitPeriod.objects.filter(pk=unit_period.pk).for_user(request.user, Action.ANALYSE).exists()
    )
    return render(
        request,
        "reports/history.html",
        {
            "up": unit_period,
            "may_enter": may_enter,
            "page": page,
            "only": only,
            "filtered_label": changes[0].what if only.active and changes else "",
            "field_label": next((c.field_label for c in changes if c.field == only.field), "")
            if only.field
            else "",
        },
    )
