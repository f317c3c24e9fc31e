"""Writes for assignments: the status note (nuläge) and the budget of an assignment per period."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from assignments.models import Assignment, AssignmentBudget, AssignmentNote, BudgetUnit
from scorecards.models import Action, UnitPeriod
from scorecards.services import EntryError, Via, guarded_save

if TYPE_CHECKING:
    from scorecards.services import User


def assignment_note_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    assignment: Assignment,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> AssignmentNote:
    """Set an assignment's status and nuläge for the period; the note is created if missing.

    Earlier periods' notes are separate rows and stay as they were.
    """
    if assignment.unit_id != unit_period.unit_id or (
        assignment.year_id != unit_period.period.year_id
    ):
        raise EntryError(_("Uppdraget hör inte till enheten och periodens år."))

    def find() -> AssignmentNote:
        found = AssignmentNote.objects.filter(
            assignment=assignment, period=unit_period.period
        ).first()
        return found or AssignmentNote(assignment=assignment, period=unit_period.period, version=0)

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.EDIT,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]


def budget_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    assignment: Assignment,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> AssignmentBudget:
    """Set an assignment's budget, outcome to date and estimated remaining for the period.

    ``changes`` names the unit (hours or kr) and the figures; the row of that unit is
    created if missing. Earlier periods' rows stay as they were. The forecast and the
    difference are computed by ``assignments.rules.budget_forecast``, never stored.
    """
    if assignment.unit_id != unit_period.unit_id or (
        assignment.year_id != unit_period.period.year_id
    ):
        raise EntryError(_("Uppdraget hör inte till enheten och periodens år."))
    unit = changes.get("unit")
    if unit not in BudgetUnit.values:
        raise EntryError(_("Ange om budgeten gäller timmar eller kronor."))
    figures = {k: v for k, v in changes.items() if k != "unit"}
    if set(figures) - {"budget", "outcome", "remaining"}:
        raise EntryError(_("Okända fält för uppdragets budget."))

    def find() -> AssignmentBudget:
        found = AssignmentBudget.objects.filter(
            assignment=assignment, period=unit_period.period, unit=unit
        ).first()
        return found or AssignmentBudget(
            assignment=assignment, period=unit_period.period, unit=unit, version=0
        )

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.EDIT,
        instance=find,
        changes=figures,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]
