"""The Texter sheet of the Excel workbook: the report's narrative sections in Markdown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reports.models import NarrativeSection, SectionKind
from reports.services import narrative_set
from scorecards.models import Perspective, UnitPeriod
from spreadsheets.sheets import VERSION, Column, Sheet, SheetRow

if TYPE_CHECKING:
    from spreadsheets.sheets import User


def _narrative_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """Every narrative section, the perspective analysis once per perspective: two queries."""
    unit, period = unit_period.unit, unit_period.period
    stored = {
        (n.kind, n.perspective_id): n
        for n in NarrativeSection.objects.filter(unit=unit.pk, period=period.pk)
    }
    perspectives = list(Perspective.objects.filter(year=period.year_id).order_by("order", "pk"))
    rows = []
    for kind in SectionKind:
        for perspective in perspectives if kind == SectionKind.PERSPECTIVE else [None]:
            key = (kind.value, perspective.pk if perspective else None)
            title = f"{kind.label} – {perspective.name}" if perspective else str(kind.label)
            rows.append(
                SheetRow(
                    ident=(kind.value, perspective.slug if perspective else ""),
                    stored=stored.get(key)
                    or NarrativeSection(
                        unit=unit, period=period, kind=kind, perspective=perspective, version=0
                    ),
                    target=(kind.value, perspective),
                    info={"title": title},
                )
            )
    return rows


def _narrative_write(
    *,
    actor: User,
    unit_period: UnitPeriod,
    target: Any,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str,
) -> object:
    kind, perspective = target
    return narrative_set(
        actor=actor,
        unit_period=unit_period,
        kind=kind,
        perspective=perspective,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )


NARRATIVES = Sheet(
    title="Texter",
    columns=(
        Column("Avsnitt", "code", "kind", width=14),
        Column("Perspektiv", "code", "perspective", width=14),
        Column("Rubrik", "info", "title", width=30, wrap=True),
        Column("Text (Markdown)", "text", "body", width=90, wrap=True),
        VERSION,
    ),
    rows=_narrative_rows,
    write=_narrative_write,
)
