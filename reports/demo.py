"""Demo data for reports, read by ``loaddemo``: the ``report_templates`` of each
organisation file (an organisation's own report: its sections, title and cover) and the
``narratives`` (Markdown texts per period, some per perspective) of each unit file."""

from __future__ import annotations

from typing import Any

from demo.loading import Data, DemoLoader, Loader, text
from reports.models import NarrativeSection, ReportTemplate, default_cover_fields
from scorecards.models import Unit


def load_report_templates(loader: Loader, doc: Data) -> None:
    """A template per kind (and end month): what a report of that kind prints, in order.

    ``ReportTemplate.clean`` refuses a section key no app contributes, so a template may
    only name sections that exist.
    """
    for data in doc.get("report_templates", []):
        loader.upsert(
            ReportTemplate,
            {
                "organisation": loader.organisation,
                "kind": data["kind"],
                "end_month": data.get("end_month"),
            },
            {
                "name": text(data, "name"),
                "title_pattern": text(data, "title_pattern"),
                "sections": [_section(entry) for entry in data["sections"]],
                "cover_fields": data.get("cover_fields", default_cover_fields()),
                "amount_scale": data.get("amount_scale", ""),
                "amount_decimals": data.get("amount_decimals"),
            },
        )


def _section(entry: str | Data) -> str | dict[str, Any]:
    """A bare key (the section's own heading and options) or a table with key, heading,
    mandatory and options, as ReportTemplate.sections stores them."""
    if isinstance(entry, str):
        return entry
    return {
        "key": entry["key"],
        "heading": text(entry, "heading"),
        "mandatory": bool(entry.get("mandatory", False)),
        "options": {str(k): bool(v) for k, v in entry.get("options", {}).items()},
    }


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


NARRATIVES_DEMO = DemoLoader(
    name="reports", organisation=load_report_templates, unit=load_narratives
)
