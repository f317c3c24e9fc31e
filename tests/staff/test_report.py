"""The report's staff section prints nothing empty: no blank row or column, no one-point
line, no section without staff figures."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from reports.sections import BuiltSection, SectionContext
from scorecards.models import Unit, UnitPeriod
from staff import charts, selectors
from staff.report import STAFF_SECTION, StaffSection
from tests import factories

pytestmark = pytest.mark.django_db

BLANK = {"", "-", "\u2013", "\u2212"}


@pytest.fixture
def division(db: None) -> tuple[Unit, UnitPeriod]:
    root, (division, _other) = factories.organisation_tree(2, slug="st-rep")
    up = factories.unit_period(division, factories.periods(root.organisation, 2021)["T1"])
    return division, up


def build(up: UnitPeriod, *, texts: dict[str, str] | None = None) -> StaffSection:
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(pk=up.pk)
    return STAFF_SECTION.build(SectionContext(unit_period=up, keys=("staff",), texts=texts or {}))


def html(up: UnitPeriod, data: StaffSection) -> str:
    return render_to_string(
        STAFF_SECTION.template,
        {"data": data, "section": BuiltSection(STAFF_SECTION, data), "report": None, "up": up},
    )


def test_rows_and_columns_without_figures_are_left_out(
    division: tuple[Unit, UnitPeriod],
) -> None:
    # Only the sick leave total this April, nothing last year: seven of the eight rows
    # and the comparison columns have no figure.
    unit, up = division
    factories.staff_month(unit, 2021, 4, sick_leave_total="5.3")
    data = build(up)
    assert len(data.table.rows) == 8  # the figure diff keeps every row
    table = data.shown_table
    assert [r.label for r in table.rows] == ["Sjukfrånvaro totalt"]
    assert table.headers == ["Nyckeltal", "april 2021"]
    assert table.rows[0].cells == ["5,30\u00a0%"]
    page = html(up, data)
    cells = page.split("<tbody>")[1].split("</tbody>")[0].split("<td")
    assert all(c.split(">", 1)[1].split("<", 1)[0].strip() not in BLANK for c in cells[1:])
    assert STAFF_SECTION.has_content(data)


def test_without_staff_figures_the_section_is_left_out(
    division: tuple[Unit, UnitPeriod],
) -> None:
    unit, up = division
    # Another unit's figures are not this one's.
    factories.staff_month(
        Unit.objects.exclude(pk=unit.pk).get(slug="st-rep-div1"), 2021, 4, headcount=9
    )
    assert not STAFF_SECTION.has_content(build(up))
    # A text written for the section is still printed: it is the unit's own report.
    assert STAFF_SECTION.has_content(build(up, texts={"staff": "Inga siffror ännu."}))


def test_a_line_chart_needs_two_points_in_each_series(
    division: tuple[Unit, UnitPeriod],
) -> None:
    unit, up = division
    factories.staff_month(unit, 2021, 4, fte_rolling_12="120", headcount=131)
    for month in range(1, 13):
        factories.staff_month(unit, 2020, month, fte_rolling_12="130", headcount=140)
    data = selectors.key_figures(unit_period=up)
    fte = charts.fte_chart(data)
    # Last year's line has four points, this year's one: the drawing would show a line
    # against a lone dot, so the report leaves it out (the table has both figures).
    assert fte.is_worth_drawing
    assert not charts.lines_are_drawn(fte)
    assert build(up).figures == []


def test_a_line_chart_with_two_points_per_series_is_drawn(
    division: tuple[Unit, UnitPeriod],
) -> None:
    unit, up = division
    for year in (2020, 2021):
        for month in (1, 4):
            factories.staff_month(unit, year, month, fte_rolling_12="120", headcount=131)
    titles = [f.title for f in build(up).figures]
    assert titles == ["Arbetad tid omvandlat till årsarbetare, rullande 12 mån", "Antal anställda"]
    # The bar chart of sick leave is not a line: it follows Chart.is_worth_drawing alone.
    assert charts.lines_are_drawn(charts.sick_leave_chart(selectors.key_figures(unit_period=up)))
