"""Demo data for reports: the ``narratives`` (Markdown texts per period, some per
perspective) of each unit file, read by ``loaddemo``."""

from __future__ import annotations

from demo.loading import Data, DemoLoader, Loader, text
from reports.models import NarrativeSection
from scorecards.models import Unit


def load_narratives(loader: Loader, unit: Unit, doc: Data) -> None:
    for data in doc.get("narratives", []):
        period = loader.periods[data["period"]]
        perspective = (
            loader.perspectives[(period.year.year, data["perspective"])]
            if data.get("perspective")
            else None
        )
        loader.upsert(
            NarrativeSection,
            {"unit": unit, "period": period, "kind": data["kind"], "perspective": perspective},
            {"body": text(data, "body")},
        )


NARRATIVES_DEMO = DemoLoader(name="reports", unit=load_narratives)
