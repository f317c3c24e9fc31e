"""Inställningar → Uppdrag: the year's assignments made in the portal, not the admin."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assignments.models import Assignment
from scorecards.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

PAGE = "/installningar/gemensam-namnd/2023/uppdrag/"


def admin() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def committee() -> Unit:
    return Unit.objects.get(slug="gemensam-namnd")


def form(**values: object) -> dict[str, object]:
    return {
        "unit": committee().pk,
        "title": "Utreda gemensam upphandling av hörhjälpmedel",
        "slug": "upphandling-horhjalpmedel",
        "decision_body": "Nämnden",
        "decision_date": "2023-02-15",
        "decision_reference": "GN 2023/12",
        "due_date": "2023-12-31",
        "owner_title": "Verksamhetschef",
    } | values


def test_an_assignment_is_added_with_its_decision_and_shown() -> None:
    response = admin().post(f"{PAGE}spara/", form(), follow=True)
    assert "Uppdraget är sparat" in response.content.decode()
    made = Assignment.objects.get(slug="upphandling-horhjalpmedel")
    assert (made.unit, made.year.year, made.decision_reference) == (committee(), 2023, "GN 2023/12")
    assert made.decision_date == datetime.date(2023, 2, 15)
    page = admin().get(PAGE).content.decode()
    assert "Utreda gemensam upphandling av hörhjälpmedel" in page and "GN 2023/12" in page


def test_a_bad_date_is_refused_with_the_field_named_and_nothing_saved() -> None:
    response = admin().post(f"{PAGE}spara/", form(decision_date="15/2"))
    assert response.status_code == 422
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in response.content.decode()
    assert not Assignment.objects.filter(slug="upphandling-horhjalpmedel").exists()


def test_a_unit_of_another_organisation_is_no_choice() -> None:
    other = Unit.objects.get(slug="lansteknik")
    assert admin().post(f"{PAGE}spara/", form(unit=other.pk)).status_code == 422
    assert not Assignment.objects.filter(slug="upphandling-horhjalpmedel").exists()


def test_a_reported_assignment_can_be_changed_but_not_removed() -> None:
    reported = Assignment.objects.filter(unit=committee(), year__year=2023, notes__isnull=False)
    assignment = reported.distinct().first()
    assert assignment is not None
    values = form(id=assignment.pk, slug=assignment.slug, title="Ny rubrik")
    admin().post(f"{PAGE}spara/", values)
    assignment.refresh_from_db()
    assert assignment.title == "Ny rubrik"
    page = admin().post(f"{PAGE}ta-bort/", {"id": assignment.pk}, follow=True).content.decode()
    assert "kan inte tas bort" in page
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_an_unreported_assignment_is_removed() -> None:
    admin().post(f"{PAGE}spara/", form())
    made = Assignment.objects.get(slug="upphandling-horhjalpmedel")
    admin().post(f"{PAGE}ta-bort/", {"id": made.pk})
    assert not Assignment.objects.filter(pk=made.pk).exists()


def test_only_the_organisations_administrator_sets_up_assignments() -> None:
    manager = Client()
    manager.force_login(get_user_model().objects.get(username="namnd_manager"))
    assert manager.get(PAGE).status_code == 403
    assert manager.post(f"{PAGE}spara/", form()).status_code == 403
    stranger = Client()
    stranger.force_login(get_user_model().objects.get(username="controller"))
    assert stranger.get(PAGE).status_code == 404
    assert not Assignment.objects.filter(slug="upphandling-horhjalpmedel").exists()
