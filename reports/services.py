"""Writes for the report's narrative texts (Sammanfattning, analys per perspektiv, …)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from reports.models import NarrativeSection, SectionKind
from scorecards.models import Action, Perspective, UnitPeriod
from scorecards.services import EntryError, Via, guarded_save

if TYPE_CHECKING:
    from scorecards.services import User


def narrative_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    kind: str,
    perspective: Perspective | None,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> NarrativeSection:
    """Set a narrative text of the unit's report for the period; created if missing.

    Controllers and managers both write texts (the analyse right); readers do not.
    The perspective analysis names its perspective, every other kind names none.
    """
    if kind not in SectionKind.values:
        raise EntryError(_("Okänt avsnitt."))
    if (kind == SectionKind.PERSPECTIVE) != (perspective is not None):
        raise EntryError(_("Analys per perspektiv, och bara den, anger ett perspektiv."))
    if perspective is not None and perspective.year_id != unit_period.period.year_id:
        raise EntryError(_("Perspektivet hör inte till periodens år."))

    def find() -> NarrativeSection:
        found = NarrativeSection.objects.filter(
            unit=unit_period.unit, period=unit_period.period, kind=kind, perspective=perspective
        ).first()
        return found or NarrativeSection(
            unit=unit_period.unit,
            period=unit_period.period,
            kind=kind,
            perspective=perspective,
            version=0,
        )

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.ANALYSE,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]
