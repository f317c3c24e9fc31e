"""The demo's internal control (seed 000, årsrapport 2019): loaded, reported, printed."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from reports.builder import report_data
from reports.models import ReportKind, ReportTemplate
from reports.pdf import report_pdf
from scorecards.models import UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

SEED_ACTIVITIES = [
    "Se över och eventuellt justera externa avtal.",
    "Säkra följsamhet till utarbetade processer kring ändringar i miljön.",
    "Säkra att Länsteknik arbetar systematiskt med utvecklingsuppdrag.",
    "Säkra att arbetssätt/process tas fram och införs för att effektivt kunna hantera "
    "utvecklingsbehov från verksamheten.",
    "Finansieringsprinciperna",
]


def unit_period(key: str) -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="lansteknik", period__key=key
    )


def pdf_text(content: bytes) -> str:
    """All pages' text with whitespace collapsed; a cell's line break after "/" undone."""
    pages = PdfReader(io.BytesIO(content)).pages
    text = re.sub(r"[\s\u00a0\u2009\u202f]+", " ", " ".join(p.extract_text() or "" for p in pages))
    return text.replace("/ ", "/")


def test_lansteknik_2019_plan_holds_the_seed_activities() -> None:
    plan = ControlPlan.objects.get(unit__slug="lansteknik", year__year=2019)
    activities = list(ControlActivity.objects.filter(risk__plan=plan))
    assert [a.what for a in activities] == SEED_ACTIVITIES
    assert activities[0].method == (
        "Uppföljning av verksamhetsplan Drift för att säkra översyn av externa avtal."
    )
    assert [a.when for a in activities] == ["December 2019"] * 3 + [
        "Löpande under året",
        "December 2019",
    ]
    follow_ups = {
        f.activity.what: f
        for f in ActivityFollowUp.objects.filter(
            period__key="2019", activity__risk__plan=plan
        ).select_related("activity")
    }
    assert len(follow_ups) == 5
    last = follow_ups["Finansieringsprinciperna"]
    assert last.result.startswith("Stickprovskontroll gjord i slutet av 2019")
    assert "divisionsextern finansiering." in last.actions
    third = follow_ups[SEED_ACTIVITIES[2]].result
    assert third.count("\n\n") == 2  # three paragraphs, as in the seed
    assert {r.score for r in Risk.objects.filter(plan=plan)} == {6, 12, 9, 4, 8}


def test_loading_the_demo_again_changes_no_internal_control_row() -> None:
    def snapshot() -> dict[str, list[dict[str, Any]]]:
        models = [ControlPlan, Risk, ControlActivity, ActivityFollowUp]
        history = [m.history.model for m in (ControlPlan, Risk, ActivityFollowUp)]  # type: ignore[attr-defined]
        return {
            m._meta.label: list(m._default_manager.order_by("pk").values())
            for m in [*models, *history]
        }

    before = snapshot()
    call_command("loaddemo", stdout=io.StringIO())
    assert snapshot() == before


def test_annual_report_2019_pdf_has_the_internkontroll_table() -> None:
    text = pdf_text(report_pdf(report_data(unit_period=unit_period("2019"))))
    section = text.split("Internkontroll Avser år 2019", 1)
    assert len(section) == 2, "no Internkontroll section with its table"
    table = section[1]
    for expected in [
        "Kontrollaktivitet",
        "Kontrollmetod",
        "Uppföljning/resultat",
        "Eventuella åtgärder/förändringar",
        *SEED_ACTIVITIES,
        "Stickprovskontroll",
        "Uppföljning av verksamhetsplan Drift för att säkra översyn av externa avtal.",
        "Löpande under året",
        "Föreslagna aktiviteter i genomförd genomlysning.",
        "Tillräckligt",
        "Delvis",
    ]:
        assert expected in table, expected
    toc = text.split("Innehåll", 1)[1].split("Sammanfattning", 2)[1]
    assert "Internkontroll" in toc


def test_interim_reports_leave_internkontroll_out() -> None:
    data = report_data(unit_period=unit_period("2019-T1"), with_figures=False)
    assert "internal_control" not in data.keys
    assert data.section_data("internal_control") is None
    annual = report_data(unit_period=unit_period("2019"), with_figures=False)
    assert "internal_control" in annual.keys
    assert len(annual.section_data("internal_control").shown_activities.rows) == 5


def test_an_interim_template_may_add_internkontroll() -> None:
    # Left out of the default interim report, but an organisation may choose it.
    up = unit_period("2019-T1")
    ReportTemplate.objects.create(
        organisation=up.unit.organisation,
        kind=ReportKind.INTERIM,
        sections=["summary", "internal_control"],
    )
    data = report_data(unit_period=up, with_figures=False)
    assert data.keys == ["summary", "internal_control"]
    assert len(data.section_data("internal_control").shown_activities.rows) == 5


def test_demo_plan_pdf_reads_back() -> None:
    client = Client()
    client.force_login(User.objects.get(username="reader"))
    response = client.get("/internkontroll/lansteknik/2019/plan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "internkontrollplan-lansteknik-2019.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in [
        "Region Norrbotten",
        "Internkontrollplan 2019",
        "Division Länsteknik",
        "Riskanalys",
        "Riskmatris",
        "Kontrollaktiviteter",
        "Hög (12)",
        "Hanteras via internkontroll",
        "Se över och eventuellt justera externa avtal.",
        "Finansieringsprinciperna",
    ]:
        assert expected in text, expected
