"""The demo data survives a round trip untouched: an unchanged file changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from scorecards.models import UnitPeriod
from spreadsheets.importers import unit_period_import
from tests.spreadsheets.workbook import edit, export

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("demo_module")
def test_every_lansteknik_period_round_trips_without_a_change() -> None:
    admin = User.objects.get(username="admin")
    unit_periods = list(UnitPeriod.objects.filter(unit__slug="lansteknik"))
    assert len(unit_periods) >= 3
    for up in unit_periods:
        UnitPeriod.objects.filter(pk=up.pk).update(status=UnitPeriod.Status.OPEN)
        result = unit_period_import(user=admin, unit_period=up, content=export(admin, up))
        assert result.ok, (up.period.key, result.errors[:3])
        assert result.total == 0, (up.period.key, result.changed)


@pytest.mark.usefixtures("demo_module")
def test_demo_controller_imports_into_the_open_period() -> None:
    controller = User.objects.get(username="controller")
    up = UnitPeriod.objects.get(unit__slug="lansteknik", period__key="2021-T1")
    content = export(controller, up)
    edited = edit(content, {("Personal", 4): {"Antal anställda": 130}})
    result = unit_period_import(user=controller, unit_period=up, content=edited)
    assert result.ok, result.errors
    assert result.changed["Personal"] == 1
    other = User.objects.get(username="controller_other")
    refused = unit_period_import(user=other, unit_period=up, content=edited)
    assert [e.message for e in refused.errors] == ["Enheten eller perioden hittades inte."]
