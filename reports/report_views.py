"""The report page: HTML preview, "Skapa PDF" as a task, frozen editions and their diff."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.params import whole_number
from reports import services
from reports.builder import report_data, report_html
from reports.diff import compare
from reports.models import ReportBuild, ReportEdition
from reports.review import review
from scorecards import selectors
from scorecards.models import Action, Period, UnitPeriod, allowed_actions
from scorecards.services import EntryError


def _unit_period(request: HttpRequest, unit: str, period: str) -> UnitPeriod:
    return selectors.unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )


@require_GET
def report(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """The report as HTML from the same template as the PDF, with builds and editions."""
    up = _unit_period(request, unit, period)
    data = report_data(unit_period=up)
    body = report_html(data, for_pdf=False)
    return render(
        request,
        "reports/report_page.html",
        {
            "up": up,
            "report": data,
            "body": body,
            # Granskning, for whoever approves: only while the report is a draft.
            "findings": review(data, body) if data.is_draft else [],
            "build": up.report_builds.filter(requested_by_id=request.user.pk).first(),
            "editions": list(up.editions.select_related("created_by").order_by("-number")),
            "may_freeze": Action.APPROVE in allowed_actions(request.user, up),
            "pdf_name": f"{_filename(up)}.pdf",
        },
    )


@require_POST
def build_create(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Skapa PDF: a build row and a task; htmx gets the progress block to poll."""
    up = _unit_period(request, unit, period)
    build = services.report_build_request(actor=request.user, unit_period=up)
    build.refresh_from_db()
    if request.htmx:  # type: ignore[attr-defined]
        return _build_block(request, up, build)
    return redirect("report:page", unit=unit, period=period)


def _build_block(request: HttpRequest, up: UnitPeriod, build: ReportBuild) -> HttpResponse:
    """The PDF block: "Skapa PDF" (disabled while a build runs), progress, then the
    download and "Fastställ" as soon as the build is done, without a reload."""
    return render(
        request,
        "reports/report_page.html#build",
        {
            "up": up,
            "build": build,
            "may_freeze": Action.APPROVE in allowed_actions(request.user, up),
            "pdf_name": f"{_filename(up)}.pdf",
        },
    )


def _own_build(request: HttpRequest, up: UnitPeriod, build_id: int) -> ReportBuild:
    return get_object_or_404(
        ReportBuild, pk=build_id, unit_period=up, requested_by_id=request.user.pk
    )


@require_GET
def build_status(request: HttpRequest, unit: str, period: str, build_id: int) -> HttpResponse:
    """The progress block (htmx polls it every second until the PDF is ready)."""
    up = _unit_period(request, unit, period)
    build = _own_build(request, up, build_id)
    return _build_block(request, up, build)


@require_GET
def build_pdf(request: HttpRequest, unit: str, period: str, build_id: int) -> HttpResponse:
    up = _unit_period(request, unit, period)
    build = _own_build(request, up, build_id)
    if build.status != ReportBuild.Status.DONE or not build.pdf:
        raise Http404
    return _pdf_response(bytes(build.pdf), f"{_filename(up)}.pdf")


@require_POST
def edition_freeze(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Fastställ the user's latest build as the next edition."""
    up = _unit_period(request, unit, period)
    build_id = whole_number(request.POST.get("build"))
    if build_id is None:  # "abc", "1.5", "-1": no build of yours
        raise Http404
    build = _own_build(request, up, build_id)
    try:
        edition = services.report_edition_freeze(actor=request.user, build=build)
    except EntryError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Utgåva %(n)s är fastställd.") % {"n": edition.number})
    return redirect("report:page", unit=unit, period=period)


@require_GET
def edition_pdf(request: HttpRequest, unit: str, period: str, number: int) -> HttpResponse:
    """A frozen edition: the stored bytes, unchanged, whatever happened to the figures."""
    up = _unit_period(request, unit, period)
    edition = get_object_or_404(ReportEdition, unit_period=up, number=number)
    return _pdf_response(bytes(edition.pdf), f"{_filename(up)}-utgåva-{number}.pdf")


@require_GET
def edition_diff(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Figures that differ: between two editions (?fran=1&till=2), or this period's
    current figures against the previous period's (?mot=foregaende)."""
    up = _unit_period(request, unit, period)
    if request.GET.get("mot") == "foregaende":
        before_up = selectors.previous_unit_period(user=request.user, unit_period=up)
        if before_up is None:
            raise Http404
        before = report_data(unit_period=before_up, with_figures=False).figures
        after = report_data(unit_period=up, with_figures=False).figures
        titles = (before_up.period.label, up.period.label)
    else:
        first, second = whole_number(request.GET.get("fran")), whole_number(request.GET.get("till"))
        if first is None or second is None:
            raise Http404
        before = get_object_or_404(ReportEdition, unit_period=up, number=first).figures
        after = get_object_or_404(ReportEdition, unit_period=up, number=second).figures
        titles = (_("Utgåva %(n)s") % {"n": first}, _("Utgåva %(n)s") % {"n": second})
    return render(
        request,
        "reports/diff.html",
        {"up": up, "changes": compare(before, after), "titles": titles},
    )


# Characters no file system takes in a name, and runs of spaces: a dash each.
_NOT_IN_FILENAMES = re.compile(r'[\s/\\:*?"<>|,]+')


def _filename(up: UnitPeriod) -> str:
    """What the report is, for whom and when, as people name the file:
    "Delårsrapport-T1-2021-Division-Länsteknik", "Årsrapport-2019-Division-Länsteknik"."""
    if up.period.kind == Period.Kind.YEAR:
        name = _("Årsrapport %(year)s %(unit)s") % {
            "year": up.period.year.year,
            "unit": up.unit.name,
        }
    else:
        name = _("Delårsrapport %(period)s %(unit)s") % {
            "period": up.period.label,
            "unit": up.unit.name,
        }
    return _NOT_IN_FILENAMES.sub("-", name).strip("-")


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A download under its name (RFC 6266, so "å" and "ä" survive in every browser)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
