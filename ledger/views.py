"""Läs in från ekonomisystemet: upload a ledger file, see the preview, then "Spara".

Two pages share the flow and the template: a unit's (``/styrkort/<unit>/<period>/
ekonomi/import/``, for whoever may enter that unit's finance figures: the finance
entry page's rule, ``entry_access``) and the organisation's (Inställningar →
Ekonomisystem → Import, every unit at once; ``setup_views``). A POST of a file reads and
sums it and keeps it server-side (``LedgerUpload``) – nothing else is written; "Spara"
names that upload, whose bytes are read again and saved all or nothing. With htmx the
answer is the page's ``import`` region, without it the whole page (or, after "Spara", a
redirect with the message).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from common.numbers import format_number
from common.params import whole_number
from ledger import selectors, services
from ledger.forms import UploadForm
from ledger.models import LedgerUpload
from ledger.selectors import FIELDS, Aggregation, Cell, Unmapped
from scorecards.entry import EntryAccess, entry_access
from scorecards.errors import DomainError, error_status
from scorecards.models import Period, Unit, Year

FIELD_LABELS = {
    "outcome": gettext_lazy("Utfall"),
    "period_budget": gettext_lazy("Periodbudget"),
    "annual_budget": gettext_lazy("Årsbudget"),
    "outcome_previous_year": gettext_lazy("Utfall samma period föregående år"),
}


def amount(value: Decimal | None) -> str:
    """Kronor the Swedish way; öre only when there are any."""
    if value is None:
        return ""
    return format_number(value, decimals=0 if value == value.to_integral_value() else 2)


@dataclass(frozen=True)
class Value:
    """One figure of a preview row: the file's, and the stored one when it differs."""

    new: str
    old: str
    changed: bool


@dataclass(frozen=True)
class Row:
    """A unit × category of the preview."""

    unit: Unit
    category_name: str
    values: list[Value]
    changed: bool


def _row(cell: Cell) -> Row:
    values = []
    for name in FIELDS:
        if name not in cell.new:
            values.append(Value("", "", False))
            continue
        changed = name in cell.changes
        old = cell.old(name)
        values.append(
            Value(amount(cell.new[name]), amount(old) if old is not None else "–", changed)
        )
    return Row(cell.unit, cell.category.name, values, bool(cell.changes))


@dataclass(frozen=True)
class UnmappedRow:
    code: str
    name: str
    amount: str
    rows: int


def unmapped_rows(items: list[Unmapped]) -> list[UnmappedRow]:
    return [
        UnmappedRow(item.code or _("(inget)"), item.name, amount(item.amount), item.rows)
        for item in items
    ]


@dataclass(frozen=True)
class Preview:
    """What the preview shows: sums, changes, what is left out, and the kept file."""

    upload: LedgerUpload
    period: Period
    rows: list[Row]
    changed: int
    outcome_source: str
    unmapped_accounts: list[UnmappedRow]
    unmapped_cost_centres: list[UnmappedRow]
    other_units: list[Unit]
    skipped_balances: int

    @classmethod
    def of(cls, upload: LedgerUpload, aggregation: Aggregation) -> Preview:
        return cls(
            upload=upload,
            period=aggregation.period,
            rows=[_row(cell) for cell in aggregation.cells],
            changed=len(aggregation.changed),
            outcome_source=aggregation.outcome_source,
            unmapped_accounts=unmapped_rows(aggregation.unmapped_accounts),
            unmapped_cost_centres=unmapped_rows(aggregation.unmapped_cost_centres),
            other_units=aggregation.other_units,
            skipped_balances=aggregation.skipped_balances,
        )


@dataclass
class ImportPage:
    """The import page of a unit period (``up``) or of an organisation's year."""

    form: UploadForm
    save_url: str
    upload_url: str
    year: Year
    periods: list[tuple[Any, Any]] | None = None  # the organisation's page: the choice
    access: EntryAccess | None = None  # the unit page
    preview: Preview | None = None
    notice: str = ""
    problem: str = ""
    has_mapping: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def may_save(self) -> bool:
        if self.preview is None or not self.preview.rows:
            return False
        return self.access is None or self.access.writable


def render_import(request: HttpRequest, page: ImportPage, status: int = 200) -> HttpResponse:
    template = "ledger/import.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#import"
    context = {"page": page, "field_labels": [FIELD_LABELS[name] for name in FIELDS], **page.extra}
    return render(request, template, context, status=status)


def upload_preview(
    request: HttpRequest, page: ImportPage, *, period: Period, unit: Unit | None
) -> HttpResponse:
    """Read, sum and keep the posted file (the form is valid); the preview or the error."""
    upload = page.form.cleaned_data["file"]
    try:
        done = services.ledger_upload_preview(
            actor=request.user,  # type: ignore[arg-type]
            period=period,
            unit=unit,
            filename=upload.name or "",
            content=upload.read(),
        )
    except DomainError as error:
        page.form.add_error("file" if error.field == "file" else None, error.message)
        return render_import(request, page, status=error_status(error))
    page.preview = Preview.of(done.upload, done.aggregation)
    return render_import(request, page)


def upload_save(
    request: HttpRequest,
    page: ImportPage,
    *,
    unit: Unit | None,
    period: Period | None,
    done_url: str,
) -> HttpResponse:
    """ "Spara": the user's kept file of this page, saved all or nothing."""
    upload = selectors.pending_upload(
        upload_id=whole_number(request.POST.get("upload", "")) or 0,
        user_id=request.user.pk,  # type: ignore[arg-type]
        year=page.year,
        unit=unit,
        period=period,
    )
    if upload is None:
        page.problem = _("Filen finns inte kvar eller är redan sparad. Ladda upp den igen.")
        return render_import(request, page, status=404)
    try:
        done = services.ledger_upload_save(actor=request.user, upload=upload)  # type: ignore[arg-type]
    except DomainError as error:
        page.problem = error.message
        return render_import(request, page, status=error_status(error))
    message = _(
        "Sparat från %(file)s: %(changed)s belopp ändrade för %(units)s enheter i %(period)s "
        "(historik: ekonomisystem)."
    ) % {
        "file": upload.filename,
        "changed": done.changed,
        "units": done.units,
        "period": upload.period.label,
    }
    if request.htmx:  # type: ignore[attr-defined]
        page.notice = message
        page.form = UploadForm(periods=page.periods)
        return render_import(request, page)
    messages.success(request, message)
    return redirect(done_url)


# --------------------------------------------------------------------- unit page


def _unit_access(request: HttpRequest, unit: str, period: str) -> EntryAccess:
    """The finance entry page's rule: 404 for a unit period the user can't see, 403 for
    one they see but may not enter figures in."""
    return entry_access(
        request,
        unit,
        period,
        need="figures",
        denied=_("Beloppen läses in av enhetens controller eller en administratör."),
    )


def _unit_page(request: HttpRequest, access: EntryAccess) -> ImportPage:
    up = access.unit_period
    args = [up.unit.slug, up.period.key]
    return ImportPage(
        form=UploadForm(request.POST or None, request.FILES or None),
        save_url=reverse("ledger:import_save", args=args),
        upload_url=reverse("ledger:import", args=args),
        year=up.period.year,
        access=access,
        has_mapping=selectors.mapping_for(up.period.year) is not None,
        extra={"up": up},
    )


@require_http_methods(["GET", "POST"])
def unit_import(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Läs in ekonomi för enheten: the upload form, and after a POST the preview."""
    access = _unit_access(request, unit, period)
    page = _unit_page(request, access)
    if request.method != "POST":
        return render_import(request, page)
    if not page.form.is_valid():
        return render_import(request, page, status=422)
    up = access.unit_period
    return upload_preview(request, page, period=up.period, unit=up.unit)


@require_POST
def unit_import_save(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Spara: the previewed file's figures for this unit, all or nothing."""
    access = _unit_access(request, unit, period)
    page = _unit_page(request, access)
    page.form = UploadForm()
    up = access.unit_period
    return upload_save(
        request,
        page,
        unit=up.unit,
        period=up.period,
        done_url=reverse("finance:entry", args=[up.unit.slug, up.period.key]),
    )
