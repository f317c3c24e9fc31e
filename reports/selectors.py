"""Reads for the report pages: the texts to enter (the change history is in reports.history).

Each returns what a page needs in a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.models import NarrativeSection, SectionKind
from scorecards.models import Perspective, PerspectiveAssessment, UnitPeriod

# ------------------------------------------------------------------------- text entry


@dataclass(frozen=True)
class TextSlot:
    """A place for a narrative text in the report: a kind, once per perspective for analyses."""

    kind: str
    label: str
    perspective: Perspective | None
    section: NarrativeSection | None
    # The perspective's overall assessment (perspective analyses only).
    assessment: PerspectiveAssessment | None = None

    @property
    def key(self) -> str:
        """A stable name for the slot in the page and the URL ("summary", "perspective-ekonomi")."""
        if self.perspective is None:
            return self.kind
        return f"{self.kind}-{self.perspective.slug}"


def text_slots(*, unit_period: UnitPeriod) -> list[TextSlot]:
    """Every narrative of the period in the report's order, with its stored text if any.

    The perspective analysis appears once per perspective of the year, with the
    perspective's assessment. Three queries: perspectives, texts, assessments.
    """
    unit, period = unit_period.unit, unit_period.period
    perspectives = list(Perspective.objects.filter(year=period.year_id).order_by("order", "pk"))
    sections = {
        (s.kind, s.perspective_id): s
        for s in NarrativeSection.objects.filter(unit=unit, period=period)
    }
    assessments = {
        a.perspective_id: a for a in PerspectiveAssessment.objects.filter(unit=unit, period=period)
    }
    slots: list[TextSlot] = []
    for kind in SectionKind:
        if kind == SectionKind.PERSPECTIVE:
            slots.extend(
                TextSlot(
                    kind,
                    str(kind.label),
                    p,
                    sections.get((kind.value, p.pk)),
                    assessments.get(p.pk),
                )
                for p in perspectives
            )
        else:
            slots.append(TextSlot(kind, str(kind.label), None, sections.get((kind.value, None))))
    return slots
