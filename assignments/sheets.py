"""The Uppdrag and Uppdragsbudget sheets of the Excel workbook."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from assignments.models import (
    Assignment,
    AssignmentBudget,
    AssignmentNote,
    AssignmentStatus,
    BudgetUnit,
)
from assignments.selectors import budget_decimals
from assignments.services import assignment_note_set, budget_set
from scorecards.models import UnitPeriod
from spreadsheets.sheets import VERSION, WHOLE, Column, Sheet, SheetRow, number_format

if TYPE_CHECKING:
    from spreadsheets.sheets import User


def _assignment_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The unit's assignments of the year with their note for the period: two queries.

    A period without a note starts from the latest earlier status of the year, as the
    entry page does, so a file that only fills in the nuläge keeps that status.
    """
    period = unit_period.period
    assignments = list(
        Assignment.objects.filter(unit=unit_period.unit_id, year=period.year_id).order_by(
            "order", "pk"
        )
    )
    current: dict[int, AssignmentNote] = {}
    latest: dict[int, str] = {}
    for note in AssignmentNote.objects.filter(
        assignment__in=assignments,
        period__year=period.year_id,
        period__end_month__lte=period.end_month,
    ).order_by("period__end_month", "period__pk"):
        if note.period_id == period.pk:
            current[note.assignment_id] = note
        else:
            latest[note.assignment_id] = note.status
    rows = []
    for a in assignments:
        start = latest.get(a.pk, AssignmentStatus.NOT_STARTED)
        rows.append(
            SheetRow(
                ident=(a.pk, a.slug),
                stored=current.get(a.pk)
                or AssignmentNote(assignment=a, period=period, status=start, version=0),
                target=(a, start),
                info={"title": a.title, "owner": a.owner_title},
            )
        )
    return rows


def _assignment_write(
    *,
    actor: User,
    unit_period: UnitPeriod,
    target: Any,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str,
) -> object:
    assignment, start = target
    if not expected_version and "status" not in changes:
        # A new note: the status the file showed (the earlier period's), not the default.
        changes = {"status": start, **changes}
    return assignment_note_set(
        actor=actor,
        unit_period=unit_period,
        assignment=assignment,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )


ASSIGNMENTS = Sheet(
    title="Uppdrag",
    columns=(
        Column("Id", "id", "assignment", width=8),
        Column("Kortnamn", "code", "slug", width=16),
        Column("Uppdrag", "info", "title", width=40, wrap=True),
        Column("Ansvarig", "info", "owner", width=18),
        Column("Status", "choice", "status", choices=AssignmentStatus, width=22),
        Column("Nuläge", "text", "text", width=60, wrap=True),
        VERSION,
    ),
    rows=_assignment_rows,
    write=_assignment_write,
)


# ---------------------------------------------------------------------- Uppdragsbudget


# The budget's unit as the file names it: fixed Swedish words, not the translated
# labels, since it identifies the row (a file must import under any language).
_BUDGET_UNITS = {BudgetUnit.HOURS.value: "timmar", BudgetUnit.KRONOR.value: "kr"}


def _assignment_budget_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """Each assignment of the year twice, in hours and in kr, with the period's budget
    row of that unit: two queries."""
    period = unit_period.period
    assignments = list(
        Assignment.objects.filter(unit=unit_period.unit_id, year=period.year_id).order_by(
            "order", "pk"
        )
    )
    stored = {
        (b.assignment_id, b.unit): b
        for b in AssignmentBudget.objects.filter(assignment__in=assignments, period=period.pk)
    }
    return [
        SheetRow(
            ident=(a.pk, a.slug, _BUDGET_UNITS[unit]),
            stored=stored.get((a.pk, unit))
            or AssignmentBudget(assignment=a, period=period, unit=unit, version=0),
            target=(a, unit),
            info={"title": a.title},
            formats=dict.fromkeys(
                ("budget", "outcome", "remaining"), number_format(budget_decimals(unit))
            ),
        )
        for a in assignments
        for unit in BudgetUnit.values
    ]


def _assignment_budget_write(
    *,
    actor: User,
    unit_period: UnitPeriod,
    target: Any,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str,
) -> object:
    assignment, unit = target
    return budget_set(
        actor=actor,
        unit_period=unit_period,
        assignment=assignment,
        changes={"unit": unit, **changes},
        expected_version=expected_version,
        via=via,
    )


ASSIGNMENT_BUDGETS = Sheet(
    title="Uppdragsbudget",
    columns=(
        Column("Id", "id", "assignment", width=8),
        Column("Kortnamn", "code", "slug", width=16),
        Column("Enhet", "code", "unit", width=9),
        Column("Uppdrag", "info", "title", width=40, wrap=True),
        Column("Budget", "number", "budget", WHOLE, width=14),
        Column("Utfall hittills", "number", "outcome", WHOLE, width=14),
        Column("Beräknat återstående", "number", "remaining", WHOLE, width=16),
        VERSION,
    ),
    rows=_assignment_budget_rows,
    write=_assignment_budget_write,
)
