"""Inställningar → Kolada: the organisation's administrator names its Kolada id, peer
group and key figures in the portal (not in the Django admin)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kolada.models import KoladaProfile, KpiLink
from scorecards.models import Role, Unit, UnitMembership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

PAGE = "/installningar/region-norrbotten/kolada/"


def client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def test_the_page_shows_the_demo_set_up() -> None:
    page = client("admin").get(PAGE).content.decode()
    assert 'value="0025"' in page
    assert "0021, 0022, 0023, 0024" in page
    assert "N00090 – Sjukfrånvaro bland anställda, totalt (%)" in page


def test_the_peer_group_is_saved_and_a_bad_id_is_refused_at_its_field() -> None:
    admin = client("admin")
    response = admin.post(
        f"{PAGE}jamforelsegrupp/",
        {
            "profile-area_id": "0025",
            "profile-peer_group_name": "Norrland och Dalarna",
            "profile-peer_ids": "0024, 0023 0020",
        },
    )
    assert response.status_code == 302
    profile = KoladaProfile.objects.get(organisation__slug="region-norrbotten")
    assert (profile.peer_group_name, profile.peer_ids) == (
        "Norrland och Dalarna",
        ["0024", "0023", "0020"],
    )
    response = admin.post(
        f"{PAGE}jamforelsegrupp/",
        {"profile-area_id": "25", "profile-peer_group_name": "X", "profile-peer_ids": "0024 abc"},
    )
    assert response.status_code == 422
    assert "Ett Kolada-id för kommun eller region är fyra siffror." in response.content.decode()
    profile.refresh_from_db()
    assert profile.peer_group_name == "Norrland och Dalarna"


def test_a_measure_is_linked_changed_and_unlinked() -> None:
    admin = client("admin")
    data = {"link-measure_key": "sjukfranvaro", "link-kpi": "n00091", "link-kpi_title": "Annan"}
    assert admin.post(f"{PAGE}nyckeltal/", data).status_code == 302
    link = KpiLink.objects.get(organisation__slug="region-norrbotten", measure_key="sjukfranvaro")
    # Upper-cased; no box ticked means "högre är bättre".
    assert (link.kpi, link.kpi_title, link.lower_is_better) == ("N00091", "Annan", False)
    bad = admin.post(f"{PAGE}nyckeltal/", {**data, "link-kpi": "90"})
    assert bad.status_code == 422
    assert "Ett nyckeltal i Kolada skrivs som N00090." in bad.content.decode()
    assert admin.post(f"{PAGE}nyckeltal/ta-bort/", {"id": link.pk}).status_code == 302
    assert not KpiLink.objects.filter(pk=link.pk).exists()


def test_only_the_organisations_administrator() -> None:
    for username in ("controller", "manager", "reader"):
        assert client(username).get(PAGE).status_code == 403
    committee_admin = User.objects.create(username="gn-admin")
    UnitMembership.objects.create(
        user=committee_admin,
        unit=Unit.objects.get(organisation__slug="gemensam-namnd", parent=None),
        role=Role.ADMIN,
    )
    other = Client()
    other.force_login(committee_admin)
    assert other.get(PAGE).status_code == 404
    assert other.get("/installningar/gemensam-namnd/kolada/").status_code == 200
