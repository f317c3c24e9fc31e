"""The Excel page: download the unit period as .xlsx, upload it filled in."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from scorecards.models import Action, UnitPeriod
from scorecards.selectors import unit_period_for
from spreadsheets import exporters, importers
from spreadsheets.forms import ImportForm


def _unit_period(request: HttpRequest, unit: str, period: str) -> UnitPeriod:
    """404 for a period the user can't see; 403 when they may see but not enter figures."""
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    if (
        not UnitPeriod.objects.filter(pk=unit_period.pk)
        .for_user(request.user, Action.EDIT)
        .exists()
    ):
        raise PermissionDenied(_("Du kan läsa men inte registrera för den här enheten."))
    return unit_period


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Download link and upload form; a POST shows every error or what was saved."""
    unit_period = _unit_period(request, unit, period)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = importers.unit_period_import(
                user=request.user,
                unit_period=unit_period,
                content=form.cleaned_data["file"].read(),
            )
            status = 200 if result.ok else 422
        else:
            status = 422
    return render(
        request,
        "spreadsheets/page.html",
        {"up": unit_period, "form": form, "result": result},
        status=status,
    )


@require_GET
def export(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """The unit period as an .xlsx to fill in."""
    unit_period = _unit_period(request, unit, period)
    filename, content_type, content = exporters.unit_period_export(
        user=request.user, unit_period=unit_period
    )
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
