"""Assignments' part of Nytt verksamhetsår: the assignments still open are carried into
the new year, each linked to last year's by ``carried_from`` (whose nulägen stay
reachable); finished ones stay behind. Nulägen and budgets are never copied.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from assignments.models import Assignment, AssignmentNote, AssignmentStatus
from rollover.steps import CopyTarget, Occupied, RolloverStep, SourceYear
from scorecards.models import Year

# An assignment whose latest nuläge says one of these is finished and stays behind.
FINISHED_STATUSES = frozenset({AssignmentStatus.DONE, AssignmentStatus.CLOSED})


def _line(assignment: Assignment, status: str) -> str:
    return f"{assignment.unit.name}: {assignment.title} ({AssignmentStatus(status).label})"


@dataclass(frozen=True)
class OpenAssignments:
    """The source year's assignments with their status, open and finished apart."""

    open: list[tuple[Assignment, str]]
    finished: list[tuple[Assignment, str]]

    @classmethod
    def read(cls, source: SourceYear) -> OpenAssignments:
        assignments = list(
            Assignment.objects.filter(year=source.year, unit__organisation=source.organisation)
            .select_related("unit")
            .order_by("unit__path", "order", "pk")
        )
        # The status is the latest nuläge's (an assignment without one is not started).
        status = dict.fromkeys((a.pk for a in assignments), str(AssignmentStatus.NOT_STARTED))
        notes = AssignmentNote.objects.filter(assignment__in=assignments).order_by(
            "period__end_month", "period__pk"
        )
        for assignment_id, note_status in notes.values_list("assignment_id", "status"):
            status[assignment_id] = note_status
        read = cls(open=[], finished=[])
        for a in assignments:
            target = read.finished if status[a.pk] in FINISHED_STATUSES else read.open
            target.append((a, status[a.pk]))
        return read

    def lines(self) -> dict[str, list[str]]:
        return {
            "assignments": [_line(a, status) for a, status in self.open],
            "finished_assignments": [_line(a, status) for a, status in self.finished],
        }

    def copy(self, target: CopyTarget) -> None:
        target.create(
            Assignment,
            [a for a, _status in self.open],
            lambda a: Assignment(
                unit=a.unit,
                year=target.year,
                slug=a.slug,
                title=a.title,
                description=a.description,
                decision_body=a.decision_body,
                decision_date=a.decision_date,
                decision_reference=a.decision_reference,
                due_date=a.due_date,
                owner_title=a.owner_title,
                order=a.order,
                carried_from=a,
            ),
        )


def _occupied(year: Year) -> Occupied:
    return [(_("uppdrag"), Assignment.objects.filter(year=year))]


OPEN_ASSIGNMENTS = RolloverStep(
    key="assignments",
    sections=(("assignments", _lazy("Uppdrag som pågår (länkas till förra årets)")),),
    left_behind=(("finished_assignments", _lazy("Avslutade och klara uppdrag (kopieras inte)")),),
    read=OpenAssignments.read,
    occupied=_occupied,
)
