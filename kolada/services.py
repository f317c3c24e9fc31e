"""Storing Kolada's values (upserted: a second fetch of the same year changes nothing)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from kolada.client import Value
from kolada.models import KoladaProfile, KoladaValue, KpiLink


@dataclass(frozen=True)
class Wanted:
    """What to fetch: the linked KPIs and the areas of the organisations' peer groups."""

    kpis: set[str]
    area_ids: set[str]


def wanted(*, organisation_slug: str | None = None) -> Wanted:
    profiles = KoladaProfile.objects.all()
    links = KpiLink.objects.all()
    if organisation_slug:
        profiles = profiles.filter(organisation__slug=organisation_slug)
        links = links.filter(organisation__slug=organisation_slug)
    areas = {area for profile in profiles for area in profile.area_ids}
    return Wanted(kpis=set(links.values_list("kpi", flat=True)), area_ids=areas)


@transaction.atomic
def values_store(*, values: Iterable[Value], only: Wanted | None = None) -> tuple[int, int]:
    """Upsert the values (only those asked for, when ``only``); (created, changed)."""
    created = changed = 0
    for v in values:
        if only is not None and (v.kpi not in only.kpis or v.area_id not in only.area_ids):
            continue
        row, was_created = KoladaValue.objects.get_or_create(
            kpi=v.kpi, area_id=v.area_id, year=v.year, gender=v.gender, defaults={"value": v.value}
        )
        if was_created:
            created += 1
        elif row.value != v.value:
            row.value = v.value
            row.save(update_fields=["value", "fetched_at"])
            changed += 1
    return created, changed
