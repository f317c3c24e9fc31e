"""Writes for assignments: the status note (nuläge) and the budget of an assignment per period."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from assignments.models import Assignment, AssignmentBudget, AssignmentNote, BudgetUnit
from scorecards.administration import administration_check
from scorecards.errors import NotAllowed, SteeringError, validated
from scorecards.models import Action, Unit, UnitPeriod, Year
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


# ------------------------------------------------------------------- set-up of a year
# Inställningar → Uppdrag: the organisation's administrators give units their
# assignments (särskilda uppdrag) with the decision behind them; controllers then report
# nuläge and budget per period on the entry page.


@dataclass(frozen=True)
class AssignmentInput:
    unit: Unit
    title: str
    slug: str
    description: str = ""
    decision_body: str = ""
    decision_date: date | None = None
    decision_reference: str = ""
    due_date: date | None = None
    owner_title: str = ""


@transaction.atomic
def assignment_save(
    *, actor: User, year: Year, assignment: Assignment | None, data: AssignmentInput
) -> Assignment:
    """Add an assignment to a unit's year (``assignment`` None) or change one."""
    administration_check(actor, year.organisation_id)
    if data.unit.organisation_id != year.organisation_id:
        raise SteeringError(_("Enheten hör till en annan organisation."), field="unit")
    if assignment is None:
        order = Assignment.objects.filter(unit=data.unit, year=year).count() + 1
        assignment = Assignment(year=year, order=order)
    elif assignment.year_id != year.pk:
        raise NotAllowed(_("Uppdraget hör till ett annat år."))
    if assignment.pk and assignment.unit_id != data.unit.pk and _reported(assignment):
        raise SteeringError(
            _("Uppdraget har redan nulägen eller budget och kan inte flyttas till en annan enhet."),
            field="unit",
        )
    # Not dataclasses.asdict: it would deep-copy the unit.
    for name in (f.name for f in fields(data)):
        value = getattr(data, name)
        setattr(assignment, name, value.strip() if isinstance(value, str) else value)
    validated(assignment)
    assignment.save()
    return assignment


def _reported(assignment: Assignment) -> bool:
    return assignment.notes.exists() or assignment.budgets.exists()


@transaction.atomic
def assignment_delete(*, actor: User, assignment: Assignment) -> None:
    """Remove an assignment nobody has reported on; one with nulägen or budget stays."""
    administration_check(actor, assignment.year.organisation_id)
    if _reported(assignment):
        raise SteeringError(
            _("Uppdraget har nulägen eller budget och kan inte tas bort. Sätt status Avslutat.")
        )
    assignment.delete()
