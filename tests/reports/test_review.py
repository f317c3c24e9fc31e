"""Granskning lists where a report's texts may contradict its figures (reports.review)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from reports.builder import report_data
from reports.models import NarrativeSection, SectionKind
from reports.review import review
from scorecards.models import MeasureOutcome, UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]


def unit_period(key: str) -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="lansteknik", period__key=key
    )


def add_to_summary(up: UnitPeriod, sentence: str) -> None:
    summary = NarrativeSection.objects.get(
        unit=up.unit, period=up.period, kind=SectionKind.SUMMARY, perspective=None
    )
    summary.body = f"{summary.body}\n\n{sentence}"
    summary.save()


def check(unit: str, period: str) -> str:
    out = StringIO()
    call_command("build_report", "--check", "--unit", unit, "--period", period, stdout=out)
    return out.getvalue()


def test_check_lists_a_number_that_matches_no_figure_and_not_one_that_does() -> None:
    up = unit_period("2021-T1")
    before = check("lansteknik", "2021-T1")
    # +1,5 mnkr is Personalkostnader's deviation in the finance table: not listed.
    add_to_summary(up, "Personalkostnaderna avviker med +1,5 mnkr mot budget.")
    assert check("lansteknik", "2021-T1") == before
    add_to_summary(up, "Överskottet blev 12,7 mnkr.")
    listed = check("lansteknik", "2021-T1")
    assert "Sammanfattning: 12,7 mnkr finns inte bland rapportens siffror." in listed
    assert "»" in listed and "Överskottet blev 12,7 mnkr." in listed


def test_a_number_is_matched_within_the_texts_rounding_and_in_another_amount_unit() -> None:
    up = unit_period("2021-T1")
    # The net cost table prints −27 300 000 kr for staff: 27 mnkr and 27,3 mnkr match it.
    add_to_summary(up, "Personalkostnaderna var 27 mnkr, eller 27,3 mnkr exakt.")
    findings = review(report_data(unit_period=up, with_figures=False))
    assert not [f for f in findings if "27" in f.message]


def test_a_reference_to_a_chart_the_section_lacks_is_listed() -> None:
    up = unit_period("2021-T1")
    add_to_summary(up, "Se diagrammet nedan för utvecklingen.")
    findings = review(report_data(unit_period=up, with_figures=False))
    assert any(
        f.where == "Sammanfattning" and "diagram" in f.message and "diagrammet" in f.excerpt
        for f in findings
    )


def test_a_comment_saying_the_opposite_of_the_figures_is_listed() -> None:
    up = unit_period("2021-T1")
    outcome = MeasureOutcome.objects.get(
        measure__key="sjukfranvaro", measure__goal__unit=up.unit, period=up.period
    )
    assert outcome.value < 6  # 5,30 % against 6,30 % the year before
    assert not [f for f in review(report_data(unit_period=up)) if "sjukfrånvaro" in f.where.lower()]
    outcome.comment = "Sjukfrånvaron har ökat jämfört med förra året."
    outcome.save()
    findings = [f for f in review(report_data(unit_period=up)) if "sjukfrånvaro" in f.where.lower()]
    assert [f.message for f in findings] == [
        "Kommentaren säger ökning, men utfallet gick från 6,30 till 5,30."
    ]


def test_the_report_page_lists_granskning_for_a_draft_only() -> None:
    client = Client()
    client.force_login(get_user_model().objects.get(username="manager"))
    add_to_summary(unit_period("2021-T1"), "Överskottet blev 12,7 mnkr.")
    draft = client.get("/rapporter/lansteknik/2021-T1/").content.decode()
    assert "Granskning" in draft and "12,7 mnkr finns inte bland rapportens siffror" in draft
    approved = client.get("/rapporter/lansteknik/2019/").content.decode()
    assert 'id="review-heading"' not in approved
