"""The report's Internkontroll section: the seed's table in the årsrapport; in an interim
report (when its template adds it) the plan, its risks, the matrix and the follow-up so far."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from pytest_django import DjangoAssertNumQueries

from internal_control.models import ActivityFollowUp, Assessment, ControlActivity
from internal_control.report import INTERNAL_CONTROL_SECTION, InternalControlSection
from reports.builder import report_data, report_html
from reports.models import ReportKind, ReportTemplate
from reports.sections import BuiltSection, SectionContext
from scorecards.models import UnitPeriod
from tests.internal_control.conftest import plan_with_risks

pytestmark = pytest.mark.django_db

SEED_HEADERS = [
    "Kontrollmetod",
    "Utfört (datum, vecka, månad, period)",
    "Uppföljning/resultat",
    "Eventuella åtgärder/förändringar",
    "Bedömning",
]


def fresh(up: UnitPeriod) -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(pk=up.pk)


def build(up: UnitPeriod, *, risks: bool = True) -> InternalControlSection | None:
    context = SectionContext(
        unit_period=fresh(up),
        keys=("internal_control",),
        options=INTERNAL_CONTROL_SECTION.resolve_options({"risks": risks}),
    )
    return INTERNAL_CONTROL_SECTION.build(context)


def html(up: UnitPeriod, data: InternalControlSection | None) -> str:
    built = BuiltSection(INTERNAL_CONTROL_SECTION, data)
    return render_to_string(
        INTERNAL_CONTROL_SECTION.template,
        {"data": data, "section": built, "report": None, "up": fresh(up)},
    )


def follow_up(world: dict[str, Any], what: str, period_key: str = "up", **fields: str) -> None:
    ActivityFollowUp.objects.create(
        activity=ControlActivity.objects.get(risk__plan__unit=world["a"], what=what),
        period=world[period_key].period,
        **fields,
    )


def activity_rows(page: str) -> str:
    return page.split('id="internal-control"')[1].split("<tbody>")[1].split("</tbody>")[0]


def test_an_interim_template_with_internal_control_shows_risks_and_the_matrix(
    world: dict[str, Any],
) -> None:
    plan_with_risks(world, [(3, 4), (2, 2)])
    follow_up(
        world,
        "Aktivitet 1",
        performed="April 2021",
        result="Stickprov utan anmärkning.",
        assessment=Assessment.SUFFICIENT,
    )
    up = world["up"]
    ReportTemplate.objects.create(
        organisation=up.unit.organisation,
        kind=ReportKind.INTERIM,
        sections=["summary", "internal_control"],
    )
    data = report_data(unit_period=fresh(up), with_figures=False)
    assert data.keys == ["summary", "internal_control"]
    page = report_html(data, for_pdf=False)
    section = page.split('id="s-internal-control"')[1].split("</section>")[0]
    # The register: sannolikhet × konsekvens and the risk value as a word with its score.
    assert "Riskanalys" in section and 'id="risk-register"' in section
    assert '<td class="num">3</td><td class="num">4</td>' in section
    assert "Hög (12)" in section and "Medel (4)" in section
    # The matrix as the plan page and the plan PDF show it.
    assert 'id="risk-matrix"' in section
    assert 'data-cell="4,3"' in section and "R1 Risk 1" in section
    # The activities with the follow-up of the period.
    assert "Uppföljning per april 2021" in section
    assert "Stickprov utan anmärkning." in section
    assert "Tillräckligt" in section
    assert "Internkontrollplan 2021: Utkast." in section
    assert "fastställd av" not in section


def test_a_cell_without_a_value_is_blank_never_a_dash(world: dict[str, Any]) -> None:
    plan_with_risks(world, [(3, 4), (2, 2)])
    follow_up(world, "Aktivitet 1", performed="April 2021", assessment=Assessment.PARTLY)
    data = build(world["up"])
    assert data is not None
    rows = activity_rows(html(world["up"], data))
    assert "–" not in rows
    table = data.shown_activities
    # No "när", result or action was written: those columns are left out.
    assert table.headers == [
        "Risk",
        "Kontrollmetod",
        "Utfört (datum, vecka, månad, period)",
        "Bedömning",
    ]
    second = table.rows[1]
    assert [c.value for c in second.cells] == ["R2", "Metod 2", "", ""]
    assert "Ej bedömd" not in rows


def test_a_follow_up_of_another_period_is_not_the_periods(world: dict[str, Any]) -> None:
    plan_with_risks(world, [(3, 4)])
    follow_up(world, "Aktivitet 1", "up_t2", result="Skrivet i augusti.")
    data = build(world["up"])
    assert data is not None
    assert "Skrivet i augusti." not in html(world["up"], data)
    assert data.shown_activities.headers == ["Risk", "Kontrollmetod"]


def test_the_risks_option_leaves_the_register_and_the_matrix_out(world: dict[str, Any]) -> None:
    plan_with_risks(world, [(3, 4)])
    assert str(INTERNAL_CONTROL_SECTION.options[0].label) == (
        "Visa riskanalys och riskmatris i delårsrapporten"
    )
    data = build(world["up"], risks=False)
    page = html(world["up"], data)
    assert 'id="risk-matrix"' not in page and 'id="risk-register"' not in page
    assert "Aktivitet 1" in page


def test_the_annual_report_keeps_the_seeds_table(world: dict[str, Any]) -> None:
    plan_with_risks(world, [(3, 4), (2, 2)])
    follow_up(
        world,
        "Aktivitet 1",
        "up_year",
        performed="December 2021",
        result="Klart.",
        actions="Inga.",
        assessment=Assessment.SUFFICIENT,
    )
    data = build(world["up_year"])
    assert data is not None
    assert not data.shows_register
    table = data.shown_activities
    assert table.caption == "Avser år 2021" and table.headers == SEED_HEADERS and table.is_full
    page = html(world["up_year"], data)
    assert 'class="data internal-control"' in page
    assert 'id="risk-matrix"' not in page
    # The second activity has no follow-up: blank cells, its method still printed.
    assert [c.value for c in table.rows[1].cells] == ["Metod 2", "", "", "", ""]
    assert "–" not in activity_rows(page)


def test_an_annual_report_without_follow_ups_prints_only_the_plans_columns(
    world: dict[str, Any],
) -> None:
    plan_with_risks(world, [(3, 4)])
    data = build(world["up_year"])
    assert data is not None
    table = data.shown_activities
    assert table.headers == ["Kontrollmetod"] and not table.is_full
    assert 'class="data control-follow-up"' in html(world["up_year"], data)


def test_no_plan_no_section(world: dict[str, Any]) -> None:
    assert not INTERNAL_CONTROL_SECTION.has_content(build(world["up"]))
    assert not INTERNAL_CONTROL_SECTION.has_content(build(world["up_year"]))


def test_the_section_reads_in_four_queries(
    world: dict[str, Any], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    plan_with_risks(world, [(3, 4), (2, 2), (1, 1), (4, 4)])
    for n in (1, 2, 3):
        follow_up(world, f"Aktivitet {n}", result="Ok.")
    context = SectionContext(unit_period=fresh(world["up"]), keys=("internal_control",))
    with django_assert_num_queries(4):
        data = INTERNAL_CONTROL_SECTION.build(context)
    assert data is not None and len(data.shown_activities.rows) == 4
