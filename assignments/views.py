"""Entry of the assignments' status and nuläge per period (Återrapportering av uppdrag).

Rows are saved by the entry-row protocol (scorecards.entry.save_row): an htmx row POST
returns the row (200 saved, 409 conflict, 422 invalid or refused); without htmx a save
redirects back to the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import FilteredRelation, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assignments import rules, selectors, services
from assignments.forms import AssignmentForm, AssignmentNoteForm, BudgetForm
from assignments.models import (
    Assignment,
    AssignmentBudget,
    AssignmentNote,
    AssignmentStatus,
    BudgetUnit,
)
from common.params import whole_number
from scorecards.entry import (
    EntryAccess,
    EntryRow,
    entry_access,
    replaced,
    row_renderer,
    save_row,
    save_with,
)
from scorecards.errors import DomainError, error_status
from scorecards.models import Organisation, Unit, UnitPeriod, Year
from scorecards.selectors import organisation_for_admin, unit_choices


@dataclass
class Budget:
    """An assignment's budget in one unit (hours or kr) for the period."""

    assignment: Assignment
    unit: str
    budget: AssignmentBudget | None  # this period's row

    @property
    def unit_label(self) -> str:
        return str(BudgetUnit(self.unit).label)

    @property
    def decimals(self) -> int:
        return selectors.budget_decimals(self.unit)

    @property
    def forecast(self) -> rules.BudgetForecast:
        b = self.budget
        if b is None:
            return rules.BudgetForecast(None, None)
        return rules.budget_forecast(budget=b.budget, outcome=b.outcome, remaining=b.remaining)


@dataclass
class Note:
    """An assignment with this period's note, the year's earlier ones and its budgets."""

    assignment: Assignment
    note: AssignmentNote | None  # this period's note
    earlier: list[AssignmentNote]  # earlier periods' notes of the year, oldest first
    budgets: list[BudgetEntry] = field(default_factory=list)  # hours, kr


BudgetEntry = EntryRow[BudgetForm, Budget]
NoteEntry = EntryRow[AssignmentNoteForm, Note]


def _budget_form(
    assignment: Assignment,
    unit: str,
    budget: AssignmentBudget | None,
    data: QueryDict | None = None,
) -> BudgetForm:
    return BudgetForm(
        data,
        initial=BudgetForm.initial_for(unit, budget),
        prefix_id=f"u{assignment.pk}_{unit}",
    )


def _budget_entry(
    assignment: Assignment, unit: str, budget: AssignmentBudget | None
) -> BudgetEntry:
    form = _budget_form(assignment, unit, budget)
    return EntryRow(f"u{assignment.pk}-{unit}", Budget(assignment, unit, budget), form)


def _form(note: Note, data: QueryDict | None = None) -> AssignmentNoteForm:
    """This period's note; a period without one starts from the latest earlier status."""
    latest = note.earlier[-1] if note.earlier else None
    return AssignmentNoteForm(
        data,
        initial=AssignmentNoteForm.initial_for(note.note, latest),
        prefix_id=f"u{note.assignment.pk}",
    )


def assignment_rows(unit_period: UnitPeriod, only: int | None = None) -> list[NoteEntry]:
    """The unit's assignments of the period's year with this and earlier periods' notes.

    Two queries whatever the number of assignments and notes: this period's budgets
    (hours and kr) are joined to the assignments. ``only`` limits the rows to one
    assignment (a row save).
    """
    period = unit_period.period
    joined = {
        f"budget_{unit}": FilteredRelation(
            "budgets", condition=Q(budgets__period=period.pk, budgets__unit=unit)
        )
        for unit in BudgetUnit.values
    }
    assignments = (
        Assignment.objects.filter(unit=unit_period.unit, year=period.year_id)
        .annotate(**joined)
        .select_related(*joined)
    )
    if only is not None:
        assignments = assignments.filter(pk=only)
    listed = list(assignments.order_by("order", "pk"))
    notes = (
        AssignmentNote.objects.filter(
            assignment__in=listed,
            period__year=period.year_id,
            period__end_month__lte=period.end_month,
        )
        .select_related("period__year")
        .order_by("period__end_month", "period__pk")
    )
    current: dict[int, AssignmentNote] = {}
    earlier: dict[int, list[AssignmentNote]] = {a.pk: [] for a in listed}
    for note in notes:
        if note.period_id == period.pk:
            current[note.assignment_id] = note
        else:
            earlier[note.assignment_id].append(note)
    rows = []
    for a in listed:
        budgets = [
            _budget_entry(a, unit, getattr(a, f"budget_{unit}", None)) for unit in BudgetUnit.values
        ]
        data = Note(a, current.get(a.pk), earlier[a.pk], budgets)
        rows.append(EntryRow(f"u{a.pk}", data, _form(data)))
    return rows


def _page(
    request: HttpRequest,
    access: EntryAccess,
    *,
    note: NoteEntry | None = None,
    budget: BudgetEntry | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole page; ``note`` or ``budget`` is a row showing what went wrong (no JS)."""
    rows = replaced(assignment_rows(access.unit_period), note)
    for row in rows:
        row.data.budgets = replaced(row.data.budgets, budget)
    return render(
        request,
        "assignments/entry.html",
        {"up": access.unit_period, "access": access, "rows": rows},
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Every assignment of the year: what was asked, and this period's status and nuläge."""
    return _page(request, entry_access(request, unit, period))


def _assignment(access: EntryAccess, assignment_id: int) -> Assignment:
    up = access.unit_period
    return get_object_or_404(
        Assignment.objects.filter(unit=up.unit, year=up.period.year_id), pk=assignment_id
    )


@require_http_methods(["GET", "POST"])
def entry_note(request: HttpRequest, unit: str, period: str, assignment_id: int) -> HttpResponse:
    """Save one assignment's status and nuläge (scorecards.entry.save_row); GET re-renders
    the row as stored (used by "keep their value" after a conflict)."""
    access = entry_access(request, unit, period)
    up = access.unit_period
    assignment = _assignment(access, assignment_id)

    def row() -> NoteEntry:
        (stored,) = assignment_rows(up, only=assignment.pk)
        return stored

    return save_row(
        request,
        row=row,
        form=lambda data: _form(row().data, data),
        save=save_with(request, access, services.assignment_note_set, assignment=assignment),
        render_row=row_renderer(request, "assignments/entry.html#assignment-row", access),
        render_page=lambda shown, status: _page(request, access, note=shown, status=status),
        page_url=reverse("assignments:entry", args=[unit, period]),
        label=assignment.title,
    )


@require_http_methods(["GET", "POST"])
def entry_budget(request: HttpRequest, unit: str, period: str, assignment_id: int) -> HttpResponse:
    """Save an assignment's budget in hours or kr (scorecards.entry.save_row).

    GET re-renders the stored row of ``?enhet=hours|kr`` ("keep their value").
    """
    access = entry_access(request, unit, period)
    up = access.unit_period
    assignment = _assignment(access, assignment_id)
    source = request.POST if request.method == "POST" else request.GET
    budget_unit = source.get("unit") or source.get("enhet") or BudgetUnit.HOURS
    if budget_unit not in BudgetUnit.values:
        budget_unit = BudgetUnit.HOURS

    def row() -> BudgetEntry:
        (stored,) = assignment_rows(up, only=assignment.pk)
        return next(b for b in stored.data.budgets if b.data.unit == budget_unit)

    return save_row(
        request,
        row=row,
        form=lambda data: _budget_form(assignment, budget_unit, row().data.budget, data),
        save=save_with(request, access, services.budget_set, assignment=assignment),
        render_row=row_renderer(request, "assignments/entry.html#budget-row", access, name="b"),
        render_page=lambda shown, status: _page(request, access, budget=shown, status=status),
        page_url=reverse("assignments:entry", args=[unit, period]),
        label=_("budget för %(name)s") % {"name": assignment.title},
    )


@require_GET
def year_page(request: HttpRequest, unit: str, year: str) -> HttpResponse:
    """The unit's assignments of a year: decision, status, late ones, nuläge history, budget.

    ``year`` is the year ("2019") or any period key of it ("2019-T1").
    Filters: ``?status=<status>`` and ``?forsenade=1``.
    """
    status = request.GET.get("status", "")
    filters = selectors.YearFilters(
        status=status if status in AssignmentStatus.values else "",
        overdue_only=request.GET.get("forsenade") == "1",
    )
    page = selectors.year_page(
        user=request.user,
        unit_slug=unit,
        year_key=year,
        filters=filters,
        today=timezone.localdate(),
    )
    return render(
        request,
        "assignments/year.html",
        {"page": page, "statuses": AssignmentStatus.choices},
    )


# ------------------------------------------------------------------- set-up of a year


def _setup_year(request: HttpRequest, organisation: str, year: int) -> tuple[Organisation, Year]:
    found = organisation_for_admin(user=request.user, slug=organisation)
    return found, get_object_or_404(Year, organisation=found, year=year)


def _unit_choices(organisation: Organisation) -> list[tuple[int, str]]:
    return unit_choices(Unit.objects.filter(organisation=organisation, reports=True))


def _setup_page(
    request: HttpRequest,
    organisation: Organisation,
    year: Year,
    bound: AssignmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    units = _unit_choices(organisation)
    assignments = list(
        Assignment.objects.filter(year=year)
        .select_related("unit")
        .prefetch_related("notes", "budgets")
        .order_by("unit__path", "order", "pk")
    )
    rows = []
    for a in assignments:
        key = f"a{a.pk}"
        form = (
            bound
            if bound is not None and bound.form_key == key
            else AssignmentForm(
                key=key,
                units=units,
                initial={"id": a.pk, "unit": a.unit_id}
                | {f: getattr(a, f) for f in AssignmentForm.base_fields if f not in ("id", "unit")},
            )
        )
        rows.append((a, form, bool(a.notes.all() or a.budgets.all())))
    new = bound if bound is not None and bound.form_key == "a-new" else None
    return render(
        request,
        "assignments/setup.html",
        {
            "organisation": organisation,
            "year": year,
            "rows": rows,
            "new_form": new or AssignmentForm(key="a-new", units=units),
        },
        status=status,
    )


@require_GET
def setup(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Inställningar → Uppdrag: the year's assignments of the organisation's units."""
    found, obj = _setup_year(request, organisation, year)
    return _setup_page(request, found, obj)


@require_POST
def setup_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _setup_year(request, organisation, year)
    pk = whole_number(request.POST.get("id", ""))
    assignment = get_object_or_404(Assignment, year=obj, pk=pk) if pk else None
    form = AssignmentForm(
        request.POST, key=f"a{assignment.pk}" if assignment else "a-new", units=_unit_choices(found)
    )
    if not form.is_valid():
        return _setup_page(request, found, obj, form, status=422)
    data = form.cleaned_data
    try:
        saved = services.assignment_save(
            actor=request.user,
            year=obj,
            assignment=assignment,
            data=services.AssignmentInput(
                unit=Unit.objects.get(pk=data["unit"]),
                **{k: v for k, v in data.items() if k not in ("id", "unit")},
            ),
        )
    except DomainError as error:
        for name, texts in error.errors.items():
            form.add_error(name if name in form.fields else None, texts)
        return _setup_page(request, found, obj, form, status=error_status(error))
    messages.success(request, _("Uppdraget är sparat: %(title)s.") % {"title": saved.title})
    return redirect("assignment_setup:list", found.slug, obj.year)


@require_POST
def setup_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _setup_year(request, organisation, year)
    assignment = get_object_or_404(
        Assignment, year=obj, pk=whole_number(request.POST.get("id", "")) or 0
    )
    try:
        services.assignment_delete(actor=request.user, assignment=assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Uppdraget är borttaget: %(title)s.") % {"title": assignment.title}
        )
    return redirect("assignment_setup:list", found.slug, obj.year)
