"""The finance key figure page with seed 001's figures (delårsrapport T1 2019)."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from finance import charts, selectors
from finance.models import CostKind
from scorecards.models import Role, Unit, UnitPeriod
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
URL = "/styrkort/{unit}/{period}/ekonomi/"


def build(slug: str = "fi", status: str = UnitPeriod.Status.OPEN) -> tuple[Unit, Unit, UnitPeriod]:
    """Seed 001: net cost per kind; result −1,4 mnkr against a budget of −2,2 mnkr.

    The period budgets, the income and the annual figures are made up so that the
    totals match the seed (outcome −1,4, budget −2,2, deviation +0,8, forecast +2).
    """
    root, (division, other) = factories.organisation_tree(2, slug=slug)
    p = factories.periods(root.organisation, 2019)
    year = p["T1"].year
    up = factories.unit_period(division, p["T1"], status)
    staff = factories.cost_category(year, "personal", CostKind.STAFF, name="Personalkostnader")
    other_costs = factories.cost_category(
        year, "ovriga", CostKind.OTHER, name="Övriga kostnader", order=1
    )
    depreciation = factories.cost_category(
        year, "avskrivningar", CostKind.DEPRECIATION, name="Avskrivningar", order=2
    )
    income = factories.cost_category(year, "intakter", CostKind.INCOME, name="Intäkter", order=3)
    factories.finance_figure(
        division,
        p["T1"],
        staff,
        outcome="-32533999",
        period_budget="-37533999",
        annual_budget="-110000000",
        annual_forecast="-104000000",
        outcome_previous_year="-32465224",
        comment="**Överskott** på personalkostnaderna.\n\n<script>alert(1)</script>",
    )
    factories.finance_figure(
        division,
        p["T1"],
        other_costs,
        outcome="-32120055",
        period_budget="-30120055",
        annual_budget="-90000000",
        annual_forecast="-90000000",
        outcome_previous_year="-26125442",
    )
    factories.finance_figure(
        division,
        p["T1"],
        depreciation,
        outcome="-6077282",
        period_budget="-5177282",
        annual_budget="-16000000",
        annual_forecast="-19000000",
        outcome_previous_year="-5306925",
    )
    factories.finance_figure(
        division,
        p["T1"],
        income,
        outcome="69331336",
        period_budget="70631336",
        annual_budget="216000000",
        annual_forecast="215000000",
        outcome_previous_year="62000000",
    )
    factories.follow_up_table(
        division,
        p["T1"],
        "Uppföljning av kostnader och förlorade intäkter pga Covid-19",
        [
            ("Personalkostnader", None),
            ("Övriga kostnader", "400000"),
            ("Förlorade patientintäkter", None),
        ],
    )
    # Another division's figures must not leak into this one's page.
    factories.finance_figure(other, p["T1"], staff, outcome="-999999999")
    return division, other, up


def page(division: Unit) -> str:
    response = factories.client_for("c", division, Role.CONTROLLER).get(
        URL.format(unit=division.slug, period="2019-T1")
    )
    assert response.status_code == 200
    return response.content.decode()


def test_net_cost_table_shows_whole_kronor_and_percent_per_kind() -> None:
    division, _, _ = build()
    html = page(division)
    assert "Nettokostnadsutveckling" in html
    assert (
        f'<th scope="row">Personal</th><td class="num">−32{NBSP}533{NBSP}999</td>'
        f'<td class="num">−32{NBSP}465{NBSP}224</td><td class="num">−68{NBSP}775</td>'
        f'<td class="num">0,21{NBSP}%</td>'
    ) in html
    assert f'<td class="num">−5{NBSP}994{NBSP}613</td><td class="num">22,95{NBSP}%</td>' in html
    assert f'<td class="num">−770{NBSP}357</td><td class="num">14,52{NBSP}%</td>' in html
    assert '<th scope="row">Övriga kostnader</th>' in html
    assert '<th scope="row">Avskrivningar</th>' in html
    assert '<th scope="row">Intäkter</th>' in html


def test_net_cost_rows_follow_cost_kinds() -> None:
    _, _, up = build()
    data = selectors.key_figures(unit_period=up)
    assert [r.label for r in data.net_cost] == [
        "Personal",
        "Övriga kostnader",
        "Avskrivningar",
    ]
    total = data.net_cost_total
    assert total.label == "Totalt"
    # Costs only (income is not a net cost line): seed 001's three kinds summed.
    assert total.current == -32533999 - 32120055 - 6077282


def test_result_against_budget_and_forecast_in_mnkr() -> None:
    division, _, _ = build()
    html = page(division)
    # Seed 001: outcome −1,4 mnkr, budget −2,2 mnkr → +0,8 mnkr; forecast +2 mnkr.
    assert f'<dd class="num">−1,4{NBSP}mnkr</dd>' in html
    assert f'<dd class="num">−2,2{NBSP}mnkr</dd>' in html
    assert f'<dd class="num">+0,8{NBSP}mnkr</dd>' in html
    assert f'<dd class="num">+2,0{NBSP}mnkr</dd>' in html
    # Per category: utfall, periodbudget, avvikelse, årsbudget, årsprognos, prognosavvikelse.
    assert (
        '<th scope="row">Personalkostnader</th><td class="num">−32,5</td>'
        '<td class="num">−37,5</td><td class="num">+5,0</td><td class="num">−110,0</td>'
        '<td class="num">−104,0</td><td class="num">+6,0</td>'
    ) in html
    assert '<td class="num">−32,1</td><td class="num">−30,1</td><td class="num">−2,0</td>' in html


def test_category_comment_is_rendered_as_sanitised_markdown() -> None:
    division, _, _ = build()
    html = page(division)
    assert "<strong>Överskott</strong> på personalkostnaderna." in html
    assert "alert(1)" not in html
    assert factories.inline_scripts(html) == []
    assert html.count('type="application/json"') == 2


def test_follow_up_table_has_computed_sum_in_mnkr_and_empty_cells() -> None:
    division, _, _ = build()
    html = page(division)
    assert "<caption>Uppföljning av kostnader och förlorade intäkter pga Covid-19</caption>" in html
    assert '<th scope="row">Personalkostnader</th><td class="num"></td>' in html
    assert '<th scope="row">Övriga kostnader</th><td class="num">0,4</td>' in html
    assert '<tr class="sum"><th scope="row">Summa</th><td class="num">0,4</td></tr>' in html


def test_chart_builders_use_swedish_separators_and_have_a_data_table() -> None:
    _, _, up = build()
    data = selectors.key_figures(unit_period=up)
    built = charts.charts(data, up.unit.organisation.amounts)
    assert [c.id for c in built] == ["finance-deviation", "finance-net-cost-chart"]
    for chart in built:
        assert chart.figure.layout.separators == ", "
        assert chart.headers and chart.rows
        assert all(len(row) == len(chart.headers) for row in chart.rows)
        assert chart.figure_json
    deviation, net_cost = built
    assert deviation.figure.data[0].orientation == "h"
    assert deviation.rows[0] == ["Personalkostnader", "+5,0"]
    assert deviation.rows[1] == ["Övriga kostnader", "−2,0"]
    assert net_cost.figure.layout.barmode == "group"
    assert net_cost.headers == ["Kostnadsslag", "2019", "2018"]
    assert net_cost.rows[0] == ["Personal", "−32,5", "−32,5"]


def test_controller_of_another_division_gets_404() -> None:
    division, other, _ = build()
    response = factories.client_for("c2", other, Role.CONTROLLER).get(
        URL.format(unit=division.slug, period="2019-T1")
    )
    assert response.status_code == 404


def test_reader_gets_404_for_open_period() -> None:
    division, _, up = build()
    client = factories.client_for("r", division.parent, Role.READER)  # type: ignore[arg-type]
    url = URL.format(unit=division.slug, period="2019-T1")
    assert client.get(url).status_code == 404
    up.status = UnitPeriod.Status.LOCKED
    up.save()
    assert client.get(url).status_code == 200


def test_empty_period_renders_a_message() -> None:
    root, (division,) = factories.organisation_tree(1, slug="fe")
    p = factories.periods(root.organisation, 2019)
    factories.unit_period(division, p["T1"])
    html = page(division)
    assert "Inga ekonomiska utfall är registrerade för perioden." in html


@pytest.mark.parametrize("scale", [1, 10])
def test_query_count_does_not_grow_with_data(
    scale: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    root, (division,) = factories.organisation_tree(1, slug=f"q{scale}")
    p = factories.periods(root.organisation, 2019)
    factories.unit_period(division, p["T1"])
    kinds = list(CostKind)
    for i in range(3 * scale):
        category = factories.cost_category(p["T1"].year, f"k{i}", kinds[i % len(kinds)], order=i)
        factories.finance_figure(
            division,
            p["T1"],
            category,
            outcome="-1000000",
            period_budget="-1100000",
            outcome_previous_year="-900000",
            comment=f"Förklaring {i}",
        )
    for i in range(scale):
        factories.follow_up_table(
            division, p["T1"], f"Tabell {i}", [("Rad", "1000"), ("Rad", None)]
        )
    client = factories.client_for(f"c{scale}", division, Role.CONTROLLER)
    # session + user + memberships + unit period + figures + follow-up tables + their rows.
    with django_assert_num_queries(7):
        response = client.get(URL.format(unit=division.slug, period="2019-T1"))
    assert response.status_code == 200
    assert response.content.decode().count("Förklaring ") == 3 * scale
