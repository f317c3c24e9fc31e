"""Ekonomi per verksamhet: intäkter, kostnader and resultat per line (verksamhet or
project), in the report's amount unit; and a joint committee's amounts in kr."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from common.numbers import AmountFormat
from finance import charts, report, selectors
from finance.models import CostCategory, CostKind
from reports.builder import report_data, report_html
from reports.models import ReportKind, ReportTemplate
from reports.sections import SectionContext
from scorecards.models import Organisation, Period, Role, Unit, UnitPeriod
from scorecards.terms import OrganisationKind
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
KR = AmountFormat("kr", 0)


def committee(slug: str = "gn") -> tuple[Unit, dict[str, Period]]:
    """A joint committee whose own unit reports (its amounts default to kr, 0 decimals)."""
    root, _divisions = factories.organisation_tree(0, slug=slug)
    Organisation.objects.filter(pk=root.organisation_id).update(
        kind=OrganisationKind.JOINT_COMMITTEE
    )
    root.refresh_from_db()
    return root, factories.periods(root.organisation, 2023)


def category(period: Period, slug: str, kind: str, line: str = "", order: int = 0) -> CostCategory:
    c = factories.cost_category(period.year, slug, kind, name=slug.title(), order=order)
    if line:
        c.line = line
        c.save()
    return c


def build(period_kind: str = "T1") -> UnitPeriod:
    """Two lines and a category without one:

    Kansliet: income 400 000 (budget 380 000), staff −250 000 (−260 000), other −65 000
    (−60 000) → result +85 000 against +60 000. Projekt Y: costs only. "Lokaler": no line.
    """
    unit, p = committee()
    period = p[period_kind]
    up = factories.unit_period(unit, period)
    kansli_income = category(period, "avgifter", CostKind.INCOME, "Kansliet", order=0)
    kansli_staff = category(period, "personal", CostKind.STAFF, "Kansliet", order=1)
    project = category(period, "konsulter", CostKind.OTHER, "Projekt Y", order=2)
    kansli_other = category(period, "ovrigt", CostKind.OTHER, "Kansliet", order=3)
    premises = category(period, "lokaler", CostKind.OTHER, order=4)
    factories.finance_figure(
        unit,
        period,
        kansli_income,
        outcome="400000",
        period_budget="380000",
        annual_budget="1140000",
        annual_forecast="1160000",
    )
    factories.finance_figure(
        unit,
        period,
        kansli_staff,
        outcome="-250000",
        period_budget="-260000",
        annual_budget="-780000",
        annual_forecast="-770000",
    )
    factories.finance_figure(
        unit,
        period,
        kansli_other,
        outcome="-65000",
        period_budget="-60000",
        annual_budget="-180000",
        annual_forecast="-185000",
    )
    factories.finance_figure(
        unit,
        period,
        project,
        outcome="-30000",
        period_budget="-40000",
        annual_budget="-120000",
        annual_forecast="-110000",
    )
    factories.finance_figure(unit, period, premises, outcome="-20000", period_budget="-20000")
    return up


def context(
    up: UnitPeriod, *, categories: bool = False, amounts: AmountFormat = KR
) -> SectionContext:
    return SectionContext(
        unit_period=up,
        keys=("finance_lines",),
        amounts=amounts,
        options={"categories": categories},
    )


def rows(table: charts.GroupedTable) -> dict[str, dict[str, list[str]]]:
    """{group: {row label: cells}} of a table."""
    return {g.label: {r.label: r.cells for r in g.rows} for g in table.groups}


def test_lines_group_categories_in_category_order_with_the_unlined_under_the_unit() -> None:
    up = build()
    data = selectors.key_figures(unit_period=up)
    assert [(line.name, [c.slug for c in line.categories]) for line in data.lines] == [
        ("Kansliet", ["avgifter", "personal", "ovrigt"]),
        ("Projekt Y", ["konsulter"]),
        (up.unit.name, ["lokaler"]),
    ]


def test_each_line_has_income_costs_and_result_with_signed_deviation_in_kr() -> None:
    up = build()
    table = report.build_lines(context(up)).shown_table
    assert table.headers == [
        "Verksamhet eller projekt",
        "Budget",
        "Utfall",
        "Avvikelse",
        "Helårsbudget",
        "Helårsprognos",
    ]
    kansliet = rows(table)["Kansliet"]
    assert kansliet["Intäkter"] == [
        f"380{NBSP}000",
        f"400{NBSP}000",
        f"+20{NBSP}000",
        f"1{NBSP}140{NBSP}000",
        f"1{NBSP}160{NBSP}000",
    ]
    # Costs are negative: −315 000 against a budget of −320 000 is 5 000 better.
    assert kansliet["Kostnader"] == [
        f"−320{NBSP}000",
        f"−315{NBSP}000",
        f"+5{NBSP}000",
        f"−960{NBSP}000",
        f"−955{NBSP}000",
    ]
    # Resultat = intäkter + kostnader: 400 000 − 315 000.
    assert kansliet["Resultat"] == [
        f"60{NBSP}000",
        f"85{NBSP}000",
        f"+25{NBSP}000",
        f"180{NBSP}000",
        f"205{NBSP}000",
    ]
    # A project that only costs: no Intäkter row, and a deviation below budget is "−".
    assert list(rows(table)["Projekt Y"]) == ["Kostnader", "Resultat"]
    assert rows(table)["Projekt Y"]["Resultat"][:3] == [
        f"−40{NBSP}000",
        f"−30{NBSP}000",
        f"+10{NBSP}000",
    ]
    assert rows(table)[up.unit.name]["Kostnader"][:3] == [f"−20{NBSP}000", f"−20{NBSP}000", "0"]


def test_the_total_sums_every_line_and_is_the_sections_result() -> None:
    up = build()
    section = report.build_lines(context(up))
    total = rows(section.shown_table)["Totalt"]
    # 400 000 − 250 000 − 65 000 − 30 000 − 20 000 = 35 000.
    assert total["Resultat"][:3] == ["0", f"35{NBSP}000", f"+35{NBSP}000"]
    assert total["Intäkter"][1] == f"400{NBSP}000"
    assert total["Kostnader"][1] == f"−365{NBSP}000"
    assert section.total.outcome == 35000
    assert list(rows(section.shown_table)) == ["Kansliet", "Projekt Y", up.unit.name, "Totalt"]


def test_one_line_is_not_repeated_as_a_total() -> None:
    unit, p = committee("gn1")
    up = factories.unit_period(unit, p["T1"])
    income = category(p["T1"], "avgifter", CostKind.INCOME)
    factories.finance_figure(unit, p["T1"], income, outcome="85000")
    table = report.build_lines(context(up)).shown_table
    assert [g.label for g in table.groups] == [unit.name]


def test_the_categories_option_adds_each_category_under_its_line() -> None:
    up = build()
    without = rows(report.build_lines(context(up)).shown_table)["Kansliet"]
    assert list(without) == ["Intäkter", "Kostnader", "Resultat"]
    shown = report.build_lines(context(up, categories=True)).shown_table
    kansliet = rows(shown)["Kansliet"]
    assert list(kansliet) == ["Intäkter", "Avgifter", "Kostnader", "Personal", "Ovrigt", "Resultat"]
    assert kansliet["Personal"][:3] == [f"−260{NBSP}000", f"−250{NBSP}000", f"+10{NBSP}000"]
    levels = {r.label: r.level for r in shown.groups[0].rows}
    assert levels["Personal"] > levels["Kostnader"]
    # The total stays three rows: its categories are the lines' above.
    assert list(rows(shown)["Totalt"]) == ["Intäkter", "Kostnader", "Resultat"]


def test_empty_rows_and_columns_are_left_out() -> None:
    unit, p = committee("gn2")
    period = p["T1"]
    up = factories.unit_period(unit, period)
    income = category(period, "avgifter", CostKind.INCOME, "Kansliet")
    costs = category(period, "personal", CostKind.STAFF, "Kansliet", order=1)
    empty = category(period, "projekt", CostKind.OTHER, "Projekt Z", order=2)
    # No annual figures anywhere; the project has a figure row with nothing in it.
    factories.finance_figure(unit, period, income, outcome="100000", period_budget="90000")
    factories.finance_figure(unit, period, costs, outcome="-40000", period_budget="-45000")
    factories.finance_figure(unit, period, empty)
    section = report.build_lines(context(up))
    table = section.shown_table
    assert table.headers == ["Verksamhet eller projekt", "Budget", "Utfall", "Avvikelse"]
    assert "Projekt Z" not in rows(table)
    assert all(len(r.cells) == 3 for g in table.groups for r in g.rows)
    # The figure diff keeps every cell, each row named by its line.
    assert "Projekt Z › Kostnader" in [r.label for r in section.table.flat.rows]
    assert section.has_content


def test_no_figures_no_content() -> None:
    unit, p = committee("gn3")
    up = factories.unit_period(unit, p["T1"])
    category(p["T1"], "avgifter", CostKind.INCOME, "Kansliet")
    assert not report.build_lines(context(up)).has_content


def test_an_annual_report_has_no_full_year_columns() -> None:
    up = build("year")
    table = report.build_lines(context(up)).shown_table
    assert table.headers == ["Verksamhet eller projekt", "Budget", "Utfall", "Avvikelse"]


def test_amounts_follow_the_given_unit() -> None:
    up = build()
    table = report.build_lines(context(up, amounts=AmountFormat("tkr", 1))).shown_table
    assert "(tkr)" in table.caption
    assert rows(table)["Kansliet"]["Resultat"][:2] == ["60,0", "85,0"]


class Cells(HTMLParser):
    """Every th with its attributes, and the text of every cell, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[dict[str, str | None]] = []
        self.texts: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "th":
            self.headers.append(dict(attrs))
        if tag in ("th", "td"):
            self._open = True
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td"):
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.texts[-1] += data


def committee_template(up: UnitPeriod, options: dict[str, bool] | None = None) -> None:
    spec: dict[str, object] = {"key": "finance_lines"}
    if options is not None:
        spec["options"] = options
    ReportTemplate.objects.create(
        organisation=up.unit.organisation, kind=ReportKind.INTERIM, sections=["summary", spec]
    )


def test_the_report_prints_the_lines_with_scoped_headers_and_the_key_figures_in_kr() -> None:
    up = build()
    committee_template(up)
    data = report_data(unit_period=up, with_figures=False)
    assert data.keys == ["summary", "finance_lines"]
    (money,) = [g for g in data.key_points if g.title == "Ekonomiskt resultat"]
    # The period's result and the year's forecast (1 160 000 − 770 000 − 185 000 − 110 000).
    assert money.points == [
        f"Periodens resultat per april: +35{NBSP}000{NBSP}kr",
        f"Årsprognos: +95{NBSP}000{NBSP}kr",
    ]
    html = report_html(data, for_pdf=False)
    assert 'id="s-finance_lines"' in html
    assert "<h2>Ekonomi per verksamhet</h2>" in html
    assert "mnkr" not in html
    start = html.index('id="finance-lines"')
    table_html = html[start : html.index("</table>", start)]
    parser = Cells()
    parser.feed("<table " + table_html)
    scopes = {h.get("scope") for h in parser.headers}
    assert scopes == {"col", "row", "rowgroup"}
    assert next(h for h in parser.headers if h.get("scope") == "rowgroup")["colspan"] == "6"
    assert "Kansliet" in parser.texts and f"85{NBSP}000" in parser.texts


def test_the_template_option_shows_the_categories_in_the_report() -> None:
    up = build()
    committee_template(up, {"categories": True})
    html = report_html(report_data(unit_period=up, with_figures=False), for_pdf=False)
    assert '<th scope="row" class="level-1">Personal</th>' in html


def test_a_report_with_both_finance_sections_keeps_the_deviation_key_points() -> None:
    up = build()
    ReportTemplate.objects.create(
        organisation=up.unit.organisation,
        kind=ReportKind.INTERIM,
        sections=["summary", "finance", "finance_lines"],
    )
    data = report_data(unit_period=up, with_figures=False)
    (money,) = [g for g in data.key_points if g.title == "Ekonomiskt resultat"]
    # 35 000 against a period budget of 0 (380 000 − 260 000 − 60 000 − 40 000 − 20 000).
    assert money.points[0] == (
        f"Utfall per april +35{NBSP}000{NBSP}kr, 35{NBSP}000{NBSP}kr bättre än periodens budget"
    )


def test_a_joint_committees_85_000_kr_is_never_0_1_mnkr() -> None:
    unit, p = committee("gn4")
    period = p["T1"]
    up = factories.unit_period(unit, period)
    income = category(period, "avgifter", CostKind.INCOME, "Kansliet")
    factories.finance_figure(
        unit, period, income, outcome="85000", period_budget="80000", annual_forecast="85000"
    )
    assert unit.organisation.amounts == KR
    data = report_data(unit_period=up, with_figures=False)
    (money,) = [g for g in data.key_points if g.title == "Ekonomiskt resultat"]
    assert money.points[0].startswith(f"Utfall per april +85{NBSP}000{NBSP}kr")
    html = report_html(data, for_pdf=False)
    assert "0,1" not in html and "mnkr" not in html
    assert f'<td class="num">85{NBSP}000</td>' in html
    assert "(kr)" in html

    page = (
        factories.client_for("c", unit, Role.CONTROLLER)
        .get(f"/styrkort/{unit.slug}/2023-T1/ekonomi/")
        .content.decode()
    )
    assert f'<dd class="num">85{NBSP}000{NBSP}kr</dd>' in page
    assert f'<dd class="num">+5{NBSP}000{NBSP}kr</dd>' in page
    assert "mnkr" not in page
    # The line's own table is on the page, as the category names one.
    assert 'id="finance-lines"' in page


def test_charts_are_drawn_in_the_given_unit() -> None:
    up = build()
    data = selectors.key_figures(unit_period=up)
    deviation, net_cost = charts.charts(data, KR)
    assert deviation.title.endswith("(kr)")
    assert deviation.headers == ["Kostnadskategori", "Avvikelse (kr)"]
    assert deviation.rows[0] == ["Avgifter", f"+20{NBSP}000"]
    assert next(iter(deviation.figure.data[0].x)) == 20000.0
    assert deviation.figure.layout.xaxis.title.text == "kr"
    assert "kr" in deviation.figure.data[0].hovertemplate
    assert ".0f" in deviation.figure.data[0].hovertemplate
    assert net_cost.figure.layout.yaxis.title.text == "kr"
    assert "mnkr" not in deviation.alt_text


def test_the_line_is_shown_where_categories_are_entered_and_exported() -> None:
    up = build()
    client = factories.client_for("c", up.unit, Role.CONTROLLER)
    entry = client.get(f"/styrkort/{up.unit.slug}/2023-T1/registrera/ekonomi/").content.decode()
    assert '<th scope="row">Personal<br><span class="muted">Kansliet</span></th>' in entry
    assert '<th scope="row">Lokaler</th>' in entry

    from finance.sheets import FINANCE

    by_slug = {row.ident[1]: row.info["line"] for row in FINANCE.rows(up)}
    assert by_slug["konsulter"] == "Projekt Y" and by_slug["lokaler"] == ""
    assert "Verksamhet eller projekt" in [c.header for c in FINANCE.columns]


def test_every_amount_column_of_the_sheets_says_kr() -> None:
    from finance.sheets import FINANCE, FOLLOW_UP
    from investments.sheets import INVESTMENTS

    amount_columns = [
        c
        for sheet in (FINANCE, FOLLOW_UP, INVESTMENTS)
        for c in sheet.columns
        if c.kind == "number" or c.name == "frame"
    ]
    assert len(amount_columns) == 10
    assert all(c.header.endswith("(kr)") for c in amount_columns)


class StubLoader:
    """What finance.demo reads of the demo loader: the years and the upsert."""

    def __init__(self, year: object) -> None:
        self.years = {2023: year}

    def upsert(
        self, model: type[CostCategory], lookup: dict[str, Any], values: dict[str, Any]
    ) -> CostCategory:
        obj, _ = model.objects.update_or_create(**lookup, defaults=values)
        return obj


def test_the_demo_reads_the_line_of_a_cost_category() -> None:
    from finance.demo import load_cost_categories

    _unit, p = committee("gn5")
    doc = {
        "cost_categories": [
            {"slug": "avgifter", "name": "Avgifter", "kind": "income", "years": [2023]},
            {
                "slug": "projekt",
                "name": "Projektkostnader",
                "kind": "other",
                "years": [2023],
                "line": "Projekt Y",
            },
        ]
    }
    load_cost_categories(StubLoader(p["T1"].year), doc)  # type: ignore[arg-type]
    lines = dict(CostCategory.objects.filter(year=p["T1"].year).values_list("slug", "line"))
    assert lines == {"avgifter": "", "projekt": "Projekt Y"}
