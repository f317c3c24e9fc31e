"""The allocation table of a joint committee's year, its Excel export and the
administrators' inline editing of members, inhabitants and budget lines.

Every POST answers with the page's allocation region when asked by htmx (200 saved;
refused: the form with its message, 422 or the status of the service's
``DomainError``), else redirects back (saved) or shows the whole page with the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from allocation import exporters, selectors, services
from allocation.forms import BudgetLineForm, MemberForm
from allocation.models import BudgetLine, MemberOrganisation
from allocation.rules import AllocationModel
from common.params import whole_number
from scorecards.errors import DomainError, error_status
from scorecards.models import Action, Year
from scorecards.selectors import organisation_allows, organisation_for
from scorecards.services import Via

NEW = "ny"


@dataclass
class EditForm:
    """One inline form of the page: a member or a budget line, or a new one."""

    anchor: str
    form: forms.Form
    obj: Any = None  # the member or line; None for the "new" form
    error: str = ""

    @property
    def kind(self) -> str:
        return "members" if self.anchor.startswith("m") else "lines"


def _year(request: HttpRequest, organisation: str, year: int) -> Year:
    """404 when the user sees no unit of the organisation or it has no such year."""
    org = organisation_for(user=request.user, slug=organisation, action=Action.VIEW)
    return selectors.year_of(organisation=org, year=year)


def _editable_year(request: HttpRequest, organisation: str, year: int) -> Year:
    """As ``_year``, and 403 unless the user may change the allocation (administrators)."""
    found = _year(request, organisation, year)
    if not organisation_allows(
        user=request.user, organisation=found.organisation, action=Action.ADMIN
    ):
        raise PermissionDenied(_("Bara en administratör kan ändra fördelningen."))
    return found


def _member_forms(table: selectors.AllocationTable) -> list[EditForm]:
    edits = [
        EditForm(
            f"m{row.member.pk}",
            MemberForm(
                initial=MemberForm.initial_for(row.member, row.inhabitants),
                prefix_id=f"m{row.member.pk}",
            ),
            row.member,
        )
        for row in table.rows
    ]
    edits.append(EditForm(f"m-{NEW}", MemberForm(prefix_id=f"m_{NEW}")))
    return edits


def _line_forms(table: selectors.AllocationTable) -> list[EditForm]:
    members = [row.member for row in table.rows]
    edits = [
        EditForm(
            f"b{c.line.pk}",
            BudgetLineForm(
                initial=BudgetLineForm.initial_for(c.line),
                prefix_id=f"b{c.line.pk}",
                members=members,
                # The parts only where they count; a line switched to a fixed key gets
                # them back with the refusal that asks for them.
                with_keys=c.line.model == AllocationModel.FIXED_KEY,
            ),
            c.line,
        )
        for c in table.all_columns
    ]
    edits.append(
        EditForm(
            f"b-{NEW}",
            BudgetLineForm(
                initial=BudgetLineForm.initial_for(None),
                prefix_id=f"b_{NEW}",
                members=members,
                with_keys=True,
            ),
        )
    )
    return edits


def _render(
    request: HttpRequest,
    year: Year,
    *,
    replace: EditForm | None = None,
    status: int = 200,
    saved: str = "",
    section: str = "",
) -> HttpResponse:
    """The page (or, for htmx, its allocation region); ``replace`` shows a refused form."""
    table = selectors.allocation_table(year=year)
    may_edit = organisation_allows(
        user=request.user, organisation=year.organisation, action=Action.ADMIN
    )
    members = _member_forms(table) if may_edit else []
    lines = _line_forms(table) if may_edit else []
    if replace is not None:
        members = [replace if e.anchor == replace.anchor else e for e in members]
        lines = [replace if e.anchor == replace.anchor else e for e in lines]
    context = {
        "table": table,
        "may_edit": may_edit,
        "member_forms": members,
        "line_forms": lines,
        "years": selectors.years_of(organisation=year.organisation),
        "saved": saved,
        # The section just edited stays open after the htmx swap.
        "open_section": replace.kind if replace is not None else section,
    }
    template = "allocation/table.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#allocation"
    return render(request, template, context, status=status)


@require_GET
def table(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Members × budget lines: each member's share of each line, and the totals."""
    return _render(request, _year(request, organisation, year))


@require_GET
def export(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """The allocation table as an .xlsx, figures as numbers."""
    table = selectors.allocation_table(year=_year(request, organisation, year))
    filename, content_type, content = exporters.allocation_export(table=table)
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _pk(value: str | None) -> int | None:
    """An id from the form, None for a new row; a malformed one is a 404."""
    if not value or value == NEW:
        return None
    pk = whole_number(value)
    if pk is None:
        raise Http404
    return pk


def _done(
    request: HttpRequest,
    year: Year,
    edit: EditForm,
    saved: str,
    error: str | None,
    status: int = 422,
) -> HttpResponse:
    """Saved (``error`` None): the region or a redirect; else the form with ``error``."""
    if error is not None:
        edit.error = error
        return _render(request, year, replace=edit, status=status)
    if request.htmx:  # type: ignore[attr-defined]
        return _render(request, year, saved=saved, section=edit.kind)
    messages.success(request, saved)
    url = reverse(
        "allocation:table",
        kwargs={"organisation": year.organisation.slug, "year": year.year},
    )
    return redirect(url)


def _refused(form: forms.Form, error: DomainError) -> str:
    """Put the service's message on its field when it names one; else the form's."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
        return ""
    return error.message


@require_POST
def member_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Add or change a member organisation and its inhabitants in the year."""
    found = _editable_year(request, organisation, year)
    pk = _pk(request.POST.get("member"))
    member = None
    if pk is not None:
        member = MemberOrganisation.objects.filter(organisation=found.organisation, pk=pk).first()
        if member is None:
            raise Http404
    anchor = f"m{pk}" if pk else f"m-{NEW}"
    form = MemberForm(request.POST, prefix_id=anchor.replace("-", "_"))
    edit = EditForm(anchor, form, member)
    if not form.is_valid():
        return _done(request, found, edit, "", "")
    try:
        saved = services.member_save(
            actor=request.user,
            year=found,
            member=member,
            name=form.cleaned_data["name"],
            inhabitants=form.cleaned_data["inhabitants"],
            via=Via.WEB,
        )
    except DomainError as error:
        return _done(request, found, edit, "", _refused(form, error), error_status(error))
    return _done(request, found, edit, _("Sparat: %(name)s.") % {"name": saved.name}, None)


@require_POST
def line_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Add or change a budget line: title, amount, allocation model and rounding."""
    found = _editable_year(request, organisation, year)
    pk = _pk(request.POST.get("line"))
    line = None
    if pk is not None:
        line = BudgetLine.objects.filter(year=found, pk=pk).first()
        if line is None:
            raise Http404
    anchor = f"b{pk}" if pk else f"b-{NEW}"
    members = list(
        MemberOrganisation.objects.filter(organisation=found.organisation_id).order_by(
            "order", "name"
        )
    )
    form = BudgetLineForm(
        request.POST,
        prefix_id=anchor.replace("-", "_"),
        members=members,
        with_keys=line is None or request.POST.get("model") == AllocationModel.FIXED_KEY,
    )
    edit = EditForm(anchor, form, line)
    if not form.is_valid():
        return _done(request, found, edit, "", "")
    try:
        saved = services.budget_line_save(
            actor=request.user,
            year=found,
            line=line,
            title=form.cleaned_data["title"],
            amount=form.cleaned_data["amount"],
            model=form.cleaned_data["model"],
            rounding=form.cleaned_data["rounding"],
            member=next((m for m in members if m.pk == form.cleaned_data["member"]), None),
            keys=form.keys(),
            via=Via.WEB,
        )
    except DomainError as error:
        return _done(request, found, edit, "", _refused(form, error), error_status(error))
    return _done(request, found, edit, _("Sparat: %(title)s.") % {"title": saved.title}, None)


@require_POST
def line_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Remove a budget line of the year."""
    found = _editable_year(request, organisation, year)
    pk = _pk(request.POST.get("line"))
    line = BudgetLine.objects.filter(year=found, pk=pk).first() if pk else None
    if line is None:
        raise Http404
    services.budget_line_delete(actor=request.user, line=line, via=Via.WEB)
    message = _("Borttagen: %(title)s.") % {"title": line.title}
    if request.htmx:  # type: ignore[attr-defined]
        return _render(request, found, saved=message, section="lines")
    messages.success(request, message)
    return redirect(
        reverse(
            "allocation:table", kwargs={"organisation": found.organisation.slug, "year": found.year}
        )
    )
