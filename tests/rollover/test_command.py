"""manage.py rollover_year: plan, dry run, run, refusals with a non-zero exit."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rollover.models import YearRollover
from scorecards.models import Measure, Perspective, Year

from .test_services import in_year, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_2021")]

ARGS = ["rollover_year", "--organisation", "region-norrbotten", "--to", "2022"]


def run(*extra: str) -> str:
    out = io.StringIO()
    call_command(*ARGS, *extra, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_plan_and_creates_nothing() -> None:
    before = snapshot()
    out = run("--dry-run")
    assert snapshot() == before
    assert "Nytt verksamhetsår för Region Norrbotten: 2021 → 2022" in out
    assert "  Styrmått (målen blir förslag): 34" in out
    assert "  Perspektiv: 5" in out
    assert "    - Samhälle" in out
    assert "Provkörning (--dry-run): ingenting har skapats." in out
    assert not Year.objects.filter(organisation__slug="region-norrbotten", year=2022).exists()


def test_command_runs_the_rollover() -> None:
    out = run("--user", "admin")
    assert "Verksamhetsår 2022 är skapat för Region Norrbotten från 2021." in out
    assert in_year(2022) == in_year(2021)
    record = YearRollover.objects.get(to_year=2022)
    assert (record.via, record.created_by.username) == ("kommando", "admin")  # type: ignore[union-attr]
    assert (
        Measure.objects.filter(
            goal__unit__organisation__slug="region-norrbotten",
            goal__perspective__year__year=2022,
            target_is_proposal=True,
        ).count()
        == 34
    )


def test_second_run_exits_non_zero_with_a_swedish_message() -> None:
    run()
    before = snapshot()
    with pytest.raises(
        CommandError, match=r"Verksamhetsår 2022 är redan skapat för Region Norrbotten \("
    ) as error:
        run()
    assert error.value.returncode != 0
    with pytest.raises(CommandError, match="redan skapat"):
        run("--dry-run")
    assert snapshot() == before


def test_missing_source_year_exits_non_zero() -> None:
    with pytest.raises(CommandError, match="Verksamhetsår 2029 finns inte för Region Norrbotten"):
        call_command(
            "rollover_year",
            "--organisation",
            "region-norrbotten",
            "--to",
            "2030",
            stdout=io.StringIO(),
        )
    assert not Perspective.objects.filter(
        year__organisation__slug="region-norrbotten", year__year=2030
    ).exists()


def test_unknown_organisation_and_user_are_named() -> None:
    with pytest.raises(CommandError, match="Organisationen ”finns-inte” finns inte"):
        call_command(
            "rollover_year", "--organisation", "finns-inte", "--to", "2022", stdout=io.StringIO()
        )
    with pytest.raises(CommandError, match="Användaren ”ingen” finns inte"):
        run("--user", "ingen")
    assert not Year.objects.filter(organisation__slug="region-norrbotten", year=2022).exists()
