"""The report's assignment section: the nuläge and, beside it, the budget of hours and kr."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from pytest_django import DjangoAssertNumQueries

from assignments.models import Assignment, AssignmentBudget, BudgetUnit
from assignments.report import ASSIGNMENT_SECTION, AssignmentReport
from common.numbers import AmountFormat
from reports.sections import BuiltSection, SectionContext
from scorecards.models import Period, UnitPeriod
from scorecards.terms import OrganisationKind
from tests import factories

pytestmark = pytest.mark.django_db

NBSP, MINUS = "\u00a0", "\u2212"
HEADERS = [
    "Enhet",
    "Budget",
    "Förbrukat",
    "Återstår (bedömning)",
    "Prognos (förbrukat + återstår)",
    "Avvikelse (budget − prognos)",
]


@pytest.fixture
def committee(db: None) -> dict:
    """A joint committee (amounts in kr) whose own unit reports jan–maj 2023."""
    root, _ = factories.organisation_tree(0, slug="gn-upp")
    organisation = root.organisation
    organisation.kind = OrganisationKind.JOINT_COMMITTEE
    organisation.save()
    year = factories.periods(organisation, 2023)["T1"].year
    may = Period.objects.create(year=year, kind=Period.Kind.CUSTOM, end_month=5)
    up = factories.unit_period(root, may)
    project = factories.assignment(root, year, "e-arkiv", title="Projekt e-arkiv")
    factories.assignment_note(project, may, text="Upphandlingen är klar.")
    return {"up": up, "project": project, "may": may, "year": year}


def budget(assignment: Assignment, period: Period, unit: str, *figures: str | None) -> None:
    values = [None if f is None else Decimal(f) for f in figures]
    AssignmentBudget.objects.create(
        assignment=assignment,
        period=period,
        unit=unit,
        budget=values[0],
        outcome=values[1],
        remaining=values[2],
    )


def build(
    up: UnitPeriod, *, amounts: AmountFormat | None = None, budget_shown: bool = True
) -> list[AssignmentReport]:
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(pk=up.pk)
    context = SectionContext(
        unit_period=up,
        keys=("assignments",),
        amounts=amounts or up.unit.organisation.amounts,
        options=ASSIGNMENT_SECTION.resolve_options({"budget": budget_shown}),
    )
    return ASSIGNMENT_SECTION.build(context)


def html(up: UnitPeriod, data: list[AssignmentReport]) -> str:
    built = BuiltSection(ASSIGNMENT_SECTION, data)
    return render_to_string(
        ASSIGNMENT_SECTION.template, {"data": data, "section": built, "report": None, "up": up}
    )


def test_hours_and_kr_budget_with_forecast_and_signed_deviation_in_the_committees_kr(
    committee: dict,
) -> None:
    budget(committee["project"], committee["may"], BudgetUnit.HOURS, "1200", "700", "550")
    budget(committee["project"], committee["may"], BudgetUnit.KRONOR, "85000", "40000", "30000")
    [item] = build(committee["up"])
    table = item.shown_budget
    assert table is not None
    assert table.headers == HEADERS
    assert table.caption == "Budget för uppdraget, jan–maj 2023"
    hours, kronor = table.rows
    assert (hours.label, hours.cells) == (
        "Timmar",
        [
            f"1{NBSP}200{NBSP}h",
            f"700{NBSP}h",
            f"550{NBSP}h",
            f"1{NBSP}250{NBSP}h",
            f"{MINUS}50{NBSP}h",
        ],
    )
    # 85 000 kr stays 85 000 kr (never "0,1 mnkr"); avvikelse = budget − prognos, signed.
    assert (kronor.label, kronor.cells) == (
        "Kronor",
        [
            f"85{NBSP}000{NBSP}kr",
            f"40{NBSP}000{NBSP}kr",
            f"30{NBSP}000{NBSP}kr",
            f"70{NBSP}000{NBSP}kr",
            f"+15{NBSP}000{NBSP}kr",
        ],
    )
    page = html(committee["up"], [item])
    # Beside the nuläge, in the same article.
    article = page.split('<article class="assignment">')[1].split("</article>")[0]
    assert "Upphandlingen är klar." in article
    assert f"1{NBSP}250{NBSP}h" in article and f"+15{NBSP}000{NBSP}kr" in article
    assert '<th scope="row">Timmar</th>' in article


def test_half_hours_keep_one_decimal_and_kr_follow_the_reports_unit(committee: dict) -> None:
    budget(committee["project"], committee["may"], BudgetUnit.HOURS, "180", "173.5", "9")
    budget(committee["project"], committee["may"], BudgetUnit.KRONOR, "85000", None, None)
    [item] = build(committee["up"], amounts=AmountFormat("tkr", 0))
    table = item.shown_budget
    assert table is not None
    hours, kronor = table.rows
    assert hours.cells == [
        f"180,0{NBSP}h",
        f"173,5{NBSP}h",
        f"9,0{NBSP}h",
        f"182,5{NBSP}h",
        f"{MINUS}2,5{NBSP}h",
    ]
    assert kronor.cells[0] == f"85{NBSP}tkr"


def test_rows_and_columns_without_figures_are_left_out(committee: dict) -> None:
    # Hours entered blank; kronor with a budget only: no forecast, no deviation.
    budget(committee["project"], committee["may"], BudgetUnit.HOURS, None, None, None)
    budget(committee["project"], committee["may"], BudgetUnit.KRONOR, "85000", None, None)
    [item] = build(committee["up"])
    table = item.shown_budget
    assert table is not None
    assert table.headers == ["Enhet", "Budget"]
    assert [(r.label, r.cells) for r in table.rows] == [("Kronor", [f"85{NBSP}000{NBSP}kr"])]
    # The figure diff still has every cell of the entered rows.
    assert [t.id for t in ASSIGNMENT_SECTION.tables([item])] == ["assignment-budget-e-arkiv"]


def test_a_budget_without_any_figure_prints_no_table(committee: dict) -> None:
    budget(committee["project"], committee["may"], BudgetUnit.HOURS, None, None, None)
    [item] = build(committee["up"])
    assert item.shown_budget is None
    assert "<table" not in html(committee["up"], [item])


def test_the_budget_option_leaves_the_tables_out(committee: dict) -> None:
    budget(committee["project"], committee["may"], BudgetUnit.HOURS, "1200", "700", "550")
    assert [o.key for o in ASSIGNMENT_SECTION.options] == ["budget"]
    assert str(ASSIGNMENT_SECTION.options[0].label) == "Visa budget för uppdrag"
    [item] = build(committee["up"], budget_shown=False)
    assert item.budget is None
    assert "Upphandlingen är klar." in html(committee["up"], [item])


def test_the_latest_budget_up_to_the_period_is_shown_and_named(committee: dict) -> None:
    # Entered for T1 (jan–apr) only: the jan–maj report shows it, saying whose it is;
    # a later period's figures (T2) never reach an earlier period's report.
    t1 = Period.objects.get(year=committee["year"], kind=Period.Kind.T1)
    t2 = Period.objects.get(year=committee["year"], kind=Period.Kind.T2)
    budget(committee["project"], t1, BudgetUnit.HOURS, "1200", "300", "900")
    budget(committee["project"], t2, BudgetUnit.HOURS, "1200", "800", "500")
    [item] = build(committee["up"])
    assert item.shown_budget is not None
    assert item.shown_budget.caption == "Budget för uppdraget, T1 2023"
    assert item.shown_budget.rows[0].cells[1] == f"300{NBSP}h"


def test_another_units_budget_is_not_shown(committee: dict) -> None:
    other = factories.organisation_tree(1, slug="gn-annan")[1][0]
    foreign = factories.assignment(other, committee["year"], "e-arkiv")
    budget(foreign, committee["may"], BudgetUnit.HOURS, "10", "1", "1")
    [item] = build(committee["up"])
    assert item.budget is None


def test_the_section_reads_in_three_queries(
    committee: dict, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(4):
        a = factories.assignment(committee["up"].unit, committee["year"], f"u{n}", order=n)
        budget(a, committee["may"], BudgetUnit.HOURS, "10", "5", "5")
        budget(a, committee["may"], BudgetUnit.KRONOR, "1000", "500", "400")
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        pk=committee["up"].pk
    )
    context = SectionContext(unit_period=up, keys=("assignments",), amounts=AmountFormat("kr"))
    with django_assert_num_queries(3):
        data = ASSIGNMENT_SECTION.build(context)
    assert sum(1 for item in data if item.budget is not None) == 4
