"""Demo data for assignments: the ``assignments`` of each unit file (with their
nulägen per period), read by ``loaddemo``."""

from __future__ import annotations

from assignments.models import Assignment, AssignmentNote
from demo.loading import Data, DemoLoader, Loader, text
from scorecards.models import Unit


def load_assignments(loader: Loader, unit: Unit, doc: Data) -> None:
    for order, data in enumerate(doc.get("assignments", []), start=1):
        assignment = loader.upsert(
            Assignment,
            {"unit": unit, "year": loader.years[data["year"]], "slug": data["slug"]},
            {
                "title": data["title"],
                "description": text(data, "description"),
                "decision_reference": text(data, "decision_reference"),
                "owner_title": text(data, "owner_title"),
                "order": order,
            },
        )
        for note in data.get("notes", []):
            loader.upsert(
                AssignmentNote,
                {"assignment": assignment, "period": loader.periods[note["period"]]},
                {"status": note["status"], "text": text(note, "text")},
            )


ASSIGNMENTS_DEMO = DemoLoader(name="assignments", unit=load_assignments)
