"""The peer comparison beside a measure: the peer group's median and the own position."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from kolada.models import KoladaProfile, KoladaValue, KpiLink

# The comparison with the median as a symbol (never colour alone) and its word.
SYMBOLS = {"better": "▲", "same": "◆", "worse": "▼"}


def verdict_label(verdict: str | None) -> str:
    """ "▲ Bättre än medianen", or "" without an own value."""
    if verdict is None:
        return ""
    words = {
        "better": _("Bättre än medianen"),
        "same": _("Som medianen"),
        "worse": _("Sämre än medianen"),
    }
    return f"{SYMBOLS[verdict]} {words[verdict]}"


@dataclass(frozen=True)
class PeerComparison:
    """A KPI's values of one year: the own organisation's and its peers'."""

    kpi: str
    kpi_title: str
    year: int
    own: Decimal | None
    median: Decimal
    peers: int  # peers with a value (the own organisation not counted)
    position: int | None  # 1 = best of own + peers, by the KPI's direction
    ranked: int  # own + peers with a value
    lower_is_better: bool
    peer_group: str

    @property
    def verdict(self) -> str | None:
        """better / same / worse than the median, or None without an own value."""
        if self.own is None:
            return None
        if self.own == self.median:
            return "same"
        return "better" if (self.own < self.median) == self.lower_is_better else "worse"


def comparisons(*, organisation_id: int, year: int) -> dict[str, PeerComparison]:
    """Per measure key, the comparison in the latest year up to ``year`` with peer values
    (Kolada publishes a year's figures the year after). Two queries, one without links."""
    # The links with the profile joined: one query, the only one without Kolada set up.
    links = list(
        KpiLink.objects.filter(
            organisation=organisation_id, organisation__kolada__isnull=False
        ).select_related("organisation__kolada")
    )
    if not links:
        return {}
    profile: KoladaProfile = links[0].organisation.kolada
    rows = KoladaValue.objects.filter(
        kpi__in={link.kpi for link in links},
        area_id__in=profile.area_ids,
        year__lte=year,
        gender="T",
        value__isnull=False,
    ).values_list("kpi", "area_id", "year", "value")
    by_kpi_year: dict[tuple[str, int], dict[str, Decimal]] = {}
    for kpi, area, value_year, value in rows:
        if value is None:  # excluded above; for the type checker
            continue
        by_kpi_year.setdefault((kpi, value_year), {})[area] = value
    found = {}
    for link in links:
        years = sorted(
            (y for (kpi, y), values in by_kpi_year.items() if kpi == link.kpi and len(values) > 1),
            reverse=True,
        )
        if not years:
            continue
        values = by_kpi_year[(link.kpi, years[0])]
        comparison = _compare(profile, link, years[0], values)
        if comparison is not None:
            found[link.measure_key] = comparison
    return found


def _compare(
    profile: KoladaProfile, link: KpiLink, year: int, values: dict[str, Decimal]
) -> PeerComparison | None:
    peer_values = [v for area, v in values.items() if area != profile.area_id]
    if not peer_values:
        return None
    own = values.get(profile.area_id)
    position = None
    if own is not None:
        better = [v for v in peer_values if (v < own if link.lower_is_better else v > own)]
        position = len(better) + 1
    return PeerComparison(
        kpi=link.kpi,
        kpi_title=link.kpi_title,
        year=year,
        own=own,
        median=Decimal(statistics.median(peer_values)),
        peers=len(peer_values),
        position=position,
        ranked=len(peer_values) + (own is not None),
        lower_is_better=link.lower_is_better,
        peer_group=profile.peer_group_name,
    )
