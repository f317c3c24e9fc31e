"""Inställningar → Ekonomisystem: the year's mapping of the ledger, and the import of
every unit at once.

For the organisation's administrators (``organisation_for_admin``: another
organisation 404, others 403). Each mapping POST saves or removes one row; with htmx the
answer is the page's ``mapping`` region, without it a redirect back to the row. A
refused or invalid form is shown again with the message next to its field (422 or the
service's status). The import page is ``ledger.views``' flow for the whole organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.params import whole_number
from ledger import selectors, services
from ledger.forms import AccountRangeForm, CostCentreForm, KeyedForm, SettingsForm, UploadForm
from ledger.mapping_workbook import mapping_workbook, read_mapping_workbook
from ledger.models import AccountRange, CostCentre, LedgerMapping
from ledger.views import ImportPage, render_import, unmapped_rows, upload_preview, upload_save
from scorecards.errors import DomainError, form_refused
from scorecards.models import Organisation, Period, Year
from scorecards.selectors import organisation_for_admin

Choices = list[tuple[Any, Any]]


@dataclass(frozen=True)
class RangeItem:
    row: AccountRange
    form: AccountRangeForm


@dataclass(frozen=True)
class CentreItem:
    row: CostCentre
    form: CostCentreForm


@dataclass(frozen=True)
class Choice:
    """The forms' choice lists, read once per page."""

    categories: Choices
    units: Choices


def _year(request: HttpRequest, organisation: str, year: int) -> tuple[Organisation, Year]:
    found = organisation_for_admin(user=request.user, slug=organisation)
    return found, get_object_or_404(Year, organisation=found, year=year)


def _choice(organisation: Organisation, year: Year) -> Choice:
    return Choice(
        categories=[
            (c.pk, f"{c.name} ({c.line})" if c.line else c.name)
            for c in selectors.categories_for(year)
        ],
        units=[(u.pk, u.name) for u in selectors.cost_centre_units(organisation)],
    )


def _range_form(choice: Choice, row: AccountRange | None, data: Any = None) -> AccountRangeForm:
    initial: dict[str, Any] = {}
    if row is not None:
        initial = {
            "id": row.pk,
            "first": row.first,
            "last": row.last,
            "category": row.category_id or "",
            "sign": row.sign,
        }
    key = f"r{row.pk}" if row else "r-new"
    return AccountRangeForm(data, key=key, initial=initial, categories=choice.categories)


def _centre_form(choice: Choice, row: CostCentre | None, data: Any = None) -> CostCentreForm:
    initial = {"id": row.pk, "code": row.code, "unit": row.unit_id} if row else {}
    key = f"c{row.pk}" if row else "c-new"
    return CostCentreForm(data, key=key, initial=initial, units=choice.units)


def _pick(bound: KeyedForm | None, key: str, make: Any) -> Any:
    return bound if bound is not None and bound.form_key == key else make()


def _mapping_page(
    request: HttpRequest,
    organisation: Organisation,
    year: Year,
    *,
    bound: KeyedForm | None = None,
    notice: str = "",
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    """The mapping page (or its ``mapping`` region for htmx); ``bound`` shows its errors."""
    choice = _choice(organisation, year)
    mapping = LedgerMapping.objects.filter(year=year).first()
    ranges, centres = selectors.year_mapping_rows(year)
    upload = selectors.latest_upload(year)
    template = "ledger/setup.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#mapping"
    dimension = mapping.cost_centre_dimension if mapping else 1
    context = {
        "organisation": organisation,
        "year": year,
        "mapping": mapping,
        "settings_form": _pick(
            bound, "s", lambda: SettingsForm(key="s", initial={"cost_centre_dimension": dimension})
        ),
        "ranges": [
            RangeItem(r, _pick(bound, f"r{r.pk}", lambda r=r: _range_form(choice, r)))
            for r in ranges
        ],
        "new_range": _pick(bound, "r-new", lambda: _range_form(choice, None)),
        "centres": [
            CentreItem(c, _pick(bound, f"c{c.pk}", lambda c=c: _centre_form(choice, c)))
            for c in centres
        ],
        "new_centre": _pick(bound, "c-new", lambda: _centre_form(choice, None)),
        "upload": upload,
        "unmapped_accounts": unmapped_rows(
            selectors.unmapped_from_summary(upload.unmapped, "accounts") if upload else []
        ),
        "unmapped_cost_centres": unmapped_rows(
            selectors.unmapped_from_summary(upload.unmapped, "cost_centres") if upload else []
        ),
        "notice": notice,
        "problem": problem,
    }
    return render(request, template, context, status=status)


def _done(
    request: HttpRequest, organisation: Organisation, year: Year, message: str, anchor: str
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return _mapping_page(request, organisation, year, notice=message)
    messages.success(request, message)
    url = reverse("ledger_setup:page", args=[organisation.slug, year.year])
    return redirect(f"{url}#{anchor}")


def _failed(
    request: HttpRequest, organisation: Organisation, year: Year, message: str
) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return _mapping_page(request, organisation, year, problem=message, status=422)
    messages.error(request, message)
    return redirect("ledger_setup:page", organisation=organisation.slug, year=year.year)


def _posted_id(request: HttpRequest) -> int:
    return whole_number(request.POST.get("id", "")) or 0


@require_GET
def page(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Ekonomisystem: the cost-centre dimension, account ranges and cost centres."""
    found, obj = _year(request, organisation, year)
    return _mapping_page(request, found, obj)


@require_POST
def settings_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    form = SettingsForm(request.POST, key="s")
    if not form.is_valid():
        return _mapping_page(request, found, obj, bound=form, status=422)
    try:
        services.ledger_mapping_settings_set(
            actor=request.user,  # type: ignore[arg-type]
            year=obj,
            cost_centre_dimension=form.cleaned_data["cost_centre_dimension"],
        )
    except DomainError as error:
        return _mapping_page(request, found, obj, bound=form, status=form_refused(form, error))
    return _done(request, found, obj, _("Dimensionen för kostnadsställe är sparad."), "dimension")


@require_POST
def range_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    pk = _posted_id(request)
    row = (
        get_object_or_404(AccountRange.objects.select_related("mapping"), pk=pk, mapping__year=obj)
        if pk
        else None
    )
    form = _range_form(_choice(found, obj), row, request.POST)
    if not form.is_valid():
        return _mapping_page(request, found, obj, bound=form, status=422)
    data = form.cleaned_data
    category = None
    if data["category"] is not None:
        category = next(c for c in selectors.categories_for(obj) if c.pk == data["category"])
    try:
        saved = services.account_range_save(
            actor=request.user,  # type: ignore[arg-type]
            year=obj,
            row=row,
            first=data["first"],
            last=data["last"],
            category=category,
            sign=data["sign"],
        )
    except DomainError as error:
        return _mapping_page(request, found, obj, bound=form, status=form_refused(form, error))
    message = _("Kontona %(range)s är sparade.") % {"range": saved}
    return _done(request, found, obj, message, f"konton-{saved.pk}")


@require_POST
def range_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    row = get_object_or_404(
        AccountRange.objects.select_related("mapping"), pk=_posted_id(request), mapping__year=obj
    )
    label = str(row)
    try:
        services.account_range_delete(actor=request.user, year=obj, row=row)  # type: ignore[arg-type]
    except DomainError as error:
        return _failed(request, found, obj, error.message)
    return _done(
        request, found, obj, _("Kontona %(range)s är borttagna.") % {"range": label}, "konton"
    )


@require_POST
def centre_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    pk = _posted_id(request)
    row = (
        get_object_or_404(CostCentre.objects.select_related("mapping"), pk=pk, mapping__year=obj)
        if pk
        else None
    )
    form = _centre_form(_choice(found, obj), row, request.POST)
    if not form.is_valid():
        return _mapping_page(request, found, obj, bound=form, status=422)
    unit = next(u for u in selectors.cost_centre_units(found) if u.pk == form.cleaned_data["unit"])
    try:
        saved = services.cost_centre_save(
            actor=request.user,  # type: ignore[arg-type]
            year=obj,
            row=row,
            code=form.cleaned_data["code"],
            unit=unit,
        )
    except DomainError as error:
        return _mapping_page(request, found, obj, bound=form, status=form_refused(form, error))
    message = _("Kostnadsstället %(code)s är sparat.") % {"code": saved.code}
    return _done(request, found, obj, message, f"kostnadsstalle-{saved.pk}")


@require_POST
def centre_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    row = get_object_or_404(
        CostCentre.objects.select_related("mapping"), pk=_posted_id(request), mapping__year=obj
    )
    code = row.code
    try:
        services.cost_centre_delete(actor=request.user, year=obj, row=row)  # type: ignore[arg-type]
    except DomainError as error:
        return _failed(request, found, obj, error.message)
    return _done(
        request,
        found,
        obj,
        _("Kostnadsstället %(code)s är borttaget.") % {"code": code},
        "kostnadsstallen",
    )


# ------------------------------------------------------------------------ import


def _period_label(period: Period) -> str:
    """ "T1 2021 (januari–april 2021)": the name and the months, so none is mistaken."""
    return _("%(label)s (%(span)s %(year)s)") % {
        "label": period.label,
        "span": period.span_label,
        "year": period.year.year,
    }


def _import_page(
    request: HttpRequest, organisation: Organisation, year: Year, periods: list[Period]
) -> ImportPage:
    args = [organisation.slug, year.year]
    choices: Choices = [(p.pk, _period_label(p)) for p in periods]
    return ImportPage(
        form=UploadForm(request.POST or None, request.FILES or None, periods=choices),
        save_url=reverse("ledger_setup:import_save", args=args),
        upload_url=reverse("ledger_setup:import", args=args),
        year=year,
        periods=choices,
        has_mapping=selectors.mapping_for(year) is not None,
        extra={"organisation": organisation, "year": year},
    )


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Läs in ekonomi för alla enheter: the upload form, and after a POST the preview."""
    found, obj = _year(request, organisation, year)
    periods = selectors.periods_of(obj)
    page = _import_page(request, found, obj, periods)
    if request.method != "POST":
        return render_import(request, page)
    if not page.form.is_valid():
        return render_import(request, page, status=422)
    period = next(p for p in periods if str(p.pk) == page.form.cleaned_data["period"])
    return upload_preview(request, page, period=period, unit=None)


@require_POST
def import_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Spara: the previewed file's figures for every unit in it, all or nothing."""
    found, obj = _year(request, organisation, year)
    page = _import_page(request, found, obj, selectors.periods_of(obj))
    page.form = UploadForm(periods=page.periods)
    return upload_save(
        request,
        page,
        unit=None,
        period=None,
        done_url=reverse("ledger_setup:import", args=[found.slug, obj.year]),
    )


# ---------------------------------------------------------------- mapping as a workbook


@require_GET
def mapping_export(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """The year's mapping as an Excel workbook to edit and read back (Konton,
    Kostnadsställen)."""
    found, obj = _year(request, organisation, year)
    ranges, centres = selectors.year_mapping_rows(obj)
    response = HttpResponse(
        mapping_workbook(ranges, centres),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"Ekonomisystem-mappning-{found.slug}-{obj.year}.xlsx"
    )
    return response


@require_POST
def mapping_import(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Replace the year's account ranges and cost centres with a workbook's, all or
    nothing; every bad row is listed and nothing is saved."""
    found, obj = _year(request, organisation, year)
    upload = request.FILES.get("file")
    if upload is None:
        return _failed(request, found, obj, _("Välj en Excel-fil med mappningen."))
    try:
        rows = read_mapping_workbook(
            upload.read(),
            categories=selectors.categories_for(obj),
            units=list(selectors.cost_centre_units(found)),
        )
        services.ledger_mapping_replace(
            actor=request.user, year=obj, ranges=rows.ranges, cost_centres=rows.cost_centres
        )
    except DomainError as error:
        return _failed(request, found, obj, error.message)
    return _done(
        request,
        found,
        obj,
        _("Mappningen är inläst: %(ranges)s kontointervall och %(centres)s kostnadsställen.")
        % {"ranges": len(rows.ranges), "centres": len(rows.cost_centres)},
        "konton",
    )
