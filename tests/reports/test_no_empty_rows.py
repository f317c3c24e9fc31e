"""Nothing empty is printed: no table row of a report whose cells after the label are all
empty (read from the exact HTML given to WeasyPrint, as `build_report --html` writes it)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from reports.builder import report_data
from reports.pdf import final_html
from scorecards.models import UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

# What a reader takes for "nothing here": a blank cell or a lone dash.
BLANK = {"", "-", "\u2013", "\u2212"}


class Rows(HTMLParser):
    """The text of each table cell, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def empty_rows(html: str) -> list[str]:
    parser = Rows()
    parser.feed(html)
    return [
        row[0]
        for row in parser.rows
        if len(row) >= 3 and row[0] and all(cell in BLANK for cell in row[1:])
    ]


@pytest.mark.parametrize(
    ("unit", "period"),
    [("lansteknik", "2019"), ("lansteknik", "2019-T1"), ("lansteknik", "2021-T1")],
)
def test_the_demo_reports_print_no_empty_table_row(unit: str, period: str) -> None:
    up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug=unit, period__key=period
    )
    assert empty_rows(final_html(report_data(unit_period=up))) == []


def test_the_check_finds_an_empty_row() -> None:
    html = "<table><tr><th>Antal</th><td></td><td>–</td></tr><tr><td>A</td><td>1</td></tr></table>"
    assert empty_rows(html) == ["Antal"]
