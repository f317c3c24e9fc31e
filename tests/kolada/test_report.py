"""The Kolada section of a report (issue 18 item 3, "the report may include it"): not in
the default report; a report template adds it, and it prints the measure's period
outcome beside Kolada's own value, the peers' median and the position, as words."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from kolada.charts import peer_ranges
from kolada.report import build
from reports.builder import default_specs, report_data, report_html
from reports.models import ReportKind, ReportTemplate
from reports.sections import SectionContext
from scorecards.models import UnitPeriod
from scorecards.selectors import measure_detail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "kolada" / "demo.json"


def unit_period(key: str) -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(
        unit__slug="lansteknik", period__key=key
    )


def test_the_section_compares_the_linked_measures_with_the_peers() -> None:
    up = unit_period("2019")
    assert not build(SectionContext(unit_period=up, keys=("kolada",))).has_content
    call_command("fetch_kolada", "--from-file", str(DEMO_FILE), verbosity=0)
    data = build(SectionContext(unit_period=up, keys=("kolada",)))
    assert data.table is not None
    rows = {row.label: row.cells for row in data.table.rows}
    turnover = rows["Personalomsättning av tillsvidareanställd personal (lägre är bättre)"]
    # Kolada 2019: Region Norrbotten 8,1 %, median 8,3 % of four peers, place 3 of 5.
    assert turnover[1:] == [
        "2019",
        "8,1\u00a0%",
        "8,3\u00a0%",
        "3 av 5",
        "▲ Bättre än medianen",
    ]
    assert data.table.headers[3] == "Region Norrbotten"


def test_only_a_template_adds_it_and_then_it_is_printed() -> None:
    call_command("fetch_kolada", "--from-file", str(DEMO_FILE), verbosity=0)
    assert "kolada" not in [s.key for s in default_specs(ReportKind.ANNUAL)]
    up = unit_period("2019")
    template = ReportTemplate(
        organisation=up.unit.organisation,
        kind=ReportKind.ANNUAL,
        sections=["summary", "kolada"],
    )
    template.full_clean()
    template.save()
    html = report_html(report_data(unit_period=up, with_figures=False), for_pdf=True)
    assert "Jämförelse med andra (Kolada)" in html
    assert "Bättre än medianen" in html


def test_the_measure_chart_shows_the_peers_range_for_full_years() -> None:
    up = unit_period("2019")
    manager = User.objects.get(username="manager")
    detail = measure_detail(user=manager, unit_period=up, key="sjukfranvaro")
    assert peer_ranges(detail.measure, detail.points, up.unit.organisation_id) == []
    call_command("fetch_kolada", "--from-file", str(DEMO_FILE), verbosity=0)
    (band,) = peer_ranges(detail.measure, detail.points, up.unit.organisation_id)
    assert band.name == "Kolada: övriga norrlandsregioner (median, lägst–högst)"
    # Kolada's figures are annual: only the full year 2019 gets a range.
    assert list(band.by_label) == ["Helår 2019"]
    low, median, high = band.by_label["Helår 2019"]
    assert low <= median <= high
    client = Client()
    client.force_login(manager)
    page = client.get("/styrkort/lansteknik/2019/matt/sjukfranvaro/").content.decode()
    assert "Kolada: övriga norrlandsregioner (median, lägst–högst)" in page
    assert "median " in page and "–" in page
