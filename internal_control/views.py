"""Internal control pages: the plan of a year (register, matrix, activities with their
follow-ups), the plan as PDF, and the follow-up entry of a period.

Visibility is the one rule: a unit the user may view (``Unit.objects.for_user``), else
404. The follow-up entry uses the entry pages' row pattern: an htmx POST returns the
row it saved (200 saved, 409 conflict, 422 invalid or refused); without htmx a save
redirects back to the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from internal_control import pdf, selectors, services
from internal_control.forms import FollowUpForm
from internal_control.models import ControlPlan
from scorecards import selectors as scorecard_selectors
from scorecards.models import Action, UnitPeriod, allowed_actions
from scorecards.selectors import unit_period_for
from scorecards.services import EntryError, StaleVersion, Via


@require_GET
def plan(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """The unit's plan of the year; ``?sortera=risk`` sorts the register by risk score."""
    page = selectors.plan_page(
        user=request.user,
        unit_slug=unit,
        year_key=period,
        sorted_by_score=request.GET.get("sortera") == selectors.SORT_BY_SCORE,
    )
    return render(request, "internal_control/plan.html", {"page": page, "contents": page.contents})


@require_GET
def plan_pdf(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Internkontrollplan as PDF: register, matrix, activities. 404 when there is no plan."""
    visible = selectors.visible_unit(user=request.user, unit_slug=unit)
    year = scorecard_selectors.year_for(unit=visible, key=period)
    found = get_object_or_404(ControlPlan, unit=visible, year=year)
    filename, content_type, content = pdf.plan_pdf(plan_id=found.pk)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@dataclass
class FollowUpItem:
    row: selectors.EntryRow
    form: FollowUpForm
    conflict: StaleVersion | None = None
    error: str = ""
    saved: bool = False

    @property
    def anchor(self) -> str:
        return f"a{self.row.activity.pk}"


@dataclass
class Access:
    unit_period: UnitPeriod

    @property
    def writable(self) -> bool:
        return self.unit_period.status == UnitPeriod.Status.OPEN


def _access(request: HttpRequest, unit: str, period: str) -> Access:
    """404 for a period the user can't see; 403 when they may see but not enter it."""
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    if Action.EDIT not in allowed_actions(request.user, unit_period):
        raise PermissionDenied(_("Uppföljningen av internkontrollen registreras av controllern."))
    return Access(unit_period)


def _item(row: selectors.EntryRow, post: object = None) -> FollowUpItem:
    form = FollowUpForm(
        post,
        initial=FollowUpForm.initial_for(row.activity.pk, row.follow_up),
        prefix_id=f"a{row.activity.pk}",
    )
    return FollowUpItem(row, form)


def _page(
    request: HttpRequest, access: Access, items: list[FollowUpItem], status: int = 200
) -> HttpResponse:
    return render(
        request,
        "internal_control/follow_up.html",
        {"up": access.unit_period, "access": access, "items": items},
        status=status,
    )


def _render_row(
    request: HttpRequest, access: Access, item: FollowUpItem, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "internal_control/follow_up.html#activity-row",
        {"up": access.unit_period, "access": access, "item": item},
        status=status,
    )


def _one_row(access: Access, activity_id: str) -> selectors.EntryRow:
    if not activity_id.isdigit():
        raise Http404
    rows = selectors.entry_rows(unit_period=access.unit_period, only=int(activity_id))
    if not rows:
        raise Http404
    return rows[0]


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Every control activity of the year's plan with its follow-up for this period.

    POST saves one activity's follow-up (the activity is named in the form). An htmx
    GET with ``?aktivitet=<id>`` returns that row as stored ("Behåll deras värde").
    """
    access = _access(request, unit, period)
    if request.method == "POST":
        return _save(request, access)
    activity_id = request.GET.get("aktivitet", "")
    if request.htmx and activity_id:  # type: ignore[attr-defined]
        return _render_row(request, access, _item(_one_row(access, activity_id)))
    items = [_item(row) for row in selectors.entry_rows(unit_period=access.unit_period)]
    return _page(request, access, items)


def _save(request: HttpRequest, access: Access) -> HttpResponse:
    up = access.unit_period
    row = _one_row(access, request.POST.get("activity", ""))
    item = _item(row, request.POST)
    status = 200
    if item.form.is_valid():
        try:
            services.follow_up_set(
                actor=request.user,
                unit_period=up,
                activity=row.activity,
                changes=item.form.changes(),
                expected_version=item.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            item.conflict, status = conflict, 409
        except EntryError as error:
            item.error, status = error.message, 422
        else:
            item = _item(_one_row(access, str(row.activity.pk)))
            item.saved = True
    else:
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return _render_row(request, access, item, status)
    if status == 200:
        messages.success(request, _("Sparat: %(name)s.") % {"name": row.activity.what})
        url = reverse("internal_control:follow_up", args=[up.unit.slug, up.period.key])
        return redirect(f"{url}#{item.anchor}")
    # Without JavaScript the whole page comes back, this row with what went wrong.
    items = [
        item if other.activity.pk == row.activity.pk else _item(other)
        for other in selectors.entry_rows(unit_period=up)
    ]
    return _page(request, access, items, status)
