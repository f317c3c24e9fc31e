"""Storing Kolada's values (upserted: a second fetch of the same year changes nothing),
and the organisation's Kolada set-up (its id, peer group and key figures per measure)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from kolada.client import Value
from kolada.models import KoladaProfile, KoladaValue, KpiLink
from scorecards.administration import administration_check
from scorecards.errors import SteeringError, validated
from scorecards.models import Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


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


# ------------------------------------------------------------- set-up in the portal
# Inställningar → Kolada: the organisation's administrator names its Kolada id and peer
# group, and which measures (by key) follow which key figure.


def profile_set(
    *,
    actor: AbstractBaseUser | AnonymousUser,
    organisation: Organisation,
    area_id: str,
    peer_group_name: str,
    peer_ids: list[str],
) -> KoladaProfile:
    """The organisation's Kolada id and peer group, made or changed."""
    administration_check(actor, organisation)
    profile = KoladaProfile.objects.filter(organisation=organisation).first() or KoladaProfile(
        organisation=organisation
    )
    profile.area_id = area_id.strip()
    profile.peer_group_name = peer_group_name.strip()
    profile.peer_ids = [p for p in dict.fromkeys(peer_ids) if p != profile.area_id]
    validated(profile)
    for peer in profile.peer_ids:
        if not re.fullmatch(r"[0-9]{4}", peer):
            raise SteeringError(
                _("”%(id)s” är inget Kolada-id: fyra siffror, t.ex. 0024.") % {"id": peer},
                field="peer_ids",
            )
    profile.save()
    return profile


def kpi_link_save(
    *,
    actor: AbstractBaseUser | AnonymousUser,
    organisation: Organisation,
    measure_key: str,
    kpi: str,
    kpi_title: str,
    lower_is_better: bool,
) -> KpiLink:
    """A measure (by its key, for every year) compared with a Kolada key figure."""
    administration_check(actor, organisation)
    link = KpiLink.objects.filter(organisation=organisation, measure_key=measure_key).first()
    link = link or KpiLink(organisation=organisation, measure_key=measure_key)
    link.kpi = kpi.strip().upper()
    link.kpi_title = kpi_title.strip()
    link.lower_is_better = lower_is_better
    validated(link)
    link.save()
    return link


def kpi_link_delete(*, actor: AbstractBaseUser | AnonymousUser, link: KpiLink) -> None:
    administration_check(actor, link.organisation_id)
    link.delete()
