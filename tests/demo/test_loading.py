"""The demo loader's shape: several organisation files, each with its own years and
periods, unit files matched to their organisation, and Unit.reports from the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from demo.loading import load_demo
from scorecards.models import MeasureOutcome, Organisation, Unit, UnitPeriod

pytestmark = pytest.mark.django_db

REGION = """
[organisation]
slug = "region-a"
name = "Region A"

[calendar]
years = [2021]

[[units]]
slug = "region-a"
name = "Region A"
kind = "organisation"

[[units]]
slug = "division-a"
name = "Division A"
kind = "division"
parent = "region-a"

[[units]]
slug = "avdelning-a"
name = "Avdelning A"
kind = "department"
parent = "division-a"

[[periods]]
year = 2021
kind = "T1"
status = "approved"

[[perspectives]]
slug = "ekonomi"
name = "Ekonomi"
"""

COMMITTEE = """
[organisation]
slug = "namnd-b"
name = "Nämnd B"
kind = "joint_committee"

[calendar]
years = [2021]

[[units]]
slug = "namnd-b"
name = "Nämnd B"
kind = "organisation"
reports = true

[[periods]]
year = 2021
kind = "T1"
status = "submitted"

[[perspectives]]
slug = "ekonomi"
name = "Ekonomi"
"""


def unit_file(slug: str, value: str) -> str:
    return f"""
unit = "{slug}"

[[goals]]
years = [2021]
perspective = "ekonomi"
title = "Ekonomi i balans"

[[goals.measures]]
key = "resultat"
name = "Resultat"
direction = "at_least"
target_value = "0"
frequency = "tertial"

[[outcomes]]
period = "2021-T1"
measure = "resultat"
value = "{value}"
"""


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        (directory / name).write_text(content, encoding="utf-8")
    return directory


def test_two_organisations_with_the_same_year_each_get_their_own_periods(tmp_path: Path) -> None:
    folder = write(
        tmp_path,
        {
            "organisation.toml": REGION,
            "namnd-b.toml": COMMITTEE,
            "division-a.toml": unit_file("division-a", "5"),
            "namnd-b-enhet.toml": unit_file("namnd-b", "7"),
        },
    )
    loader, _users = load_demo(folder)
    assert set(loader.scopes) == {"region-a", "namnd-b"}
    assert Organisation.objects.get(slug="namnd-b").kind == "joint_committee"
    assert Organisation.objects.get(slug="region-a").kind == "region"
    # Each unit's outcome is on its own organisation's 2021-T1.
    for slug, org, value in (("division-a", "region-a", 5), ("namnd-b", "namnd-b", 7)):
        outcome = MeasureOutcome.objects.get(measure__goal__unit__slug=slug)
        assert outcome.period.year.organisation.slug == org
        assert outcome.value == value


def test_units_report_as_the_files_say_divisions_by_default(tmp_path: Path) -> None:
    write(tmp_path, {"organisation.toml": REGION, "namnd-b.toml": COMMITTEE})
    load_demo(tmp_path)
    assert dict(Unit.objects.values_list("slug", "reports")) == {
        "region-a": False,
        "division-a": True,
        "avdelning-a": False,
        "namnd-b": True,
    }
    assert dict(UnitPeriod.objects.values_list("unit__slug", "status")) == {
        "division-a": "approved",
        "namnd-b": "submitted",
    }


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"organisation.toml": REGION, "namnd-b.toml": COMMITTEE})
    load_demo(tmp_path)
    loader, _users = load_demo(tmp_path)
    assert not loader.stats.created and not loader.stats.updated


def test_a_unit_file_of_no_organisation_is_refused_before_anything_is_written(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {"organisation.toml": REGION, "okand.toml": unit_file("okand-enhet", "1")},
    )
    with pytest.raises(CommandError, match=r"okand\.toml"):
        load_demo(tmp_path)
    assert not Organisation.objects.exists()


def test_a_file_that_is_neither_organisation_nor_unit_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {"organisation.toml": REGION, "annat.toml": 'title = "x"\n'})
    with pytest.raises(CommandError, match=r"annat\.toml"):
        load_demo(tmp_path)


def test_allocation_takes_its_committee_and_years_from_the_organisation_file(
    tmp_path: Path,
) -> None:
    allocation = """
[allocation]
organisation = "namnd-b"
years = [2020]
"""
    write(
        tmp_path,
        {"organisation.toml": REGION, "namnd-b.toml": COMMITTEE, "allocation.toml": allocation},
    )
    with pytest.raises(CommandError, match="2020"):
        load_demo(tmp_path)
    write(tmp_path, {"allocation.toml": allocation.replace("2020", "2021")})
    load_demo(tmp_path)
    unknown = allocation.replace("namnd-b", "finns-inte").replace("2020", "2021")
    write(tmp_path, {"allocation.toml": unknown})
    with pytest.raises(CommandError, match="finns-inte"):
        load_demo(tmp_path)
