"""The investment key figure page with seed 000's table (årsrapport 2019)."""

from __future__ import annotations

import pytest
from pytest_django import DjangoAssertNumQueries

from investments import charts, selectors
from scorecards.models import Role, Unit, UnitPeriod
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
URL = "/styrkort/{unit}/{period}/investeringar/"


def build(slug: str = "inv", status: str = UnitPeriod.Status.OPEN) -> tuple[Unit, Unit, UnitPeriod]:
    """Seed 000's 2019 investment table: IT (27 mnkr frame) → Datacenter, Skrivare, …"""
    root, (division, other) = factories.organisation_tree(2, slug=slug)
    p = factories.periods(root.organisation, 2019)
    year, period = p["year"].year, p["year"]
    up = factories.unit_period(division, period, status)
    it = factories.investment_category(year, "it", name="IT", order=0)
    quiet = factories.investment_category(year, "tyst", name="Tyst vårdmiljö", order=1)
    mt = factories.investment_category(year, "mt", name="MT", order=2)
    # Created out of order: the page orders by the tree and each level's order.
    children = [
        (it, "video", "Video", 3, "1400000", "0"),
        (it, "datacenter", "Datacenter (nät och server)", 0, "3600000", "8100000"),
        (it, "skrivare", "Skrivare", 1, "200000", "1200000"),
        (it, "telefoni", "Telefoni", 2, "0", "200000"),
        (mt, "nara", "Närsjukvården", 0, "10400000", "4800000"),
        (mt, "lans", "Länssjukvården", 1, "34500000", "4600000"),
    ]
    for parent, slug_, name, order, earlier, current in children:
        category = factories.investment_category(year, slug_, name=name, parent=parent, order=order)
        factories.investment_outcome(division, period, category, earlier=earlier, current=current)
    factories.investment_outcome(
        division, period, quiet, earlier="1500000", current="0", comment="Ljuddämpning *klar*."
    )
    factories.investment_outcome(division, period, it, comment="Främst **Infoblox**.")
    factories.investment_frame(division, it, "27000000")
    factories.investment_frame(division, mt, "55000000")
    # Another division's frame must not leak into this one's page.
    factories.investment_frame(other, it, "999000000")
    return division, other, up


def page(division: Unit) -> str:
    response = factories.client_for("c", division, Role.CONTROLLER).get(
        URL.format(unit=division.slug, period="2019")
    )
    assert response.status_code == 200
    return response.content.decode()


def test_table_rolls_up_children_and_totals_in_mnkr() -> None:
    division, _, _ = build()
    html = page(division)
    for header in (
        "Typ av investering (mnkr)",
        "Ram beslutad av regionstyrelsen",
        "Utfall beslut före 2019",
        "Utfall beslut inför/under 2019",
        "Utfall totalt",
        "Årsprognos",
    ):
        assert f">{header}</th>" in html
    # IT: 5,2 + 9,5 = 14,7 against a frame of 27; no forecast entered → empty cell.
    assert (
        '<th scope="row">IT</th><td class="num">27,0</td><td class="num">5,2</td>'
        '<td class="num">9,5</td><td class="num">14,7</td><td class="num"></td>'
    ) in html
    assert (
        '<th scope="row" class="level-1">Datacenter (nät och server)</th>'
        '<td class="num"></td><td class="num">3,6</td><td class="num">8,1</td>'
        '<td class="num">11,7</td>'
    ) in html
    assert (
        '<tr class="sum"><th scope="row">Totalt</th><td class="num">82,0</td>'
        '<td class="num">51,6</td><td class="num">18,9</td><td class="num">70,5</td>'
        '<td class="num"></td></tr>'
    ) in html
    assert "999" not in html


def test_rows_come_in_tree_order_with_total_last() -> None:
    _, _, up = build()
    data = selectors.key_figures(unit_period=up)
    assert [(r.name, r.level) for r in data.rows] == [
        ("IT", 0),
        ("Datacenter (nät och server)", 1),
        ("Skrivare", 1),
        ("Telefoni", 1),
        ("Video", 1),
        ("Tyst vårdmiljö", 0),
        ("MT", 0),
        ("Närsjukvården", 1),
        ("Länssjukvården", 1),
        ("Totalt", 0),
    ]


def test_comments_are_shown_under_the_table() -> None:
    division, _, _ = build()
    html = page(division)
    assert "Främst <strong>Infoblox</strong>." in html
    assert "Ljuddämpning <em>klar</em>." in html
    assert html.index("Främst") < html.index("Ljuddämpning")
    assert html.index('id="investments-table"') < html.index("Främst")
    assert factories.inline_scripts(html) == []
    assert html.count('type="application/json"') == 1


def test_chart_builder_uses_swedish_separators_and_has_a_data_table() -> None:
    _, _, up = build()
    data = selectors.key_figures(unit_period=up)
    organisation = up.unit.organisation
    (chart,) = charts.charts(data, organisation.amounts, organisation.terms)
    assert chart.figure.layout.separators == ", "
    assert chart.figure.layout.barmode == "group"
    assert chart.headers == [
        "Typ av investering (mnkr)",
        "Ram beslutad av regionstyrelsen",
        "Utfall totalt",
    ]
    assert chart.rows == [
        ["IT", "27,0", "14,7"],
        ["Tyst vårdmiljö", "", "1,5"],
        ["MT", "55,0", "54,3"],
    ]
    assert list(chart.figure.data[0].y) == [27.0, None, 55.0]
    assert chart.figure_json


def test_controller_of_another_division_gets_404() -> None:
    division, other, _ = build()
    response = factories.client_for("c2", other, Role.CONTROLLER).get(
        URL.format(unit=division.slug, period="2019")
    )
    assert response.status_code == 404


def test_reader_gets_404_for_open_period() -> None:
    division, _, up = build()
    client = factories.client_for("r", division.parent, Role.READER)  # type: ignore[arg-type]
    url = URL.format(unit=division.slug, period="2019")
    assert client.get(url).status_code == 404
    up.status = UnitPeriod.Status.APPROVED
    up.save()
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_query_count_does_not_grow_with_data(
    scale: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    root, (division,) = factories.organisation_tree(1, slug=f"q{scale}")
    p = factories.periods(root.organisation, 2019)
    year, period = p["T1"].year, p["T1"]
    factories.unit_period(division, period)
    for i in range(2 * scale):
        parent = factories.investment_category(year, f"p{i}", name=f"Typ {i}", order=i)
        factories.investment_frame(division, parent, "1000000")
        for j in range(3):
            child = factories.investment_category(
                year, f"p{i}-c{j}", name=f"Undertyp {i}.{j}", parent=parent, order=j
            )
            factories.investment_outcome(
                division, period, child, earlier="100000", current="200000", comment="Text"
            )
    client = factories.client_for(f"c{scale}", division, Role.CONTROLLER)
    # session + user + memberships + unit period + categories + frames + outcomes.
    with django_assert_num_queries(7):
        response = client.get(URL.format(unit=division.slug, period="2019-T1"))
    assert response.status_code == 200
    assert response.content.decode().count("Undertyp ") == 2 * scale * 3 * 2  # table + comments
