"""The joint committee's delårsrapport jan–maj 2023, as `build_report` makes it: every goal
and indicator with its prognosis, amounts in kr, the committee's words, the hours budget
and the allocation, no empty table row (issue "Reports for any organisation")."""

from __future__ import annotations

from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from goals.models import GoalFollowUp
from scorecards.models import Measure, UnitGoal
from tests.reports.test_no_empty_rows import empty_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, demo_module: None, django_db_blocker: Any
) -> tuple[str, str]:
    """The PDF's text (on one line) and the HTML given to WeasyPrint, built once."""
    folder = tmp_path_factory.mktemp("committee")
    pdf, html = folder / "x.pdf", folder / "x.html"
    with django_db_blocker.unblock():
        call_command(
            "build_report",
            "--unit",
            "gemensam-namnd",
            "--period",
            "2023-M05",
            "--output",
            str(pdf),
            "--html",
            str(html),
            stdout=StringIO(),
        )
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf.read_bytes())).pages)
    return " ".join(text.split()), Path(html).read_text(encoding="utf-8")


def test_title_and_words_are_the_committees(built: tuple[str, str]) -> None:
    text, html = built
    assert "Delårsrapport 2023, januari–maj" in text
    assert "Nämndens mål" in text
    for region_word in ("Division", "division", "regionstyrelsen", "Regionens"):
        assert region_word not in html


def test_every_goal_and_indicator_of_the_plan_is_there_with_its_prognosis(
    built: tuple[str, str],
) -> None:
    text, _html = built
    goals = UnitGoal.objects.filter(unit__slug="gemensam-namnd", perspective__year__year=2023)
    assert goals.count() == 4
    for goal in goals:
        assert " ".join(goal.title.split()) in text
        follow_up = GoalFollowUp.objects.get(goal=goal, period__key="2023-M05")
        assert follow_up.forecast
    for measure in Measure.objects.filter(goal__in=goals):
        assert " ".join(measure.name.split()) in text
    for word in ("Uppnås", "Uppnås delvis"):
        assert f"Prognos för året: {word}" in text.replace("● ", "").replace("◐ ", "")


def test_amounts_are_in_kr_and_the_budgets_and_allocation_are_there(
    built: tuple[str, str],
) -> None:
    text, html = built
    assert "mnkr" not in html
    assert "Ekonomi per verksamhet" in text and "+85 400 kr" in text
    assert "Budget för uppdraget" in text and "1 200 h" in text
    assert "Fördelning per medlem" in text and "29 426 000" in text


def test_no_table_row_is_empty(built: tuple[str, str]) -> None:
    _text, html = built
    assert empty_rows(html) == []
