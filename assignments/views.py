"""Entry of the assignments' status and nuläge per period (Återrapportering av uppdrag).

Same pattern as the measure entry: an htmx row POST returns the row (200 saved, 409
conflict, 422 invalid or refused); without htmx a save redirects back to the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.db.models import FilteredRelation, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assignments import rules, selectors, services
from assignments.forms import AssignmentNoteForm, BudgetForm
from assignments.models import (
    Assignment,
    AssignmentBudget,
    AssignmentNote,
    AssignmentStatus,
    BudgetUnit,
)
from scorecards.models import UnitPeriod
from scorecards.services import EntryError, StaleVersion, Via
from scorecards.views import EntryAccess, entry_access


@dataclass
class BudgetRow:
    """An assignment's budget in one unit (hours or kr) for the period, with its form."""

    assignment: Assignment
    unit: str
    budget: AssignmentBudget | None  # this period's row
    form: BudgetForm
    conflict: StaleVersion | None = None
    error: str = ""
    saved: bool = False

    @property
    def anchor(self) -> str:
        return f"u{self.assignment.pk}-{self.unit}"

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


def _budget_form(
    assignment: Assignment, unit: str, budget: AssignmentBudget | None, data: object = None
) -> BudgetForm:
    return BudgetForm(
        data,
        initial=BudgetForm.initial_for(unit, budget),
        prefix_id=f"u{assignment.pk}_{unit}",
    )


def _budget_row(assignment: Assignment, unit: str, budget: AssignmentBudget | None) -> BudgetRow:
    return BudgetRow(assignment, unit, budget, _budget_form(assignment, unit, budget))


@dataclass
class AssignmentRow:
    assignment: Assignment
    note: AssignmentNote | None  # this period's note
    earlier: list[AssignmentNote]  # earlier periods' notes of the year, oldest first
    form: AssignmentNoteForm
    conflict: StaleVersion | None = None
    error: str = ""
    saved: bool = False
    budgets: list[BudgetRow] = field(default_factory=list)  # hours, kr

    @property
    def anchor(self) -> str:
        return f"u{self.assignment.pk}"


def _form(
    assignment: Assignment,
    note: AssignmentNote | None,
    earlier: list[AssignmentNote],
    data: object = None,
) -> AssignmentNoteForm:
    """This period's note; a period without one starts from the latest earlier status."""
    return AssignmentNoteForm(
        data,
        initial=AssignmentNoteForm.initial_for(note, earlier[-1] if earlier else None),
        prefix_id=f"u{assignment.pk}",
    )


def assignment_rows(unit_period: UnitPeriod, only: int | None = None) -> list[AssignmentRow]:
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
    return [
        AssignmentRow(
            a,
            current.get(a.pk),
            earlier[a.pk],
            _form(a, current.get(a.pk), earlier[a.pk]),
            budgets=[
                _budget_row(a, unit, getattr(a, f"budget_{unit}", None))
                for unit in BudgetUnit.values
            ],
        )
        for a in listed
    ]


def _page(
    request: HttpRequest, access: EntryAccess, rows: list[AssignmentRow], status: int = 200
) -> HttpResponse:
    return render(
        request,
        "assignments/entry.html",
        {"up": access.unit_period, "access": access, "rows": rows},
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Every assignment of the year: what was asked, and this period's status and nuläge."""
    access = entry_access(request, unit, period)
    return _page(request, access, assignment_rows(access.unit_period))


def _render_row(
    request: HttpRequest, access: EntryAccess, row: AssignmentRow, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "assignments/entry.html#assignment-row",
        {"up": access.unit_period, "access": access, "item": row},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def entry_note(request: HttpRequest, unit: str, period: str, assignment_id: int) -> HttpResponse:
    """Save one assignment's status and nuläge (htmx: the row; plain form: back to the page).

    GET re-renders the row as stored (used by "keep their value" after a conflict).
    """
    access = entry_access(request, unit, period)
    up = access.unit_period
    assignment = get_object_or_404(
        Assignment.objects.filter(unit=up.unit, year=up.period.year_id), pk=assignment_id
    )
    (stored,) = assignment_rows(up, only=assignment.pk)
    if request.method == "GET":
        return _render_row(request, access, stored)

    row = AssignmentRow(
        assignment,
        stored.note,
        stored.earlier,
        _form(assignment, stored.note, stored.earlier, request.POST),
        budgets=stored.budgets,
    )
    status = 200
    if row.form.is_valid():
        try:
            services.assignment_note_set(
                actor=request.user,
                unit_period=up,
                assignment=assignment,
                changes=row.form.changes(),
                expected_version=row.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            row.conflict, status = conflict, 409
        except EntryError as error:
            row.error, status = error.message, 422
        else:
            (row,) = assignment_rows(up, only=assignment.pk)
            row.saved = True
    else:
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return _render_row(request, access, row, status)
    if status == 200:
        messages.success(request, _("Sparat: %(name)s.") % {"name": assignment.title})
        return redirect(f"{reverse('assignments:entry', args=[unit, period])}#{row.anchor}")
    # Without JavaScript the whole page comes back, this row with its errors.
    rows = [row if r.assignment.pk == assignment.pk else r for r in assignment_rows(up)]
    return _page(request, access, rows, status)


def _render_budget(
    request: HttpRequest, access: EntryAccess, row: BudgetRow, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "assignments/entry.html#budget-row",
        {"up": access.unit_period, "access": access, "b": row},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def entry_budget(request: HttpRequest, unit: str, period: str, assignment_id: int) -> HttpResponse:
    """Save an assignment's budget in hours or kr (htmx: the budget row; plain: the page).

    GET re-renders the stored row of ``?enhet=hours|kr`` ("keep their value").
    """
    access = entry_access(request, unit, period)
    up = access.unit_period
    assignment = get_object_or_404(
        Assignment.objects.filter(unit=up.unit, year=up.period.year_id), pk=assignment_id
    )
    (stored,) = assignment_rows(up, only=assignment.pk)
    by_unit = {b.unit: b for b in stored.budgets}
    source = request.POST if request.method == "POST" else request.GET
    budget_unit = source.get("unit") or source.get("enhet") or BudgetUnit.HOURS
    if budget_unit not in by_unit:
        budget_unit = BudgetUnit.HOURS
    if request.method == "GET":
        return _render_budget(request, access, by_unit[budget_unit])

    current = by_unit[budget_unit]
    row = BudgetRow(
        assignment,
        budget_unit,
        current.budget,
        _budget_form(assignment, budget_unit, current.budget, request.POST),
    )
    status = 200
    if row.form.is_valid():
        try:
            services.budget_set(
                actor=request.user,
                unit_period=up,
                assignment=assignment,
                changes=row.form.changes(),
                expected_version=row.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            row.conflict, status = conflict, 409
        except EntryError as error:
            row.error, status = error.message, 422
        else:
            (fresh,) = assignment_rows(up, only=assignment.pk)
            row = next(b for b in fresh.budgets if b.unit == budget_unit)
            row.saved = True
    else:
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return _render_budget(request, access, row, status)
    if status == 200:
        messages.success(request, _("Sparat: budget för %(name)s.") % {"name": assignment.title})
        return redirect(f"{reverse('assignments:entry', args=[unit, period])}#{row.anchor}")
    rows = assignment_rows(up)
    for r in rows:
        if r.assignment.pk == assignment.pk:
            r.budgets = [row if b.unit == budget_unit else b for b in r.budgets]
    return _page(request, access, rows, status)


@require_GET
def year_page(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """The unit's assignments of a year: decision, status, late ones, nuläge history, budget.

    ``period`` is the year ("2019") or any period key of it ("2019-T1").
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
        year_key=period,
        filters=filters,
        today=timezone.localdate(),
    )
    return render(
        request,
        "assignments/year.html",
        {"page": page, "statuses": AssignmentStatus.choices},
    )
