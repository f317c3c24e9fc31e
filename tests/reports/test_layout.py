"""The demo reports as a board member leafs through them: tables that fit, nothing empty
printed, drafts marked, editions numbered, header cells with scope, charts described.

The PDFs are read back with pdfplumber (characters and their positions, fonts, text); the
HTML they were made from is read for rows and header cells.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pdfplumber
import plotly.graph_objects as go
import pytest

from common.chart_svg import figure_svg
from common.charts import Chart, Table, TableRow
from reports.builder import EditionStamp, ReportData, report_data
from reports.pdf import final_html, report_pdf
from reports.report_sections import GOAL_ROWS_PER_PART, PerspectiveReport
from scorecards.models import UnitPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

REPORTS = ["2019", "2019-T1", "2021-T1"]
MM = 72 / 25.4
EDGE = 5 * MM

_data: dict[str, ReportData] = {}
_pdf: dict[str, bytes] = {}


def data(key: str) -> ReportData:
    if key not in _data:
        up = UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
            unit__slug="lansteknik", period__key=key
        )
        _data[key] = report_data(unit_period=up)
    return _data[key]


def pdf(key: str) -> bytes:
    """Each demo report is built once per test run."""
    if key not in _pdf:
        _pdf[key] = report_pdf(data(key))
    return _pdf[key]


def page_texts(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


class Cells(HTMLParser):
    """Each table row's cells (text, tag, attributes), as the PDF's HTML has them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str, dict[str, str | None]]]] = []
        self.cell: tuple[str, dict[str, str | None], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.cell = (tag, dict(attrs), [])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            name, attrs, text = self.cell
            self.rows[-1].append((" ".join("".join(text).split()), name, attrs))
            self.cell = None

    def handle_data(self, text: str) -> None:
        if self.cell is not None:
            self.cell[2].append(text)


def cells(key: str) -> Cells:
    parser = Cells()
    parser.feed(final_html(data(key)))
    return parser


# ------------------------------------------------------------------ the page


@pytest.mark.parametrize("key", REPORTS)
def test_no_character_is_within_5_mm_of_the_page_edge(key: str) -> None:
    outside = []
    with pdfplumber.open(io.BytesIO(pdf(key))) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for char in page.chars:
                if not char["text"].strip():
                    continue
                if (
                    char["x0"] < EDGE
                    or char["x1"] > page.width - EDGE
                    or char["top"] < EDGE
                    or char["bottom"] > page.height - EDGE
                ):
                    outside.append((number, char["text"]))
    assert outside == []


@pytest.mark.parametrize("key", REPORTS)
def test_no_page_but_the_cover_and_the_last_is_nearly_empty(key: str) -> None:
    sparse = []
    with pdfplumber.open(io.BytesIO(pdf(key))) as doc:
        last = len(doc.pages)
        for number, page in enumerate(doc.pages, start=1):
            body = page.height * 0.88  # above the running footer
            tops = [c["top"] for c in page.chars if c["text"].strip() and c["bottom"] < body]
            tops += [i["top"] for i in page.images if i["bottom"] < body]
            bottoms = [c["bottom"] for c in page.chars if c["text"].strip() and c["bottom"] < body]
            bottoms += [i["bottom"] for i in page.images if i["bottom"] < body]
            fill = (max(bottoms) - min(tops)) / (page.height * 0.84) if tops else 0.0
            if 1 < number < last and fill < 0.2:
                sparse.append((number, round(fill, 2)))
    assert sparse == []


@pytest.mark.parametrize("key", REPORTS)
def test_one_font_family_page_numbers_included(key: str) -> None:
    with pdfplumber.open(io.BytesIO(pdf(key))) as doc:
        fonts = {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for p in doc.pages for c in p.chars}
    assert fonts and all(f.startswith("DejaVu-Sans") for f in fonts), fonts


@pytest.mark.parametrize("key", REPORTS)
def test_no_table_row_has_only_its_label(key: str) -> None:
    blank = {"", "-", "–", "−"}
    empty = [
        row[0][0]
        for row in cells(key).rows
        if len(row) >= 3 and row[0][0] and all(text in blank for text, _, _ in row[1:])
    ]
    assert empty == []


@pytest.mark.parametrize("key", REPORTS)
def test_every_header_cell_has_a_scope(key: str) -> None:
    headers = [(text, attrs) for row in cells(key).rows for text, tag, attrs in row if tag == "th"]
    assert headers
    assert [text for text, attrs in headers if not attrs.get("scope")] == []


def test_a_scorecard_goal_heads_its_own_row_group() -> None:
    html = final_html(data("2019"))
    assert '<th scope="rowgroup" colspan="6">Hög säkerhetskultur genomsyrar' in html
    assert "rowspan" not in html


# ------------------------------------------------------------------ status


def test_an_open_periods_report_says_utkast_on_every_page() -> None:
    assert data("2021-T1").unit_period.status == UnitPeriod.Status.OPEN
    texts = page_texts(pdf("2021-T1"))
    assert all("UTKAST" in text for text in texts)


def test_an_approved_periods_report_is_not_a_draft() -> None:
    assert data("2019").unit_period.status == UnitPeriod.Status.APPROVED
    assert not any("UTKAST" in text for text in page_texts(pdf("2019")))


def test_the_cover_carries_the_document_metadata() -> None:
    up = data("2019-T1").unit_period
    cover = page_texts(pdf("2019-T1"))[0]
    for label in ("Dokument-ID", "Version", "Ansvarig", "Upprättad av"):
        assert label in cover
    assert up.document_id in cover
    assert up.document_version in cover
    # Nothing entered, nothing printed: no "Publiceringsdatum –".
    assert up.published_on is None
    assert "Publiceringsdatum" not in cover and "–" not in cover


def test_a_frozen_edition_prints_its_number_date_and_publiceringsdatum() -> None:
    frozen = replace(data("2019"), edition=EditionStamp(number=2, fixed_on=date(2020, 2, 14)))
    texts = page_texts(report_pdf(frozen))
    assert "Utgåva 2, fastställd 2020-02-14" in texts[0]
    # Every page but the cover carries it in the footer, with the publiceringsdatum.
    for text in texts[1:]:
        assert "Utgåva 2, fastställd 2020-02-14" in text
        assert "Publiceringsdatum" in text and "2020-02-14" in text


# ------------------------------------------------------------------ omit, don't pad


def test_an_empty_section_is_left_out() -> None:
    report = data("2019-T1")
    assert report.texts.get("outlook", "") == ""
    html = final_html(report)
    assert "Förväntad utveckling" not in html


def test_staff_rows_without_figures_are_not_printed() -> None:
    html = final_html(data("2021-T1"))
    table = html[html.index('id="staff-key-figures"') :]
    table = table[: table.index("</table>")]
    assert "Sjukfrånvaro totalt" in table
    assert "Sjukfrånvaro kort" not in table  # only the total is entered for April 2021 and 2020


def test_compact_drops_empty_rows_and_columns() -> None:
    table = Table(
        id="t",
        caption="T",
        headers=["Typ", "Ram", "Utfall", "Prognos"],
        rows=[
            TableRow("IT", ["27,0", "14,7", ""]),
            TableRow("Skrivare", ["", "", ""], level=1),
            TableRow("Totalt", ["27,0", "–", ""], is_sum=True),
        ],
    )
    shown = table.compact()
    assert shown.headers == ["Typ", "Ram", "Utfall"]
    assert [(r.label, r.cells) for r in shown.rows] == [
        ("IT", ["27,0", "14,7"]),
        ("Totalt", ["27,0", "–"]),
    ]
    assert shown.rows[1].is_sum


def _line(points: list[float | None]) -> Chart:
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=["jan", "feb", "mar"], y=points, name="2019"))
    fig.add_trace(go.Scatter(x=["jan", "feb", "mar"], y=[None, None, 3.0], name="2018"))
    return Chart(id="c", title="Extratid", figure=fig)


def test_a_line_of_one_point_per_series_is_not_drawn() -> None:
    assert not _line([None, None, 5.0]).is_worth_drawing
    assert _line([1.0, None, 5.0]).is_worth_drawing


def test_a_bar_chart_of_one_category_is_not_drawn() -> None:
    one = go.Figure([go.Bar(x=["Totalt", "Kort"], y=[4.4, None]), go.Bar(x=["Totalt"], y=[4.3])])
    two = go.Figure([go.Bar(x=["Totalt", "Kort"], y=[4.4, 2.6])])
    assert not Chart(id="c", title="Sjukfrånvaro", figure=one).is_worth_drawing
    assert Chart(id="c", title="Sjukfrånvaro", figure=two).is_worth_drawing


# ------------------------------------------------------------------ accessible


def test_chart_alt_text_names_the_series_and_their_values() -> None:
    months = [[m, str(i), str(i + 10) if i < 9 else ""] for i, m in enumerate("abcdefghij")]
    chart = Chart(
        id="c",
        title="Antal anställda",
        figure=go.Figure(),
        headers=["Månad", "2019", "2018"],
        rows=months,
    )
    assert chart.alt_text == "Antal anställda. 2019: 9 (j); 2018: 18 (i)."
    few = replace(chart, rows=[["Totalt", "4,45 %", "4,30 %"]])
    assert few.alt_text == "Antal anställda. Totalt: 2019 4,45 %, 2018 4,30 %."


def test_report_charts_carry_their_values_in_the_alt_text() -> None:
    html = final_html(data("2019-T1"))
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
    assert any(
        a.startswith("Avvikelse mot periodbudget") and "Personalkostnader: +5,0" in a for a in alts
    )


# ------------------------------------------------------------------ goal parts


def test_a_long_goal_is_printed_in_parts_each_naming_the_goal() -> None:
    item = next(i for i in data("2019").section_data("perspectives") if i.block.goals)
    goal = item.block.goals[0]
    rows = (goal.rows * (2 * GOAL_ROWS_PER_PART))[: GOAL_ROWS_PER_PART + 2]
    long = PerspectiveReport(
        replace(item.block, goals=[replace(goal, rows=rows)]),
        item.text,
    )
    parts = long.goal_parts
    assert [len(p.rows) for p in parts] == [5, 5]
    assert [p.continued for p in parts] == [False, True]
    assert all(p.goal == goal.goal for p in parts)


def test_a_printed_bar_chart_leaves_out_empty_series_and_categories() -> None:
    fig = go.Figure(
        [
            go.Bar(x=["IT", "Fordon"], y=[None, None], name="Ram beslutad"),
            go.Bar(x=["IT", "Fordon"], y=[1.4, None], name="Utfall totalt"),
            go.Bar(x=["IT", "Fordon"], y=[1.0, None], name="Årsprognos"),
        ]
    )
    svg = figure_svg(fig).decode()
    assert "IT" in svg and "Utfall totalt" in svg and "Årsprognos" in svg
    assert "Fordon" not in svg and "Ram beslutad" not in svg
    only = go.Figure([fig.data[0], fig.data[1]])
    # The one series left still names itself in the legend.
    assert "Utfall totalt" in figure_svg(only).decode()


def test_the_perspective_figure_shows_the_models_perspectives_in_order_on_one_page() -> None:
    html = final_html(data("2021-T1"))
    figure = re.search(r'<figure class="perspective-figure keep">(.*?)</figure>', html, re.S)
    assert figure is not None
    names = re.findall(r"<li>(.*?)</li>", figure.group(1))
    assert names == [
        block.perspective.name for block in data("2021-T1").section_data("governance").perspectives
    ]
    assert len(names) == 5
    pages = [t for t in page_texts(pdf("2021-T1")) if "Styrmodellens 5 perspektiv" in t]
    assert len(pages) == 1 and all(name in pages[0] for name in names)
