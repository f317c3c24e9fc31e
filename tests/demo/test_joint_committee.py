"""The second demo organisation: the joint committee gemensam-namnd (issue 13, item 7).

Its own unit reports (unit periods, goals, finance, report) while Region Norrbotten's
top unit and Drift still do not. Figures are read back through the models and the rules
that derive values from them (goals.rules, finance.rules, assignments.rules,
allocation.selectors), so a test fails when the demo files or a rule drift.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client

from allocation.models import BudgetLine, Inhabitants
from allocation.selectors import allocation_table
from assignments.models import AssignmentBudget, AssignmentNote, AssignmentStatus, BudgetUnit
from assignments.rules import budget_forecast
from common.numbers import format_percent
from finance.models import CostKind, FinanceFigure
from finance.rules import deviation
from goals import selectors as goals_selectors
from goals.models import GoalFollowUp, IndicatorCount
from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Decision
from reports.builder import report_template, report_title
from reports.models import NarrativeSection, ReportKind
from scorecards import rules
from scorecards.models import (
    Action,
    Attainment,
    Forecast,
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Unit,
    UnitMembership,
    UnitPeriod,
    Year,
    allowed_actions,
)
from scorecards.selectors import overview
from scorecards.services import Via, unit_period_transition
from scorecards.terms import OrganisationKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

ORG = UNIT = "gemensam-namnd"
M05 = "2023-M05"


def unit_period(key: str = M05) -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug=UNIT, period__key=key
    )


def user(username: str) -> AbstractUser:
    return get_user_model().objects.get(username=username)  # type: ignore[return-value]


def figures() -> list[FinanceFigure]:
    return list(
        FinanceFigure.objects.filter(unit__slug=UNIT, period=unit_period().period).select_related(
            "category"
        )
    )


def total(rows: list[FinanceFigure], field: str, *, income: bool | None = None) -> Decimal:
    """Σ of one amount; ``income`` True/False: only income / only costs."""
    return sum(
        (
            getattr(f, field)
            for f in rows
            if income is None or (f.category.kind == CostKind.INCOME) == income
        ),
        Decimal(0),
    )


# ------------------------------------------------------------ organisation and unit


def test_committee_is_a_joint_committee_in_kr_with_its_own_words() -> None:
    organisation = Organisation.objects.get(slug=ORG)
    assert organisation.name == "Gemensam nämnd för hjälpmedel i Norrbotten"
    assert organisation.kind == OrganisationKind.JOINT_COMMITTEE
    assert organisation.terms.organisation_goals == "Nämndens mål"
    assert organisation.terms.deciding_body == "nämnden"
    # 85 400 kr is printed as such, never as "0,1 mnkr".
    assert organisation.amounts.format(Decimal("85400")) == "85\u00a0400\u00a0kr"
    perspectives = Year.objects.get(organisation=organisation, year=2023).perspectives
    assert list(perspectives.order_by("order").values_list("name", flat=True)) == [
        "Medborgare och brukare",
        "Verksamhet",
        "Medarbetare",
        "Ekonomi",
    ]


def test_committee_unit_reports_with_its_own_periods() -> None:
    unit = Unit.objects.get(slug=UNIT)
    assert unit.organisation.slug == ORG
    assert unit.kind == Unit.Kind.ORGANISATION and unit.parent is None
    assert unit.reports
    statuses = dict(UnitPeriod.objects.filter(unit=unit).values_list("period__key", "status"))
    assert statuses == {
        "2022-M05": UnitPeriod.Status.APPROVED,
        "2022": UnitPeriod.Status.APPROVED,
        M05: UnitPeriod.Status.SUBMITTED,
        "2023": UnitPeriod.Status.OPEN,
    }
    period = unit_period().period
    assert (period.kind, period.end_month, period.span_label) == (
        Period.Kind.CUSTOM,
        5,
        "januari–maj",
    )


def test_region_units_and_periods_are_unchanged() -> None:
    region = Unit.objects.filter(organisation__slug="region-norrbotten")
    assert dict(region.values_list("slug", "reports")) == {
        "region-norrbotten": False,
        "lansteknik": True,
        "lansteknik-drift": False,
        "narsjukvard": True,
        "service": True,
    }
    assert not UnitPeriod.objects.filter(unit__slug__in=["region-norrbotten", "lansteknik-drift"])
    keys = set(
        Period.objects.filter(year__organisation__slug="region-norrbotten").values_list(
            "key", flat=True
        )
    )
    assert len(keys) == 10
    for division in ("lansteknik", "narsjukvard", "service"):
        reported = UnitPeriod.objects.filter(unit__slug=division)
        assert set(reported.values_list("period__key", flat=True)) == keys


# ------------------------------------------------------------------------------ goals


def test_verksamhetsplan_2023_has_four_goals_one_without_indicator() -> None:
    goals = goals_selectors.goals_for(unit_period=unit_period(), with_outcomes=True)
    assert [(g.goal.perspective.slug, len(g.indicators)) for g in goals] == [
        ("brukare", 1),
        ("verksamhet", 3),
        ("medarbetare", 0),
        ("ekonomi", 1),
    ]
    assert all(g.follow_up is not None and g.follow_up.comment for g in goals)
    forecasts = [g.follow_up.forecast for g in goals if g.follow_up is not None]
    assert forecasts.count(Forecast.PARTLY) == 1
    assert forecasts.count(Forecast.WILL_BE_REACHED) == 3
    partly = next(g for g in goals if g.follow_up and g.follow_up.forecast == Forecast.PARTLY)
    assert partly.goal.perspective.slug == "verksamhet"


def test_indicators_shares_and_x_of_n_from_counts() -> None:
    goals = goals_selectors.goals_for(unit_period=unit_period(), with_outcomes=True)
    indicators = {i.measure.key: i for g in goals for i in g.indicators}
    attendance = indicators["narvaro-ledamoter"]
    assert attendance.count is not None
    assert (attendance.count.numerator, attendance.count.denominator) == (22, 28)
    assert attendance.value is not None
    assert format_percent(attendance.value, decimals=0) == "79\u00a0%"
    forum = indicators["samverkansforum"]
    assert forum.count is not None
    assert (forum.count.numerator, forum.count.denominator) == (10, 14)
    assert forum.measure.target_value == 14 and forum.measure.accumulates
    delivery = indicators["leverans-i-tid"]
    assert delivery.value is not None and round(delivery.value) == 93


def test_meetings_are_a_count_on_the_scorecard_on_plan_by_may() -> None:
    measure = Measure.objects.get(
        goal__unit__slug=UNIT, goal__perspective__year__year=2023, key="namndsammantraden"
    )
    assert (measure.target_value, measure.accumulates) == (6, True)
    outcome = MeasureOutcome.objects.get(measure=measure, period=unit_period().period)
    assert outcome.value == 2
    assert outcome.forecast == Forecast.WILL_BE_REACHED
    # "minst 6" is not reached by May, yet not "ej uppnått": a count that accumulates is
    # judged by the prognosis entered for the year (issue 15), with no hand-set light.
    assert not outcome.manual_attainment
    assert rules.attainment(measure, outcome, end_month=12) == Attainment.NOT_ACHIEVED
    assert rules.attainment(measure, outcome, end_month=5) == Attainment.ACHIEVED
    assert "prognosen: Målet kommer nås" in rules.explain_attainment(measure, outcome, end_month=5)
    # Counts are not typed in as both: the meeting count has no IndicatorCount.
    assert not IndicatorCount.objects.filter(measure=measure).exists()


def test_2022_is_the_comparison_year() -> None:
    follow_ups = GoalFollowUp.objects.filter(goal__unit__slug=UNIT)
    assert set(follow_ups.values_list("period__key", flat=True)) == {M05}
    counts = IndicatorCount.objects.filter(measure__goal__unit__slug=UNIT, period__key="2022-M05")
    assert counts.count() == 4
    assert MeasureOutcome.objects.get(
        measure__goal__unit__slug=UNIT,
        measure__key="namndsammantraden",
        period__key="2022",
    ).value == Decimal(7)


# ---------------------------------------------------------------------------- finance


def test_finance_per_line_has_a_small_surplus_in_kr() -> None:
    rows = figures()
    assert {f.category.line for f in rows} == {
        "Hjälpmedelscentralen",
        "Projekt Digital förskrivning",
        "Nämnden",
    }
    assert all(f.category.year.year == 2023 for f in rows)
    # Costs negative, income positive (finance.rules.deviation: positive is better).
    assert all((f.outcome > 0) == (f.category.kind == CostKind.INCOME) for f in rows)
    result = total(rows, "outcome")
    assert result == Decimal("85400")
    assert total(rows, "period_budget") == 0 == total(rows, "annual_budget")
    assert deviation(result, total(rows, "period_budget")) == Decimal("85400")
    assert total(rows, "annual_forecast") == Decimal("56000")
    assert total(rows, "outcome", income=True) == Decimal("14745133")
    assert Organisation.objects.get(slug=ORG).amounts.format(result, signed=True) == (
        "+85\u00a0400\u00a0kr"
    )


@pytest.mark.parametrize(
    ("line", "budget"),
    [
        ("Hjälpmedelscentralen", Decimal(0)),
        ("Projekt Digital förskrivning", Decimal(0)),
        ("Nämnden", Decimal(0)),
    ],
)
def test_each_line_budget_is_in_balance(line: str, budget: Decimal) -> None:
    rows = [f for f in figures() if f.category.line == line]
    assert rows
    assert total(rows, "annual_budget") == budget == total(rows, "period_budget")


# ------------------------------------------------------------------------- allocation


def test_allocation_2023_over_14_members_matches_the_income_budget() -> None:
    year = Year.objects.get(organisation__slug=ORG, year=2023)
    assert Inhabitants.objects.filter(year=year).count() == 14
    lines = {line.title: line for line in BudgetLine.objects.filter(year=year)}
    assert set(lines) == {"Nämndens kostnader", "Hjälpmedelscentralens drift", "Gemensamt IT-stöd"}
    table = allocation_table(year=year)
    assert len(table.rows) == 14 and not table.missing_inhabitants
    equal = next(c for c in table.columns if c.line.title == "Nämndens kostnader")
    assert equal.amounts == [Decimal(84000)] * 14
    assert table.allocated_total == Decimal(29426000)
    income_budget = sum(
        (
            f.annual_budget
            for f in figures()
            if f.category.slug in ("ersattning-huvudman", "ersattning-huvudman-namnd")
        ),
        Decimal(0),
    )
    assert income_budget == table.allocated_total
    # 2021 stays as it was (the first allocation demo).
    first = BudgetLine.objects.get(year__organisation__slug=ORG, year__year=2021, order=1)
    assert (first.title, first.amount) == ("Nämndens kostnader", Decimal(1127000))


# ------------------------------------------------------------------- internal control


def test_internal_control_plan_2023_four_risks_three_activities() -> None:
    plan = ControlPlan.objects.get(unit__slug=UNIT, year__year=2023)
    assert plan.status == ControlPlan.Status.APPROVED and plan.approved_on is not None
    risks = list(plan.risks.order_by("order"))
    assert len(risks) == 4
    assert [r.score for r in risks] == [9, 8, 12, 4]
    assert all("Riskägare" in r.analysis for r in risks)
    accepted = [r for r in risks if r.decision == Decision.ACCEPT]
    assert len(accepted) == 1 and not accepted[0].activities.exists()
    activities = ControlActivity.objects.filter(risk__plan=plan)
    assert activities.count() == 3
    assert all(a.responsible_role for a in activities)
    follow_ups = ActivityFollowUp.objects.filter(activity__risk__plan=plan, period__key=M05)
    assert follow_ups.count() == 3
    assert all(f.result and f.assessment for f in follow_ups)


# ------------------------------------------------------------------------- assignment


def test_project_assignment_has_an_hours_budget() -> None:
    budget = AssignmentBudget.objects.select_related("assignment").get(
        assignment__unit__slug=UNIT, period__key=M05, unit=BudgetUnit.HOURS
    )
    assignment = budget.assignment
    assert assignment.decision_reference and assignment.owner_title
    assert (budget.budget, budget.outcome, budget.remaining) == (1200, 540, 720)
    forecast = budget_forecast(
        budget=budget.budget, outcome=budget.outcome, remaining=budget.remaining
    )
    assert (forecast.forecast, forecast.difference) == (Decimal(1260), Decimal(-60))
    note = AssignmentNote.objects.get(assignment=assignment, period__key=M05)
    assert note.status == AssignmentStatus.IN_PROGRESS and note.text
    kronor = AssignmentBudget.objects.get(assignment=assignment, period__key=M05, unit="kr")
    costs = next(f for f in figures() if f.category.slug == "projektkostnader")
    assert kronor.outcome == -costs.outcome


# ---------------------------------------------------------------------------- report


def test_narratives_metadata_and_report_template() -> None:
    up = unit_period()
    kinds = set(
        NarrativeSection.objects.filter(unit=up.unit, period=up.period).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"summary", "outlook"}
    assert up.document_id and up.document_version
    assert (up.owner_title, up.prepared_by_title) == (
        "Verksamhetschef Hjälpmedelscentralen",
        "Controller Gemensam nämnd",
    )
    template = report_template(up)
    assert template is not None
    assert (template.kind, template.end_month, template.name) == (
        ReportKind.INTERIM,
        5,
        "Delårsrapport",
    )
    assert [spec.key for spec in template.specs()] == [
        "summary",
        "goals",
        "finance_lines",
        "assignments",
        "allocation",
        "internal_control",
        "outlook",
    ]
    assert template.cover_fields == [
        "unit",
        "document_id",
        "version",
        "published_on",
        "owner",
        "prepared_by",
    ]
    assert report_title(up, template) == "Delårsrapport 2023, januari–maj"


# ------------------------------------------------------------------ users and rights


@pytest.mark.parametrize(
    ("username", "role"),
    [("namnd_controller", "controller"), ("namnd_manager", "manager"), ("namnd_admin", "admin")],
)
def test_committee_users_have_their_role(username: str, role: str) -> None:
    found = user(username)
    assert found.check_password("styrkort-demo")
    assert not found.is_superuser
    assert list(UnitMembership.objects.filter(user=found).values_list("unit__slug", "role")) == [
        (UNIT, role)
    ]
    # Roles on the committee reach none of the region's units.
    assert set(Unit.objects.for_user(found, Action.VIEW).values_list("slug", flat=True)) == {UNIT}


def test_committee_manager_approves_the_submitted_period() -> None:
    manager, controller = user("namnd_manager"), user("namnd_controller")
    up = unit_period()
    assert Action.APPROVE in allowed_actions(manager, up)
    assert Action.APPROVE not in allowed_actions(controller, up)
    approved = unit_period_transition(actor=manager, unit_period=up, step="approve", via=Via.WEB)
    assert approved.status == UnitPeriod.Status.APPROVED


def test_overview_lists_the_committee_unit() -> None:
    tables = overview(user=user("namnd_manager"), period_key=M05)
    assert [[row.unit_period.unit.slug for row in t.rows] for t in tables] == [[UNIT]]


# ---------------------------------------------------------------------------- pages


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "Gemensam nämnd för hjälpmedel i Norrbotten"),
        (f"/styrkort/{UNIT}/{M05}/", "Antal nämndsammanträden"),
        (f"/mal/{UNIT}/{M05}/", "Hjälpmedelscentralen är en attraktiv arbetsplats"),
        (f"/styrkort/{UNIT}/{M05}/ekonomi/", "Hjälpmedel och material"),
        (f"/rapporter/{UNIT}/{M05}/", "Delårsrapport 2023, januari–maj"),
        (f"/oversikt/{M05}/", "Gemensam nämnd för hjälpmedel i Norrbotten"),
        (f"/uppdrag/{UNIT}/2023/", "Projekt Digital förskrivning"),
        (f"/internkontroll/{UNIT}/2023/", "Personuppgifter i förskrivningssystemet"),
        (f"/fordelning/{ORG}/2023/", "Hjälpmedelscentralens drift"),
    ],
)
def test_the_committee_controller_reaches_the_top_units_pages(
    client: Client, path: str, expected: str
) -> None:
    client.force_login(user("namnd_controller"))
    response = client.get(path)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_a_region_controller_does_not_see_the_committee(client: Client) -> None:
    client.force_login(user("controller"))
    assert client.get(f"/styrkort/{UNIT}/{M05}/").status_code == 404
