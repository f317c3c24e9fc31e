"""Entry of the report's texts and perspective assessments, and the change history.

Blocks are saved by the entry-row protocol (scorecards.entry.save_row): an htmx block
POST returns the block (200 saved, 409 conflict, 422 invalid or refused); without htmx
a save redirects back to the block.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.limits import NARRATIVE_CHARS, too_long_message
from common.markdown import render_markdown
from reports import selectors, services
from reports.builder import unit_period_live_figures
from reports.forms import AssessmentForm, NarrativeForm
from reports.history import RowFilter
from reports.history import history as change_history
from reports.live import fill, has_live_names
from reports.models import SectionKind
from scorecards.entry import (
    EntryAccess,
    EntryRow,
    entry_access,
    replaced,
    row_renderer,
    save_row,
    save_with,
)
from scorecards.models import Action, Perspective, UnitPeriod
from scorecards.selectors import unit_period_for
from scorecards.services import perspective_assessment_set

HISTORY_PAGE_SIZE = 50


@dataclass
class Block:
    """A text's place in the report, and the posted text as the report will show it
    when a preview was asked for without JavaScript."""

    slot: selectors.TextSlot
    preview: SafeString | None = None

    @property
    def perspective(self) -> Perspective:
        assert self.slot.perspective is not None
        return self.slot.perspective


TextEntry = EntryRow[NarrativeForm, Block]
AssessmentEntry = EntryRow[AssessmentForm, Block]  # a perspective's light + justification


@dataclass
class Section:
    """A heading of the entry page: one kind of text (several blocks for perspectives)."""

    kind: str
    label: str
    blocks: list[tuple[TextEntry, AssessmentEntry | None]]


def _text_name(slot: selectors.TextSlot) -> str:
    if slot.perspective is not None:
        return _("Analys av perspektivet %(name)s") % {"name": slot.perspective.name}
    return slot.label


def _text_label(slot: selectors.TextSlot) -> str:
    return _("%(name)s (Markdown)") % {"name": _text_name(slot)}


def _text_form(slot: selectors.TextSlot, data: QueryDict | None = None) -> NarrativeForm:
    return NarrativeForm(
        data,
        initial=NarrativeForm.initial_for(slot.section),
        prefix_id=f"t-{slot.key}",
        label=_text_label(slot),
    )


def _text_entry(slot: selectors.TextSlot, data: QueryDict | None = None) -> TextEntry:
    return EntryRow(f"t-{slot.key}", Block(slot), _text_form(slot, data))


def _assessment_form(slot: selectors.TextSlot, data: QueryDict | None = None) -> AssessmentForm:
    assert slot.perspective is not None
    return AssessmentForm(
        data,
        initial=AssessmentForm.initial_for(slot.assessment),
        prefix_id=f"b-{slot.perspective.slug}",
    )


def _assessment_entry(slot: selectors.TextSlot, data: QueryDict | None = None) -> AssessmentEntry:
    assert slot.perspective is not None
    form = _assessment_form(slot, data)
    return EntryRow(f"b-{slot.perspective.slug}", Block(slot), form)


def _sections(
    slots: list[selectors.TextSlot],
    text: TextEntry | None = None,
    assessment: AssessmentEntry | None = None,
) -> list[Section]:
    """The page's blocks in the report's order; ``text`` or ``assessment`` is a block with
    what went wrong or a preview, shown in its place."""
    sections: list[Section] = []
    for slot in slots:
        if not sections or sections[-1].kind != slot.kind:
            sections.append(Section(slot.kind, slot.label, []))
        (shown_text,) = replaced([_text_entry(slot)], text)
        shown_assessment = None
        if slot.perspective is not None:
            (shown_assessment,) = replaced([_assessment_entry(slot)], assessment)
        sections[-1].blocks.append((shown_text, shown_assessment))
    return sections


def _page(
    request: HttpRequest,
    access: EntryAccess,
    *,
    text: TextEntry | None = None,
    assessment: AssessmentEntry | None = None,
    status: int = 200,
) -> HttpResponse:
    slots = selectors.text_slots(unit_period=access.unit_period)
    return render(
        request,
        "reports/entry.html",
        {
            "up": access.unit_period,
            "access": access,
            "sections": _sections(slots, text, assessment),
            # The figures a text may name as [[namn]], with their current values.
            "live_figures": list(unit_period_live_figures(access.unit_period).items()),
        },
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


def _page_url(access: EntryAccess) -> str:
    up = access.unit_period
    return reverse("reports:entry", args=[up.unit.slug, up.period.key])


def _text_save(
    request: HttpRequest, access: EntryAccess, kind: str, perspective: str | None = None
) -> HttpResponse:
    """Save one text (scorecards.entry.save_row); GET re-renders it as stored."""
    slot = _slot(access, kind, perspective)
    return save_row(
        request,
        row=lambda: _text_entry(_slot(access, kind, perspective)),
        form=lambda data: _text_form(slot, data),
        save=save_with(
            request, access, services.narrative_set, kind=slot.kind, perspective=slot.perspective
        ),
        render_row=row_renderer(request, "reports/entry.html#text-block", access),
        render_page=lambda shown, status: _page(request, access, text=shown, status=status),
        page_url=_page_url(access),
        label=_text_name(slot),
    )


@require_http_methods(["GET", "POST"])
def entry_text(request: HttpRequest, unit: str, period: str, kind: str) -> HttpResponse:
    """Save one text (Sammanfattning, Årsprognos, …); GET re-renders it as stored."""
    access = entry_access(request, unit, period)
    if kind == SectionKind.PERSPECTIVE:
        raise Http404
    return _text_save(request, access, kind)


@require_http_methods(["GET", "POST"])
def entry_perspective_text(
    request: HttpRequest, unit: str, period: str, perspective: str
) -> HttpResponse:
    """Save the analysis text of one perspective; GET re-renders it as stored."""
    access = entry_access(request, unit, period)
    return _text_save(request, access, SectionKind.PERSPECTIVE, perspective)


@require_http_methods(["GET", "POST"])
def entry_assessment(
    request: HttpRequest, unit: str, period: str, perspective: str
) -> HttpResponse:
    """Save a perspective's overall assessment and its justification."""
    access = entry_access(request, unit, period)
    slot = _slot(access, SectionKind.PERSPECTIVE, perspective)
    assessed = Block(slot).perspective
    return save_row(
        request,
        row=lambda: _assessment_entry(_slot(access, SectionKind.PERSPECTIVE, perspective)),
        form=lambda data: _assessment_form(slot, data),
        save=save_with(request, access, perspective_assessment_set, perspective=assessed),
        render_row=row_renderer(
            request, "reports/entry.html#assessment-block", access, name="assessment"
        ),
        render_page=lambda shown, status: _page(request, access, assessment=shown, status=status),
        page_url=_page_url(access),
        label=_("Bedömning av %(name)s") % {"name": assessed.name},
    )


@require_POST
def preview(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Render a text as the report will show it (sanitised Markdown); writes nothing.

    ``?block=`` names the block the text comes from: htmx swaps the preview into it,
    and without JavaScript the whole page comes back with that block previewed.
    """
    access = entry_access(request, unit, period)
    anchor = request.GET.get("block", "")
    field = "text" if anchor.startswith("b-") else "body"
    posted = request.POST.get(field, "")
    if len(posted) > NARRATIVE_CHARS:  # the longest text a save would take
        message = too_long_message(NARRATIVE_CHARS, len(posted))
        return HttpResponse(message, status=422, content_type="text/plain; charset=utf-8")
    # The preview prints the live figures' current values, as the report will.
    if has_live_names(posted):
        posted = fill(posted, unit_period_live_figures(access.unit_period))
    html = render_markdown(posted)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "reports/entry.html#preview", {"preview_html": html})
    # The block shows the posted text again, with the preview under it; nothing is saved.
    for slot in selectors.text_slots(unit_period=access.unit_period):
        if anchor == f"t-{slot.key}":
            text = _text_entry(slot, request.POST)
            text.data.preview = html
            return _page(request, access, text=text)
        if slot.perspective is not None and anchor == f"b-{slot.perspective.slug}":
            assessment = _assessment_entry(slot, request.POST)
            assessment.data.preview = html
            return _page(request, access, assessment=assessment)
    raise Http404


@require_GET
def history(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Every change of the unit period's figures and texts: when, who, path, old → new.

    For anyone who may view the period. ``?rad=`` narrows to one row and ``?falt=`` to
    one of its fields; 50 changes a page.
    """
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    only = RowFilter.parse(request.GET.get("rad"), request.GET.get("falt"))
    changes = change_history(unit_period=unit_period, only=only)
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
