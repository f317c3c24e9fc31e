"""The staff key figure page (väsentliga personalförhållanden) with seed 001's figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from scorecards.models import Role, Unit, UnitPeriod
from staff import charts, selectors
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
URL = "/styrkort/{unit}/{period}/personal/"

# Seed 001 (delårsrapport T1 2019): "2019, 04 Totalt: 4,45% - Kort 2,64 % - Lång 1,81 %
# Kvinnor: 2,4 % Män: 5,25 %", "2018, 04 Total: 4,3% -Kort, 2,71% -Lång 1,6% Kvinnor:
# 2,6% Män: 4,96%", extra time 450 h → 602 h. FTE and headcount are made up.
APRIL_2019: dict[str, str | int | None] = {
    "fte_rolling_12": "120.4",
    "headcount": 131,
    "extra_time_hours": "602",
    "sick_leave_total": "4.45",
    "sick_leave_short": "2.64",
    "sick_leave_long": "1.81",
    "sick_leave_women": "2.4",
    "sick_leave_men": "5.25",
}
APRIL_2018: dict[str, str | int | None] = {
    "fte_rolling_12": "135.0",
    "headcount": 140,
    "extra_time_hours": "450",
    "sick_leave_total": "4.3",
    "sick_leave_short": "2.71",
    "sick_leave_long": "1.6",
    "sick_leave_women": "2.6",
    "sick_leave_men": "4.96",
}


def build(slug: str = "st", status: str = UnitPeriod.Status.OPEN) -> tuple[Unit, Unit, UnitPeriod]:
    """A region with two divisions; the first has staff months for 2018 and jan–apr 2019.

    March 2019 is missing on purpose: it must show as a gap, not as zero.
    """
    root, (division, other) = factories.organisation_tree(2, slug=slug)
    p = factories.periods(root.organisation, 2019)
    up = factories.unit_period(division, p["T1"], status)
    factories.staff_month(division, 2019, 1, fte_rolling_12="125.0", headcount=135)
    factories.staff_month(division, 2019, 2, fte_rolling_12="123.0", headcount=134)
    factories.staff_month(division, 2019, 4, **APRIL_2019)
    for month in (1, 2, 3):
        factories.staff_month(division, 2018, month, fte_rolling_12="136.0", headcount=141)
    factories.staff_month(division, 2018, 4, **APRIL_2018)
    factories.staff_month(division, 2018, 12, headcount=137)
    # Another division's figures must not leak into this one's page.
    factories.staff_month(other, 2019, 4, headcount=999, sick_leave_total="9.99")
    return division, other, up


def test_page_shows_period_against_same_period_last_year() -> None:
    division, _, _ = build()
    response = factories.client_for("c", division, Role.CONTROLLER).get(
        URL.format(unit=division.slug, period="2019-T1")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Väsentliga personalförhållanden" in html
    assert '<th scope="col" class="num">april 2019</th>' in html
    assert '<th scope="col" class="num">april 2018</th>' in html
    # Sick leave this year vs last year and the change in procentenheter.
    assert (
        f'<th scope="row">Sjukfrånvaro totalt</th><td class="num">4,45{NBSP}%</td>'
        f'<td class="num">4,30{NBSP}%</td><td class="num">+0,15{NBSP}procentenheter</td>'
    ) in html
    assert f'<td class="num">5,25{NBSP}%</td><td class="num">4,96{NBSP}%</td>' in html
    # FTE with one decimal, headcount and extra time as whole numbers, changes computed.
    assert '<td class="num">120,4</td><td class="num">135,0</td><td class="num">−14,6</td>' in html
    assert '<td class="num">131</td><td class="num">140</td><td class="num">−9</td>' in html
    assert '<td class="num">602</td><td class="num">450</td><td class="num">+152</td>' in html
    # Seed 002's sentence: headcount against December last year.
    assert "131 anställda, minskning med 6 st jämfört med december 2018." in html
    assert "999" not in html
    assert factories.inline_scripts(html) == []
    assert 'type="application/json"' in html
    assert html.count('class="chart-canvas"') == 4


def test_period_figure_is_the_end_month_row() -> None:
    _, _, up = build()
    data = selectors.key_figures(unit_period=up)
    assert data.current is not None and data.current.month == 4
    assert data.previous is not None and (data.previous.year, data.previous.month) == (2018, 4)
    assert data.change("sick_leave_total").change == Decimal("0.15")


def test_missing_month_is_a_gap_not_a_zero() -> None:
    _, _, up = build()
    data = selectors.key_figures(unit_period=up)
    assert [None if v is None else float(v) for v in data.series("headcount")] == [
        135,
        134,
        None,
        131,
    ]
    chart = charts.headcount_chart(data)
    this_year = chart.figure.data[1]
    assert list(this_year.y) == [135.0, 134.0, None, 131.0]
    assert chart.rows[2] == ["mar", "", "141"]


def test_chart_builders_use_swedish_separators_and_have_a_data_table() -> None:
    _, _, up = build()
    data = selectors.key_figures(unit_period=up)
    built = charts.charts(data)
    assert [c.id for c in built] == [
        "staff-fte",
        "staff-headcount",
        "staff-extra-time",
        "staff-sick-leave",
    ]
    for chart in built:
        assert chart.figure.layout.separators == ", "
        assert chart.headers and chart.rows
        assert all(len(row) == len(chart.headers) for row in chart.rows)
        assert chart.figure_json  # serialisable for the page and the PDF
    sick = built[3]
    assert sick.headers == ["Sjukfrånvaro", "2019", "2018"]
    assert sick.rows[0] == ["Totalt", f"4,45{NBSP}%", f"4,30{NBSP}%"]
    assert sick.figure.layout.barmode == "group"


def test_controller_of_another_division_gets_404() -> None:
    division, other, _ = build()
    response = factories.client_for("c2", other, Role.CONTROLLER).get(
        URL.format(unit=division.slug, period="2019-T1")
    )
    assert response.status_code == 404


def test_reader_gets_404_for_open_period_and_sees_approved_one() -> None:
    division, _, up = build()
    client = factories.client_for("r", division.parent, Role.READER)  # type: ignore[arg-type]
    url = URL.format(unit=division.slug, period="2019-T1")
    assert client.get(url).status_code == 404
    up.status = UnitPeriod.Status.APPROVED
    up.save()
    assert client.get(url).status_code == 200


def test_anonymous_user_is_sent_to_login() -> None:
    division, _, _ = build()
    response = Client().get(URL.format(unit=division.slug, period="2019-T1"))
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_post_is_refused() -> None:
    division, _, _ = build()
    client = factories.client_for("c", division, Role.CONTROLLER)
    assert client.post(URL.format(unit=division.slug, period="2019-T1")).status_code == 405


@pytest.mark.parametrize("scale", [1, 10])
def test_query_count_does_not_grow_with_data(
    scale: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    root, divisions = factories.organisation_tree(scale, slug=f"q{scale}")
    p = factories.periods(root.organisation, 2019)
    division = divisions[0]
    factories.unit_period(division, p["year"])
    months = range(1, 13) if scale > 1 else (12,)
    for unit in divisions:
        for year in (2018, 2019):
            for month in months:
                factories.staff_month(unit, year, month, headcount=100, sick_leave_total="4")
    client = factories.client_for(f"c{scale}", division, Role.CONTROLLER)
    # session + user + memberships + unit period + staff months.
    with django_assert_num_queries(5):
        response = client.get(URL.format(unit=division.slug, period="2019"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<th scope="col" class="num">december 2019</th>' in html
    # A full year's comparison with last December is the same-period comparison.
    assert "anställda, " not in html
