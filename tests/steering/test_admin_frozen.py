"""The Django admin obeys the frozen-figures rule of the set-up pages: a measure of a
unit whose year has a closed period keeps what decides its light, there too."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecards.models import Measure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def _admin() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


def _measure(year: int) -> Measure:
    return Measure.objects.get(
        goal__unit__slug="lansteknik", goal__perspective__year__year=year, key="major-incidents"
    )


def test_frozen_measure_is_read_only_and_cannot_be_deleted_in_the_admin() -> None:
    measure = _measure(2019)  # Länsteknik's 2019 periods are approved
    client = _admin()
    page = client.get(f"/admin/scorecards/measure/{measure.pk}/change/").content.decode()
    assert 'name="target_value"' not in page  # shown, not editable
    assert 'name="name"' in page  # names may still change
    before = (measure.target_value, measure.target_direction, measure.partly_threshold)
    client.post(
        f"/admin/scorecards/measure/{measure.pk}/change/",
        {"goal": measure.goal_id, "name": measure.name, "target_value": "999", "order": "1"},
    )
    measure.refresh_from_db()
    assert (measure.target_value, measure.target_direction, measure.partly_threshold) == before
    assert client.get(f"/admin/scorecards/measure/{measure.pk}/delete/").status_code == 403


def test_measure_of_an_open_year_stays_editable_in_the_admin() -> None:
    measure = _measure(2021)  # T1 2021 is open and nothing of 2021 is closed
    page = _admin().get(f"/admin/scorecards/measure/{measure.pk}/change/").content.decode()
    assert 'name="target_value"' in page
    assert measure.target_value is None or isinstance(measure.target_value, Decimal)
