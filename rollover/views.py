"""The Nytt verksamhetsår page of an organisation: /nytt-verksamhetsar/<organisation>/.

GET shows what a rollover into the year after the latest would copy, and the rollovers
done; POST runs it for the year the page showed. Administrators only: 404 for a user
who sees no unit of the organisation, 403 for the others.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rollover import selectors, services
from rollover.forms import RolloverForm
from scorecards.errors import error_status
from scorecards.models import Action, Organisation
from scorecards.selectors import organisation_allows, organisation_for
from scorecards.services import Via


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = organisation_for(user=request.user, slug=slug, action=Action.VIEW)
    if not organisation_allows(user=request.user, organisation=organisation, action=Action.ADMIN):
        raise PermissionDenied(_("Bara en administratör kan skapa ett nytt verksamhetsår."))
    return organisation


def _render(
    request: HttpRequest,
    organisation: Organisation,
    form: RolloverForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    page = selectors.rollover_page(organisation=organisation)
    if form is None:
        form = RolloverForm(initial={"to": page.plan.to_year})
    return render(
        request,
        "rollover/plan.html",
        {"page": page, "plan": page.plan, "form": form, "error": error},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, organisation: str) -> HttpResponse:
    """The plan and the history; POST creates the year named in the form."""
    found = _organisation(request, organisation)
    if request.method != "POST":
        return _render(request, found)
    form = RolloverForm(request.POST)
    if not form.is_valid():
        return _render(request, found, form=form, status=422)
    to_year = form.cleaned_data["to"]
    try:
        services.rollover_run(actor=request.user, organisation=found, to_year=to_year, via=Via.WEB)
    except services.RolloverRefused as refused:
        return _render(request, found, error=refused.message, status=error_status(refused))
    messages.success(
        request,
        _(
            "Verksamhetsår %(year)s är skapat för %(organisation)s. Målen är förslag tills "
            "de bekräftas."
        )
        % {"year": to_year, "organisation": found.name},
    )
    return redirect(selectors.year_url(organisation=found, year=to_year))
