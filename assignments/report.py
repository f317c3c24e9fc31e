"""The report's assignment section (Återrapportering av uppdrag): each with its nuläge."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from assignments.models import Assignment, AssignmentNote
from reports.sections import ReportSection, SectionContext


@dataclass(frozen=True)
class AssignmentReport:
    assignment: Assignment
    note: AssignmentNote | None


def build(context: SectionContext) -> list[AssignmentReport]:
    unit, period = context.unit_period.unit, context.period
    notes = {
        n.assignment_id: n
        for n in AssignmentNote.objects.filter(assignment__unit=unit, period=period)
    }
    return [
        AssignmentReport(a, notes.get(a.pk))
        for a in Assignment.objects.filter(unit=unit, year=period.year_id).order_by("order", "pk")
    ]


ASSIGNMENT_SECTION = ReportSection(
    key="assignments",
    title=gettext_lazy("Återrapportering av uppdrag"),
    position=70,
    build=build,
    template="assignments/report_section.html",
    has_content=bool,
)
