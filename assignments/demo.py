"""Demo data for assignments: the ``assignments`` of each unit file (with their
nulägen and budgets per period), read by ``loaddemo``."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError

from assignments.models import Assignment, AssignmentBudget, AssignmentNote
from demo.loading import Data, DemoLoader, Loader, number, text
from scorecards.models import Unit


def load_assignments(loader: Loader, unit: Unit, doc: Data) -> None:
    for order, data in enumerate(doc.get("assignments", []), start=1):
        assignment = loader.upsert(
            Assignment,
            {"unit": unit, "year": loader.years[data["year"]], "slug": data["slug"]},
            {
                "title": data["title"],
                "description": text(data, "description"),
                "decision_body": text(data, "decision_body"),
                "decision_date": _date(data, "decision_date"),
                "decision_reference": text(data, "decision_reference"),
                "due_date": _date(data, "due_date"),
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
        for budget in data.get("budgets", []):
            # Forecast and difference are computed (assignments.rules), never written.
            loader.upsert(
                AssignmentBudget,
                {
                    "assignment": assignment,
                    "period": loader.periods[budget["period"]],
                    "unit": budget["unit"],
                },
                {
                    "budget": number(budget, "budget"),
                    "outcome": number(budget, "outcome"),
                    "remaining": number(budget, "remaining"),
                },
            )


def _date(data: Data, key: str) -> datetime.date | None:
    """A TOML date (2023-03-15), None when absent."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, datetime.date):
        raise CommandError(f"{key} = {value!r}: skriv datumet som ÅÅÅÅ-MM-DD.")
    return value


ASSIGNMENTS_DEMO = DemoLoader(name="assignments", unit=load_assignments)
