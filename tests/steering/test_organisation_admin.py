"""The organisation's administrator (Role.ADMIN on its top unit): sets the organisation up
in Inställningar without being a superuser, and no other organisation (issue 15)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from scorecards.administration import administers
from scorecards.models import Organisation, Period, Role, Unit, UnitMembership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

COMMITTEE = "gemensam-namnd"


def committee_admin() -> Client:
    user, _new = get_user_model().objects.get_or_create(username="namnd_admin_test")
    top = Unit.objects.get(organisation__slug=COMMITTEE, parent=None)
    UnitMembership.objects.get_or_create(user=user, unit=top, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    return client


def test_the_administrator_sets_up_their_own_organisation() -> None:
    client = committee_admin()
    assert client.get(f"/installningar/{COMMITTEE}/").status_code == 200
    for page in ("anvandare/", "rapportmallar/", "benamningar/", "2023/", "2023/perioder/"):
        assert client.get(f"/installningar/{COMMITTEE}/{page}").status_code == 200, page
    response = client.post(f"/installningar/{COMMITTEE}/2023/perioder/ny/", {"end_month": "9"})
    assert response.status_code == 302
    assert Period.objects.filter(year__organisation__slug=COMMITTEE, key="2023-M09").exists()
    # The menu shows Inställningar, and the set-up index lists this organisation only.
    index = client.get("/installningar/").content.decode()
    assert "Gemensam nämnd" in index and "Region Norrbotten" not in index


def test_another_organisation_is_not_found_and_nothing_changes() -> None:
    client = committee_admin()
    assert client.get("/installningar/region-norrbotten/").status_code == 404
    assert client.get("/installningar/region-norrbotten/2021/perioder/").status_code == 404
    response = client.post("/installningar/region-norrbotten/2021/perioder/ny/", {"end_month": "9"})
    assert response.status_code == 404
    assert not Period.objects.filter(year__organisation__slug="region-norrbotten", key="2021-M09")
    # Creating organisations stays with the platform's administrators.
    assert (
        client.post("/installningar/ny-organisation/", {"name": "X", "slug": "x"}).status_code
        == 403
    )
    assert not Organisation.objects.filter(slug="x").exists()


def test_the_rule_itself() -> None:
    user = get_user_model().objects.create(username="only-admin")
    committee = Organisation.objects.get(slug=COMMITTEE)
    region = Organisation.objects.get(slug="region-norrbotten")
    assert not administers(user, committee)
    UnitMembership.objects.create(
        user=user, unit=Unit.objects.get(organisation=committee, parent=None), role=Role.ADMIN
    )
    user = get_user_model().objects.get(pk=user.pk)  # roles are cached per request/user
    assert administers(user, committee) and administers(user, committee.pk)
    assert not administers(user, region)
    user.is_active = False
    assert not administers(user, committee)


def test_administrator_is_given_on_the_top_unit_only() -> None:
    superuser = Client()
    superuser.force_login(get_user_model().objects.get(username="admin"))
    get_user_model().objects.create(username="someone", email="someone@example.se")
    division = Unit.objects.get(slug="lansteknik")
    response = superuser.post(
        "/installningar/region-norrbotten/behorighet/",
        {"unit": division.pk, "username": "someone", "role": "admin"},
    )
    assert response.status_code == 422
    assert "översta enheten" in response.content.decode()
    assert not UnitMembership.objects.filter(user__username="someone").exists()


def test_a_manager_is_still_refused_the_administrators_pages() -> None:
    manager = Client()
    manager.force_login(get_user_model().objects.get(username="manager"))
    assert manager.get("/installningar/region-norrbotten/2021/perioder/").status_code == 403


def test_a_new_organisation_gets_its_kind_and_a_joint_committee_reports_itself() -> None:
    superuser = Client()
    superuser.force_login(get_user_model().objects.get(username="admin"))
    response = superuser.post(
        "/installningar/ny-organisation/",
        {"name": "Gemensam nämnd Syd", "slug": "gn-syd", "kind": "joint_committee"},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="gn-syd")
    assert organisation.kind == "joint_committee"
    assert Unit.objects.get(organisation=organisation, parent=None).reports
    # Without a kind (an older form): a region, whose top unit reads its units' reports.
    superuser.post("/installningar/ny-organisation/", {"name": "Region Syd", "slug": "r-syd"})
    assert Organisation.objects.get(slug="r-syd").kind == "region"
    assert not Unit.objects.get(slug="r-syd").reports
