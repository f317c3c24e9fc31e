"""Kolada's layer of the measure chart: the peer group's lowest, median and highest value
of each year, beside the measure's full-year outcomes (Kolada's figures are annual)."""

from __future__ import annotations

import statistics

from django.utils.translation import gettext as _

from kolada.models import KoladaProfile, KoladaValue, KpiLink
from scorecards.charts import ReferenceRange
from scorecards.models import Measure, Period
from scorecards.selectors import HistoryPoint


def peer_ranges(
    measure: Measure, points: list[HistoryPoint], organisation_id: int
) -> list[ReferenceRange]:
    """One range per full-year point whose year Kolada has peer values for; two queries
    (one where the measure follows no key figure)."""
    link = (
        KpiLink.objects.filter(
            organisation=organisation_id,
            measure_key=measure.key,
            organisation__kolada__isnull=False,
        )
        .select_related("organisation__kolada")
        .first()
    )
    if link is None:
        return []
    profile: KoladaProfile = link.organisation.kolada
    peers = [area for area in profile.area_ids if area != profile.area_id]
    years = {
        p.period.year.year: p.period.label for p in points if p.period.kind == Period.Kind.YEAR
    }
    values: dict[int, list[float]] = {}
    for year, value in KoladaValue.objects.filter(
        kpi=link.kpi, area_id__in=peers, year__in=list(years), gender="T", value__isnull=False
    ).values_list("year", "value"):
        if value is not None:  # excluded above; for the type checker
            values.setdefault(year, []).append(float(value))
    by_label = {
        years[year]: (min(found), float(statistics.median(found)), max(found))
        for year, found in values.items()
        if found
    }
    if not by_label:
        return []
    return [
        ReferenceRange(
            name=_("Kolada: %(group)s (median, lägst–högst)") % {"group": profile.peer_group_name},
            by_label=by_label,
        )
    ]
