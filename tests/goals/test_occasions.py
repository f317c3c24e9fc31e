"""Indicators computed from dated occasions (issue 15, item 3): a committee's meetings
entered once on the goals page, and the number of meetings and the attendance flowing
to the scorecard, the goals page and the report. Made-up numbers: six meetings planned
for 2024, two held by May with 12 and 10 of 14 members present.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from goals import rules, services
from goals.models import IndicatorCount, Occasion
from goals.report import GOALS_SECTION
from reports.sections import SectionContext
from scorecards import rules as scorecard_rules
from scorecards.errors import PeriodClosed
from scorecards.models import (
    Attainment,
    Direction,
    Forecast,
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Perspective,
    Role,
    Unit,
    UnitGoal,
    UnitPeriod,
    Year,
)
from scorecards.services import EntryError, Via, outcome_set
from tests import factories

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
GOAL = "Nämnden är en aktiv samverkansarena"


@pytest.fixture
def committee() -> dict[str, Any]:
    org = Organisation.objects.create(slug="namnden", name="Gemensam nämnd", kind="joint_committee")
    unit = Unit.objects.create(
        organisation=org, slug="namnden", name="Nämnden", kind="organisation"
    )
    other = Unit.objects.create(
        organisation=org, parent=unit, slug="kansliet", name="Kansliet", kind="department"
    )
    year = Year.objects.create(organisation=org, year=2024)
    may = Period.objects.create(year=year, kind=Period.Kind.CUSTOM, end_month=5)
    whole = Period.objects.create(year=year, kind=Period.Kind.YEAR)
    up_may = factories.unit_period(unit, may)
    up_year = factories.unit_period(unit, whole)
    factories.unit_period(other, may)
    perspective = Perspective.objects.create(year=year, slug="verksamhet", name="Verksamhet")
    goal = UnitGoal.objects.create(unit=unit, perspective=perspective, title=GOAL)
    meetings = Measure.objects.create(
        goal=goal,
        key="sammantraden",
        name="Antal nämndsammanträden",
        unit_of_measurement="st",
        target_direction=Direction.AT_LEAST,
        target_value=Decimal(6),
        accumulates=True,
        value_source=Measure.ValueSource.OCCASION_COUNT,
        order=1,
    )
    attendance = Measure.objects.create(
        goal=goal,
        key="narvaro",
        name="Andel ledamöter närvarande",
        unit_of_measurement="%",
        target_direction=Direction.AT_LEAST,
        target_value=Decimal(80),
        partly_threshold=Decimal(70),
        value_source=Measure.ValueSource.OCCASION_ATTENDANCE,
        order=2,
    )
    return {
        "unit": unit,
        "may": may,
        "whole": whole,
        "up": up_may,
        "up_year": up_year,
        "goal": goal,
        "meetings": meetings,
        "attendance": attendance,
        "controller": factories.user("nc", unit=unit, role=Role.CONTROLLER),
        "manager": factories.user("nm", unit=unit, role=Role.MANAGER),
        "other": factories.user("oc", unit=other, role=Role.CONTROLLER),
    }


def client(c: dict[str, Any], who: str) -> Client:
    cl = Client()
    cl.force_login(c[who])
    return cl


PAGE = "/mal/namnden/2024-M05/"


def add(c: dict, day: str, attended: str = "12", total: str = "14", **extra: Any) -> Any:
    data = {
        "date": day,
        "title": "Nämndsammanträde",
        "attended": attended,
        "of_total": total,
        "version": "0",
    }
    return client(c, extra.pop("who", "controller")).post(
        f"{PAGE}tillfallen/{c['goal'].pk}/", data, **extra
    )


def held_two_by_may(c: dict) -> None:
    for day, attended in (("2024-02-08", "12"), ("2024-04-18", "10")):
        assert add(c, day, attended).status_code == 302


def outcome(measure: Measure, period: Period) -> MeasureOutcome:
    return MeasureOutcome.objects.get(measure=measure, period=period)


# ----------------------------------------------------------------------------- rules


def test_figures_count_the_occasions_and_sum_attendance_up_to_the_period_end() -> None:
    held = [(date(2024, 2, 8), 12, 14), (date(2024, 4, 18), 10, 14), (date(2024, 9, 5), 14, 14)]
    may = rules.occasion_figures(held, end_month=5)
    assert (may.count, may.attended, may.of_total) == (2, 22, 28)
    year = rules.occasion_figures(held, end_month=12)
    assert (year.count, year.attended, year.of_total) == (3, 36, 42)
    none = rules.occasion_figures([], end_month=5)
    attendance = Measure(value_source=Measure.ValueSource.OCCASION_ATTENDANCE)
    assert none.outcome_changes(attendance) == {"value": None}
    assert none.count_changes(attendance) == {"numerator": None, "denominator": None}


# -------------------------------------------------------------- one entry, every page


def test_two_of_six_meetings_by_may_is_on_the_scorecard_lit_by_the_prognosis(
    committee: dict,
) -> None:
    held_two_by_may(committee)
    meetings = committee["meetings"]
    may = outcome(meetings, committee["may"])
    assert may.value == 2
    # The prognosis is typed on the scorecard as before; the figure is the occasions'.
    outcome_set(
        actor=committee["controller"],
        unit_period=committee["up"],
        measure=meetings,
        changes={"forecast": Forecast.WILL_BE_REACHED, "value": None},
        expected_version=may.version,
    )
    may.refresh_from_db()
    assert (may.value, may.forecast) == (2, Forecast.WILL_BE_REACHED)
    assert scorecard_rules.attainment(meetings, may, end_month=5) == Attainment.ACHIEVED
    # The year's figure is the year so far, written by the same entry.
    assert outcome(meetings, committee["whole"]).value == 2
    html = client(committee, "controller").get("/styrkort/namnden/2024-M05/").content.decode()
    assert f"2{NBSP}st" in html


def test_attendance_22_of_28_on_the_goals_page_and_in_the_report(committee: dict) -> None:
    held_two_by_may(committee)
    count = IndicatorCount.objects.get(measure=committee["attendance"], period=committee["may"])
    assert (count.numerator, count.denominator) == (22, 28)
    # The scorecard lights the share against "minst 80 %" (delvis from 70 %).
    share = outcome(committee["attendance"], committee["may"])
    assert share.value == Decimal("78.5714")
    assert (
        scorecard_rules.attainment(committee["attendance"], share, end_month=5) == Attainment.PARTLY
    )
    html = client(committee, "controller").get(PAGE).content.decode()
    assert f"22 av 28 (79{NBSP}%)" in html
    assert f"2{NBSP}st hittills i år" in html
    assert "2024-04-18" in html and html.count('class="occasion entry-row') == 2
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        pk=committee["up"].pk
    )
    section = GOALS_SECTION.build(
        SectionContext(unit_period=up, keys=("goals",), terms=up.unit.organisation.terms)
    )
    lines = {line.measure.key: line.outcome for line in section.goals[0].indicators}
    assert lines == {
        "sammantraden": f"2{NBSP}st hittills i år",
        "narvaro": f"22 av 28 (79{NBSP}%)",
    }


def test_changing_and_removing_an_occasion_recomputes_the_figures(committee: dict) -> None:
    held_two_by_may(committee)
    april = Occasion.objects.get(date=date(2024, 4, 18))
    response = client(committee, "controller").post(
        f"{PAGE}tillfallen/{committee['goal'].pk}/{april.pk}/",
        {
            "date": "2024-04-18",
            "title": "Nämndsammanträde",
            "attended": "14",
            "of_total": "14",
            "version": "1",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<section") and f"26 av 28 (93{NBSP}%)" in html
    assert "Sparat: Nämndsammanträde 2024-04-18." in html
    response = client(committee, "controller").post(
        f"{PAGE}tillfallen/{committee['goal'].pk}/{april.pk}/ta-bort/", {"version": "2"}
    )
    assert response.status_code == 302
    assert outcome(committee["meetings"], committee["may"]).value == 1
    assert outcome(committee["meetings"], committee["whole"]).value == 1
    count = IndicatorCount.objects.get(measure=committee["attendance"], period=committee["may"])
    assert (count.numerator, count.denominator) == (12, 14)


# -------------------------------------------------------------------------- refusals


def test_a_locked_period_refuses_an_occasion_dated_in_it_and_nothing_changes(
    committee: dict,
) -> None:
    held_two_by_may(committee)
    UnitPeriod.objects.filter(pk=committee["up"].pk).update(status=UnitPeriod.Status.LOCKED)
    # From the year's page, a March meeting changes jan–maj too: refused, all of it.
    response = client(committee, "controller").post(
        f"/mal/namnden/2024/tillfallen/{committee['goal'].pk}/",
        {"date": "2024-03-14", "title": "Extra sammanträde", "attended": "9", "of_total": "14"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "är låst och kan inte ändras" in response.content.decode()
    assert Occasion.objects.count() == 2
    assert outcome(committee["meetings"], committee["whole"]).value == 2
    assert outcome(committee["meetings"], committee["may"]).value == 2
    # A meeting in the autumn leaves jan–maj alone and is taken.
    response = client(committee, "controller").post(
        f"/mal/namnden/2024/tillfallen/{committee['goal'].pk}/",
        {"date": "2024-09-12", "title": "Nämndsammanträde", "attended": "13", "of_total": "14"},
    )
    assert response.status_code == 302
    assert outcome(committee["meetings"], committee["whole"]).value == 3
    assert outcome(committee["meetings"], committee["may"]).value == 2
    up = UnitPeriod.objects.select_related("unit", "period__year").get(pk=committee["up"].pk)
    with pytest.raises(PeriodClosed):
        services.occasion_delete(
            actor=committee["controller"],
            unit_period=up,
            goal=committee["goal"],
            occasion=Occasion.objects.get(date=date(2024, 2, 8)),
            expected_version=1,
        )


def test_a_date_outside_the_year_or_after_the_period_is_refused_beside_the_field(
    committee: dict,
) -> None:
    response = add(committee, "2023-12-14", HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Datum: 2023-12-14 ligger utanför verksamhetsåret 2024." in html
    response = add(committee, "2024-06-13", HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "ligger efter periodens slut (jan–maj 2024)" in response.content.decode()
    response = add(committee, "2024-02-08", attended="15", total="14")  # no JS: the page
    assert response.status_code == 422
    html = response.content.decode()
    assert "Närvarande (15) kan inte vara fler än totalt (14)." in html
    assert "<h1>" in html
    response = add(committee, "2024-02-08", attended="", total="")
    assert response.status_code == 422
    assert "målet följer närvaron" in response.content.decode()
    assert not Occasion.objects.exists() and not MeasureOutcome.objects.exists()


def test_a_typed_value_is_refused_for_a_measure_computed_from_occasions(
    committee: dict,
) -> None:
    held_two_by_may(committee)
    meetings = committee["meetings"]
    stored = outcome(meetings, committee["may"])
    with pytest.raises(EntryError, match="räknas från tillfällen"):
        outcome_set(
            actor=committee["controller"],
            unit_period=committee["up"],
            measure=meetings,
            changes={"value": Decimal(5)},
            expected_version=stored.version,
        )
    # The same value (a re-imported sheet) passes and changes nothing.
    outcome_set(
        actor=committee["controller"],
        unit_period=committee["up"],
        measure=meetings,
        changes={"value": Decimal(2)},
        expected_version=stored.version,
        via=Via.IMPORT,
    )
    count = IndicatorCount.objects.get(measure=committee["attendance"], period=committee["may"])
    with pytest.raises(EntryError, match="räknas från tillfällen"):
        services.indicator_count_set(
            actor=committee["controller"],
            unit_period=committee["up"],
            measure=committee["attendance"],
            changes={"numerator": Decimal(28), "denominator": Decimal(28)},
            expected_version=count.version,
        )
    assert outcome(meetings, committee["may"]).version == stored.version
    # The entry pages offer no field to type it in.
    entry = client(committee, "controller").get("/styrkort/namnden/2024-M05/registrera/")
    html = entry.content.decode()
    assert entry.status_code == 200
    assert "räknas från tillfällen" in html
    assert f'name="m{meetings.pk}-value"' not in html and f"id_m{meetings.pk}_value" not in html
    goals_page = client(committee, "controller").get(PAGE).content.decode()
    assert f"/indikator/{committee['attendance'].pk}/" not in goals_page


# ----------------------------------------------------------------- rights and history


def test_another_units_controller_gets_404_and_the_manager_403(committee: dict) -> None:
    assert add(committee, "2024-02-08", who="other").status_code == 404
    assert add(committee, "2024-02-08", who="manager").status_code == 403
    assert not Occasion.objects.exists()
    held_two_by_may(committee)
    occasion = Occasion.objects.first()
    assert occasion is not None
    url = f"{PAGE}tillfallen/{committee['goal'].pk}/{occasion.pk}/ta-bort/"
    assert client(committee, "other").post(url, {"version": "1"}).status_code == 404
    assert client(committee, "manager").post(url, {"version": "1"}).status_code == 403
    # The manager reads the occasions as a table.
    html = client(committee, "manager").get(PAGE).content.decode()
    assert "<table>" in html and "12 av 14" in html and "Lägg till tillfälle" not in html


def test_history_records_the_occasion_and_the_figures_it_changed(committee: dict) -> None:
    held_two_by_may(committee)
    occasion = Occasion.objects.get(date=date(2024, 2, 8))
    record = occasion.history.first()  # type: ignore[attr-defined]
    assert (record.history_user, record.history_change_reason) == (committee["controller"], Via.WEB)
    figure = outcome(committee["meetings"], committee["may"])
    records = list(figure.history.order_by("history_date"))  # type: ignore[attr-defined]
    assert [r.value for r in records] == [1, 2]
    assert {r.history_change_reason for r in records} == {Via.OCCASIONS}
    assert {r.history_user for r in records} == {committee["controller"]}
    client(committee, "controller").post(
        f"{PAGE}tillfallen/{committee['goal'].pk}/{occasion.pk}/ta-bort/", {"version": "1"}
    )
    deleted = Occasion.history.filter(id=occasion.pk, history_type="-").get()  # type: ignore[attr-defined]
    assert deleted.history_user == committee["controller"]


def test_a_stale_change_is_refused_with_who_saved(committee: dict) -> None:
    held_two_by_may(committee)
    occasion = Occasion.objects.get(date=date(2024, 2, 8))
    url = f"{PAGE}tillfallen/{committee['goal'].pk}/{occasion.pk}/"
    data = {"date": "2024-02-08", "title": "Sammanträde", "attended": "11", "of_total": "14"}
    assert client(committee, "controller").post(url, {**data, "version": "1"}).status_code == 302
    response = client(committee, "controller").post(
        url, {**data, "attended": "13", "version": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "sparade en ändring" in response.content.decode()
    occasion.refresh_from_db()
    assert (occasion.attended, occasion.version) == (11, 2)
