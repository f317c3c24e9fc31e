"""Inställningar → Rapportmallar: /installningar/<org>/rapportmallar/.

An organisation's report templates: the list (with the default of each kind that has no
template of its own, and a button to make an editable template from it), a new
template, and a template's settings page, where the sections the apps contribute are
chosen, ordered, renamed and set. Only an administrator opens these pages (as every
organisation-wide setting): another organisation answers 404, the organisation's own
pages 403 for everybody else.

The settings form is the partial ``editor``: an htmx POST (save, move a section) gets
it back (200 saved; refused: the message next to the field, 422); a plain POST is
redirected back to the page, or gets the whole page with the errors.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from reports import template_selectors as selectors
from reports import template_services as services
from reports.models import ReportTemplate
from reports.sections import contributed_sections
from reports.template_forms import TemplateCreateForm, TemplateForm
from scorecards.errors import DomainError, form_refused
from scorecards.models import Organisation
from scorecards.selectors import organisation_for_admin

# ---------------------------------------------------------------------------- access


def _admin_organisation(request: HttpRequest, slug: str) -> Organisation:
    """The organisation, for its administrator: the rule of the other set-up pages."""
    return organisation_for_admin(user=request.user, slug=slug)


def _template(organisation: Organisation, template_id: int) -> ReportTemplate:
    """The organisation's template; one of another organisation answers 404."""
    return get_object_or_404(ReportTemplate, pk=template_id, organisation=organisation)


def _htmx(request: HttpRequest) -> bool:
    return bool(request.htmx)  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------ list


def _list_page(
    request: HttpRequest,
    organisation: Organisation,
    form: TemplateCreateForm | None = None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "reports/settings/template_list.html",
        {
            "organisation": organisation,
            "rows": selectors.template_rows(organisation=organisation),
            "form": form or TemplateCreateForm(),
            "error": error,
        },
        status=status,
    )


@require_GET
def template_list(request: HttpRequest, organisation: str) -> HttpResponse:
    """The organisation's report templates, and the defaults of the kinds without one."""
    return _list_page(request, _admin_organisation(request, organisation))


@require_POST
def template_create(request: HttpRequest, organisation: str) -> HttpResponse:
    """A new template, made from the kind's default; then its settings page."""
    found = _admin_organisation(request, organisation)
    form = TemplateCreateForm(request.POST)
    if not form.is_valid():
        return _list_page(request, found, form, status=422)
    data = form.cleaned_data
    try:
        template = services.report_template_create(
            actor=request.user,
            organisation=found,
            kind=data["kind"],
            name=data["name"],
            end_month=data["end_month"],
        )
    except DomainError as error:
        status = form_refused(form, error)
        # The default's button has no form of its own to show the message next to.
        return _list_page(request, found, form, error=error.message, status=status)
    messages.success(
        request,
        _("Mallen %(name)s är skapad. Ändra den här nedan.") % {"name": template.display_name},
    )
    url = reverse("report_templates:edit", args=[found.slug, template.pk])
    return HttpResponseClientRedirect(url) if _htmx(request) else redirect(url)


# ----------------------------------------------------------------------- settings page


def _form(
    template: ReportTemplate, data: Any = None, *, organisation: Organisation
) -> TemplateForm:
    args = () if data is None else (data,)
    return TemplateForm(
        *args,
        template=template,
        sections=contributed_sections(),
        organisation_amounts=organisation.amounts,
    )


def _edit_page(
    request: HttpRequest,
    organisation: Organisation,
    template: ReportTemplate,
    form: TemplateForm | None = None,
    *,
    message: str = "",
    moved: str = "",
    moved_up: bool = False,
    status: int = 200,
) -> HttpResponse:
    previews = selectors.template_previews(template=template)
    page = "reports/settings/template_edit.html"
    if _htmx(request) and request.method == "POST":
        page += "#editor"
    return render(
        request,
        page,
        {
            "organisation": organisation,
            "template": template,
            "form": form or _form(template, organisation=organisation),
            "previews": previews,
            "title_example": selectors.title_example(template, previews),
            "example_pattern": selectors.EXAMPLE_PATTERN,
            "title_now": selectors.title_now(template, previews),
            "message": message,
            "moved": moved,
            "moved_up": moved_up,
        },
        status=status,
    )


@require_GET
def template_edit(request: HttpRequest, organisation: str, template_id: int) -> HttpResponse:
    """A template's settings: sections, title, cover fields, amount unit."""
    found = _admin_organisation(request, organisation)
    return _edit_page(request, found, _template(found, template_id))


def _saved(
    request: HttpRequest,
    organisation: Organisation,
    template: ReportTemplate,
    message: str,
    *,
    moved: str = "",
    moved_up: bool = False,
) -> HttpResponse:
    """After a save: htmx gets the fresh editor, a plain POST goes back to the page."""
    if _htmx(request):
        return _edit_page(
            request, organisation, template, message=message, moved=moved, moved_up=moved_up
        )
    messages.success(request, message)
    url = reverse("report_templates:edit", args=[organisation.slug, template.pk])
    return redirect(f"{url}#avsnitt-{moved}" if moved else url)


@require_POST
def template_save(request: HttpRequest, organisation: str, template_id: int) -> HttpResponse:
    found = _admin_organisation(request, organisation)
    template = _template(found, template_id)
    form = _form(template, request.POST, organisation=found)
    if not form.is_valid():
        return _edit_page(request, found, template, form, status=422)
    try:
        saved = services.report_template_save(
            actor=request.user, template=template, data=form.data_input()
        )
    except DomainError as error:
        return _edit_page(request, found, template, form, status=form_refused(form, error))
    return _saved(request, found, saved, _("Mallen är sparad."))


def _move_of(raw: str) -> tuple[str, bool] | None:
    """ "summary:upp" -> ("summary", True); anything else None."""
    key, _sep, direction = raw.partition(":")
    if direction not in ("upp", "ned") or not key:
        return None
    return key, direction == "upp"


@require_POST
def template_move(request: HttpRequest, organisation: str, template_id: int) -> HttpResponse:
    """Move a section one step, saving the form as shown (nothing typed is lost)."""
    found = _admin_organisation(request, organisation)
    template = _template(found, template_id)
    form = _form(template, request.POST, organisation=found)
    move = _move_of(request.POST.get("flytta", ""))
    if move is None:
        form.add_error(None, _("Välj ett avsnitt att flytta."))
    if move is None or not form.is_valid():
        return _edit_page(request, found, template, form, status=422)
    key, up = move
    try:
        specs = services.sections_moved(form.specs(), key, up=up)
        saved = services.report_template_save(
            actor=request.user, template=template, data=form.data_input(specs)
        )
    except DomainError as error:
        return _edit_page(request, found, template, form, status=form_refused(form, error))
    title = form.sections[key].title
    message = (_("%(section)s flyttades upp.") if up else _("%(section)s flyttades ned.")) % {
        "section": title
    }
    return _saved(request, found, saved, message, moved=key, moved_up=up)


@require_POST
def template_delete(request: HttpRequest, organisation: str, template_id: int) -> HttpResponse:
    """Remove a template once the confirmation box is ticked (a plain form: no script needed)."""
    found = _admin_organisation(request, organisation)
    template = _template(found, template_id)
    if request.POST.get("bekrafta") != "ja":
        messages.error(request, _("Kryssa i rutan för att bekräfta att mallen ska tas bort."))
        return redirect("report_templates:edit", found.slug, template.pk)
    name = template.display_name
    services.report_template_delete(actor=request.user, template=template)
    messages.success(request, _("Mallen %(name)s är borttagen.") % {"name": name})
    return redirect("report_templates:list", found.slug)
