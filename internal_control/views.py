"""Internal control pages: the plan of a year (register, matrix, activities with their
follow-ups), the plan as PDF, and the follow-up entry of a period.

Visibility is the one rule: a unit the user may view (``Unit.objects.for_user``), else
404. The follow-up entry uses the entry-row protocol (scorecards.entry.save_row): an
htmx POST returns the row it saved (200 saved, 409 conflict, 422 invalid or refused);
without htmx a save redirects back to the page.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.params import whole_number
from common.pdf import PdfTooLarge
from internal_control import pdf, selectors, services
from internal_control.forms import FollowUpForm
from internal_control.models import ControlPlan
from scorecards import selectors as scorecard_selectors
from scorecards.entry import (
    EntryAccess,
    EntryRow,
    entry_access,
    replaced,
    row_renderer,
    save_row,
    save_with,
)


@require_GET
def plan(request: HttpRequest, unit: str, year: str) -> HttpResponse:
    """The unit's plan of the year; ``?sortera=risk`` sorts the register by risk score."""
    page = selectors.plan_page(
        user=request.user,
        unit_slug=unit,
        year_key=year,
        sorted_by_score=request.GET.get("sortera") == selectors.SORT_BY_SCORE,
    )
    return render(request, "internal_control/plan.html", {"page": page, "contents": page.contents})


@require_GET
def plan_pdf(request: HttpRequest, unit: str, year: str) -> HttpResponse:
    """Internkontrollplan as PDF: register, matrix, activities. 404 when there is no plan."""
    visible = selectors.visible_unit(user=request.user, unit_slug=unit)
    found = get_object_or_404(
        ControlPlan, unit=visible, year=scorecard_selectors.year_for(unit=visible, key=year)
    )
    try:
        filename, content_type, content = pdf.plan_pdf(plan_id=found.pk)
    except PdfTooLarge as error:  # the worker lives on; the user gets the reason
        return HttpResponse(error.message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


FollowUpEntry = EntryRow[FollowUpForm, selectors.EntryRow]


def _form(row: selectors.EntryRow, post: QueryDict | None = None) -> FollowUpForm:
    return FollowUpForm(
        post,
        initial=FollowUpForm.initial_for(row.activity.pk, row.follow_up),
        prefix_id=f"a{row.activity.pk}",
    )


def _entry(row: selectors.EntryRow) -> FollowUpEntry:
    return EntryRow(f"a{row.activity.pk}", row, _form(row))


def _access(request: HttpRequest, unit: str, period: str) -> EntryAccess:
    """404 for a period the user can't see; 403 when they may see but not enter it."""
    denied = _("Uppföljningen av internkontrollen registreras av controllern.")
    return entry_access(request, unit, period, need="figures", denied=denied)


def _page(
    request: HttpRequest, access: EntryAccess, shown: FollowUpEntry | None = None, status: int = 200
) -> HttpResponse:
    """The page; ``shown`` is a row showing what went wrong (no JavaScript)."""
    rows = [_entry(row) for row in selectors.entry_rows(unit_period=access.unit_period)]
    return render(
        request,
        "internal_control/follow_up.html",
        {"up": access.unit_period, "access": access, "items": replaced(rows, shown)},
        status=status,
    )


def _one_row(access: EntryAccess, activity_id: str) -> selectors.EntryRow:
    only = whole_number(activity_id)
    if only is None:
        raise Http404
    rows = selectors.entry_rows(unit_period=access.unit_period, only=only)
    if not rows:
        raise Http404
    return rows[0]


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Every control activity of the year's plan with its follow-up for this period.

    POST saves one activity's follow-up (the activity is named in the form;
    scorecards.entry.save_row). An htmx GET with ``?aktivitet=<id>`` returns that row as
    stored ("Behåll deras värde").
    """
    access = _access(request, unit, period)
    render_row = row_renderer(request, "internal_control/follow_up.html#activity-row", access)
    activity_id = request.GET.get("aktivitet", "")
    if request.method == "GET":
        if request.htmx and activity_id:  # type: ignore[attr-defined]
            return render_row(_entry(_one_row(access, activity_id)), 200)
        return _page(request, access)
    up = access.unit_period
    row = _one_row(access, request.POST.get("activity", ""))
    return save_row(
        request,
        row=lambda: _entry(_one_row(access, str(row.activity.pk))),
        form=lambda data: _form(row, data),
        save=save_with(request, access, services.follow_up_set, activity=row.activity),
        render_row=render_row,
        render_page=lambda shown, status: _page(request, access, shown, status),
        page_url=reverse("internal_control:follow_up", args=[up.unit.slug, up.period.key]),
        label=row.activity.what,
    )
