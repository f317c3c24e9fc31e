"""The overview heat map: tiles, the roll-up row, filters, worst first, constant queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from scorecards import rules, selectors
from scorecards.models import (
    Attainment,
    Measure,
    MeasureOutcome,
    Organisation,
    Role,
    UnitPeriod,
)
from tests import factories

pytestmark = pytest.mark.django_db


def region(n: int, slug: str = "hm") -> dict:
    """``n`` divisions with three measures each (at most 10): division i has i of them
    not achieved (values 20) and the rest achieved (value 1), statuses alternating."""
    root, divisions = factories.organisation_tree(n, slug=slug)
    periods = factories.periods(root.organisation, 2021)
    ups = []
    for i, division in enumerate(divisions):
        status = UnitPeriod.Status.SUBMITTED if i % 2 else UnitPeriod.Status.OPEN
        ups.append(factories.unit_period(division, periods["T1"], status))
        factories.scorecard_model(division, periods["T1"], 3)
        for j, measure in enumerate(Measure.objects.filter(goal__unit=division).order_by("key")):
            MeasureOutcome.objects.filter(measure=measure, period=periods["T1"]).update(
                value=Decimal(20) if j < min(i, 3) else Decimal(1)
            )
    return {
        "root": root,
        "divisions": divisions,
        "ups": ups,
        "chef": factories.user(f"{slug}-chef", unit=root, role=Role.MANAGER),
    }


def test_overall_light_is_the_most_common_assessed_light_with_ties_to_the_worse() -> None:
    counts = dict.fromkeys(Attainment.values, 0)
    assert rules.overall_light(counts) == Attainment.NOT_ASSESSED
    counts.update({"achieved": 2, "not_achieved": 1, "not_assessed": 9})
    assert rules.overall_light(counts) == Attainment.ACHIEVED
    counts.update({"not_achieved": 2})
    assert rules.overall_light(counts) == Attainment.NOT_ACHIEVED


def test_tiles_count_lights_and_the_rollup_sums_every_unit() -> None:
    world = region(3)
    (table,) = selectors.overview(user=world["chef"], period_key="2021-T1")
    by_unit = {row.unit_period.unit.slug: row for row in table.rows}
    worst = by_unit[world["divisions"][2].slug]
    assert worst.counts["not_achieved"] == 2 and worst.counts["achieved"] == 1
    assert worst.light == Attainment.NOT_ACHIEVED
    assert table.rollup_counts == {
        "achieved": 6,
        "partly": 0,
        "not_achieved": 3,
        "not_assessed": 0,
    }
    assert sum(cell.total for cell in table.rollup) == 9


def test_filters_and_worst_first() -> None:
    world = region(4)
    shown = selectors.OverviewFilter(only_not_achieved=True, sort=selectors.OverviewSort.WORST)
    (table,) = selectors.overview(user=world["chef"], period_key="2021-T1", shown=shown)
    assert [row.unit_period.unit.name for row in table.rows] == [
        "Division 3",
        "Division 2",
        "Division 1",
    ]
    assert table.unit_count == 4  # the roll-up still counts every unit
    submitted = selectors.OverviewFilter(status=UnitPeriod.Status.SUBMITTED)
    (table,) = selectors.overview(user=world["chef"], period_key="2021-T1", shown=submitted)
    assert {row.unit_period.status for row in table.rows} == {"submitted"}
    assert len(table.rows) == 2


def test_filter_from_query_ignores_unknown_values() -> None:
    shown = selectors.OverviewFilter.from_query({"status": "x", "sortera": "y", "visa": "z"})
    assert shown == selectors.OverviewFilter()
    shown = selectors.OverviewFilter.from_query(
        {"status": "approved", "sortera": "samst", "visa": "ej-uppnatt"}
    )
    assert shown == selectors.OverviewFilter("approved", True, "samst")


def test_page_shows_tiles_with_words_status_and_links() -> None:
    world = region(2)
    client = Client()
    client.force_login(world["chef"])
    html = client.get("/oversikt/2021-T1/?sortera=samst").content.decode()
    division = world["divisions"][1]
    assert f'href="/styrkort/{division.slug}/2021-T1/#p-medborgare"' in html
    assert "1 ej uppnått" in html  # the counts in words for a screen reader
    assert "Klarmarkerad" in html and "Öppen" in html
    assert "Hela Region hm (2 enheter)" in html
    htmx = client.get("/oversikt/2021-T1/?visa=ej-uppnatt", HTTP_HX_REQUEST="true")
    body = htmx.content.decode()
    assert body.lstrip().startswith('<div id="overview-tables"')
    assert "Division 0" not in body  # no "ej uppnått": filtered out


def test_overview_queries_do_not_grow_with_units(django_assert_num_queries: object) -> None:
    small = region(2, slug="s")
    large = region(8, slug="l")
    expected = 6  # roles, unit periods, periods, perspectives, measures+outcomes, assessments
    for world in (small, large):
        user = type(world["chef"]).objects.get(pk=world["chef"].pk)  # roles not cached yet
        with django_assert_num_queries(expected):  # type: ignore[operator]
            (table,) = selectors.overview(user=user, period_key="2021-T1")
        assert len(table.rows) == len(world["divisions"])
    assert Organisation.objects.count() == 2
