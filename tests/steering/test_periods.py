"""Inställningar → Perioder: own spans (jan–maj) and which units report in each period."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from scorecards.models import Period, Unit, UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

PAGE = "/installningar/region-norrbotten/2021/perioder/"


def admin() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def reporting(key: str) -> set[str]:
    return set(
        UnitPeriod.objects.filter(
            period__year__organisation__slug="region-norrbotten", period__key=key
        ).values_list("unit__slug", flat=True)
    )


def test_a_custom_period_gets_an_open_unit_period_for_every_reporting_unit() -> None:
    response = admin().post(f"{PAGE}ny/", {"end_month": "5"}, follow=True)
    assert "Perioden jan–maj 2021 är skapad." in response.content.decode()
    period = Period.objects.get(year__organisation__slug="region-norrbotten", key="2021-M05")
    assert period.kind == Period.Kind.CUSTOM
    assert reporting("2021-M05") == reporting("2021-T1") == {"lansteknik", "narsjukvard", "service"}
    page = admin().get(PAGE).content.decode()
    assert "januari–maj, 2021-M05" in page


def test_a_month_that_already_ends_a_period_is_refused() -> None:
    response = admin().post(f"{PAGE}ny/", {"end_month": "4"})
    assert response.status_code == 422
    assert "redan en period som slutar i april: T1 2021" in response.content.decode()
    assert not Period.objects.filter(key="2021-M04").exists()


def test_december_and_nonsense_are_not_custom_spans() -> None:
    for value in ("12", "abc"):
        assert admin().post(f"{PAGE}ny/", {"end_month": value}).status_code == 422
    assert (
        not Period.objects.filter(kind=Period.Kind.CUSTOM, year__year=2021)
        .exclude(year__organisation__slug="gemensam-namnd")
        .exists()
    )


def test_an_empty_custom_period_is_removed_and_one_with_a_submission_stays() -> None:
    client = admin()
    client.post(f"{PAGE}ny/", {"end_month": "5"})
    period = Period.objects.get(year__organisation__slug="region-norrbotten", key="2021-M05")
    UnitPeriod.objects.filter(period=period, unit__slug="service").update(
        status=UnitPeriod.Status.SUBMITTED
    )
    stays = client.post(f"{PAGE}ta-bort/", {"id": period.pk}, follow=True).content.decode()
    assert "redan lämnat in" in stays and Period.objects.filter(pk=period.pk).exists()
    UnitPeriod.objects.filter(period=period).update(status=UnitPeriod.Status.OPEN)
    client.post(f"{PAGE}ta-bort/", {"id": period.pk})
    assert not Period.objects.filter(pk=period.pk).exists()
    assert reporting("2021-M05") == set()


def test_the_year_periods_cannot_be_removed() -> None:
    t1 = Period.objects.get(year__organisation__slug="region-norrbotten", key="2021-T1")
    page = admin().post(f"{PAGE}ta-bort/", {"id": t1.pk}, follow=True).content.decode()
    assert "T1, T2 och helår hör till året" in page
    assert Period.objects.filter(pk=t1.pk).exists()


def test_a_unit_is_added_to_a_period_and_removed_while_it_holds_nothing() -> None:
    client = admin()
    period = Period.objects.get(year__organisation__slug="region-norrbotten", key="2021-T2")
    drift = Unit.objects.get(slug="lansteknik-drift")
    client.post(f"{PAGE}enhet/", {"id": period.pk, "unit": drift.pk})
    added = UnitPeriod.objects.get(unit=drift, period=period)
    assert added.status == UnitPeriod.Status.OPEN
    client.post(f"{PAGE}enhet/ta-bort/", {"id": added.pk})
    assert not UnitPeriod.objects.filter(pk=added.pk).exists()


def test_a_unit_with_outcomes_keeps_its_period() -> None:
    up = UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2021-T1")
    page = admin().post(f"{PAGE}enhet/ta-bort/", {"id": up.pk}, follow=True).content.decode()
    assert "har utfall för perioden" in page
    assert UnitPeriod.objects.filter(pk=up.pk).exists()


def test_another_organisations_unit_answers_404_and_a_manager_403() -> None:
    period = Period.objects.get(year__organisation__slug="region-norrbotten", key="2021-T2")
    committee = Unit.objects.get(slug="gemensam-namnd")
    response = admin().post(f"{PAGE}enhet/", {"id": period.pk, "unit": committee.pk})
    assert response.status_code == 404
    manager = Client()
    manager.force_login(get_user_model().objects.get(username="manager"))
    assert manager.get(PAGE).status_code == 403
    assert manager.post(f"{PAGE}ny/", {"end_month": "5"}).status_code == 403
    assert not Period.objects.filter(key="2021-M05", year__organisation__slug="region-norrbotten")
