"""Entry of the assignments' status and nuläge per period (Återrapportering av uppdrag).

Same pattern as the measure entry: an htmx row POST returns the row (200 saved, 409
conflict, 422 invalid or refused); without htmx a save redirects back to the row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assignments import services
from assignments.forms import AssignmentNoteForm
from assignments.models import Assignment, AssignmentNote
from scorecards.models import UnitPeriod
from scorecards.services import EntryError, StaleVersion, Via
from scorecards.views import EntryAccess, entry_access


@dataclass
class AssignmentRow:
    assignment: Assignment
    note: AssignmentNote | None  # this period's note
    earlier: list[AssignmentNote]  # earlier periods' notes of the year, oldest first
    form: AssignmentNoteForm
    conflict: StaleVersion | None = None
    error: str = ""
    saved: bool = False

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

    Two queries whatever the number of assignments and notes. ``only`` limits the
    rows to one assignment (a row save).
    """
    period = unit_period.period
    assignments = Assignment.objects.filter(unit=unit_period.unit, year=period.year_id)
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
