"""Årshjul pages of an organisation: the calendar of a year (with the rules, editable by
an administrator) and the preview of today's reminders.

Visibility is the one rule: everybody who sees a unit of the organisation sees its
årshjul (``organisation_for``, else 404); editing the rules and the reminder preview are
an administrator's (403 for the others). The rule forms post to their own endpoints;
with htmx the answer is the page's ``cycle`` region (calendar and rules, since a changed
rule moves dates), without it a redirect back to the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from annual_cycle import selectors, services
from annual_cycle.forms import DeadlineForm
from annual_cycle.models import Deadline
from annual_cycle.rules import format_date
from common.params import whole_number
from scorecards.errors import DomainError, error_status
from scorecards.models import Action, Organisation
from scorecards.selectors import organisation_allows, organisation_for
from scorecards.services import Via

# Years a calendar can be asked for: enough for any real årshjul, and dates stay valid.
YEARS = range(1900, 3000)


@dataclass
class RuleItem:
    """A rule's form on the page (``deadline`` None: the form for a new rule)."""

    deadline: Deadline | None
    form: DeadlineForm
    error: str = ""

    @property
    def anchor(self) -> str:
        return f"frist-{self.deadline.pk}" if self.deadline else "ny-frist"


def _rule_item(deadline: Deadline | None, post: object = None) -> RuleItem:
    prefix = f"d{deadline.pk}" if deadline else "new"
    return RuleItem(
        deadline, DeadlineForm(post, initial=DeadlineForm.initial_for(deadline), prefix_id=prefix)
    )


def _year(year: int) -> int:
    if year not in YEARS:
        raise Http404
    return year


def _render(
    request: HttpRequest,
    organisation: Organisation,
    year: int,
    *,
    failed: RuleItem | None = None,
    notice: str = "",
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    """The calendar page (or its ``cycle`` region for htmx), ``failed`` showing its errors."""
    can_administer = organisation_allows(
        user=request.user, organisation=organisation, action=Action.ADMIN
    )
    page = selectors.calendar(
        user=request.user,
        organisation=organisation,
        year=year,
        today=timezone.localdate(),
        can_administer=can_administer,
    )
    items: list[RuleItem] = []
    new_item = None
    if can_administer:
        failed_pk = failed.deadline.pk if failed and failed.deadline else None
        items = [
            failed if failed and deadline.pk == failed_pk else _rule_item(deadline)
            for deadline in page.deadlines
        ]
        new_item = failed if failed and failed.deadline is None else _rule_item(None)
    template = "annual_cycle/calendar.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#cycle"
    context = {
        "page": page,
        "items": items,
        "new_item": new_item,
        "notice": notice,
        "problem": problem,
    }
    return render(request, template, context, status=status)


@require_GET
def calendar(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """The year's deadlines by month, each unit's state; the rules for an administrator."""
    found = organisation_for(user=request.user, slug=organisation)
    return _render(request, found, _year(year))


def _admin_organisation(request: HttpRequest, slug: str) -> Organisation:
    """404 for an organisation the user can't see, 403 for a non-administrator."""
    found = organisation_for(user=request.user, slug=slug)
    if not organisation_allows(user=request.user, organisation=found, action=Action.ADMIN):
        raise PermissionDenied(_("Bara en administratör kan ändra årshjulet."))
    return found


def _done(
    request: HttpRequest, organisation: Organisation, year: int, message: str
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return _render(request, organisation, year, notice=message)
    messages.success(request, message)
    return redirect(
        reverse("annual_cycle:calendar", kwargs={"organisation": organisation.slug, "year": year})
        + "#regler"
    )


def _deadline(organisation: Organisation, raw: str) -> Deadline:
    pk = whole_number(raw)
    if pk is None:
        raise Http404
    deadline = get_object_or_404(Deadline, organisation=organisation, pk=pk)
    deadline.organisation = organisation
    return deadline


def _save(request: HttpRequest, organisation: str, year: int, *, new: bool) -> HttpResponse:
    found = _admin_organisation(request, organisation)
    year = _year(year)
    deadline = None if new else _deadline(found, request.POST.get("deadline", ""))
    item = _rule_item(deadline, request.POST)
    if not item.form.is_valid():
        return _render(request, found, year, failed=item, status=422)
    try:
        if deadline is None:
            saved = services.deadline_create(
                actor=request.user, organisation=found, values=item.form.values(), via=Via.WEB
            )
        else:
            saved = services.deadline_update(
                actor=request.user, deadline=deadline, values=item.form.values(), via=Via.WEB
            )
    except DomainError as error:
        item.error = error.message
        return _render(request, found, year, failed=item, status=error_status(error))
    return _done(request, found, year, _("Sparat: %(title)s.") % {"title": saved.title})


@require_POST
def deadline_create(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Add a rule to the årshjul."""
    return _save(request, organisation, year, new=True)


@require_POST
def deadline_update(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Change the rule named in the form (``deadline``)."""
    return _save(request, organisation, year, new=False)


@require_POST
def deadline_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Remove the rule named in the form (``deadline``)."""
    found = _admin_organisation(request, organisation)
    year = _year(year)
    deadline = _deadline(found, request.POST.get("deadline", ""))
    title = deadline.title
    services.deadline_delete(actor=request.user, deadline=deadline, via=Via.WEB)
    return _done(request, found, year, _("Borttagen: %(title)s.") % {"title": title})


@require_POST
def defaults_create(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """ "Skapa standardårshjul" for an organisation without rules."""
    found = _admin_organisation(request, organisation)
    year = _year(year)
    try:
        services.deadlines_create_default(organisation=found, actor=request.user, via=Via.WEB)
    except DomainError as error:
        if request.htmx:  # type: ignore[attr-defined]
            return _render(request, found, year, problem=error.message, status=error_status(error))
        messages.error(request, error.message)
        return redirect("annual_cycle:calendar", organisation=found.slug, year=year)
    return _done(request, found, year, _("Standardårshjulet är skapat."))


@require_GET
def reminders(request: HttpRequest, organisation: str) -> HttpResponse:
    """Who would be reminded today and why; ``?datum=ÅÅÅÅ-MM-DD`` previews another day."""
    found = _admin_organisation(request, organisation)
    today = timezone.localdate()
    error = ""
    raw = request.GET.get("datum", "").strip()
    if raw:
        try:
            today = datetime.date.fromisoformat(raw)
        except ValueError:
            error = _("”%(value)s” är inget datum; skriv t.ex. 2021-05-20.") % {"value": raw}
    items = selectors.reminders_due(today=today, organisation=found)
    return render(
        request,
        "annual_cycle/reminders.html",
        {
            "organisation": found,
            "today": today,
            "today_label": format_date(today),
            "date_value": raw if error else today.isoformat(),
            "error": error,
            "items": items,
            "pending": [item for item in items if item.sent_at is None],
        },
    )
