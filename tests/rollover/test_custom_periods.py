"""Nytt verksamhetsår carries the source year's custom periods (the committee's jan–maj)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from scorecards.models import Period, UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

ARGS = ["rollover_year", "--organisation", "gemensam-namnd", "--to", "2024"]


def test_the_plan_lists_the_custom_period_and_the_run_creates_it_with_unit_periods() -> None:
    out = io.StringIO()
    call_command(*ARGS, "--dry-run", stdout=out)
    assert "jan–maj 2024 (2024-M05)" in out.getvalue()
    assert "Gemensam nämnd för hjälpmedel i Norrbotten: 2024-M05" in out.getvalue()

    call_command(*ARGS, "--user", "admin", stdout=io.StringIO())
    keys = list(
        Period.objects.filter(year__organisation__slug="gemensam-namnd", year__year=2024)
        .order_by("end_month", "kind")
        .values_list("key", flat=True)
    )
    assert keys == ["2024-T1", "2024-M05", "2024-T2", "2024"]
    assert UnitPeriod.objects.get(unit__slug="gemensam-namnd", period__key="2024-M05").status == (
        UnitPeriod.Status.OPEN
    )
