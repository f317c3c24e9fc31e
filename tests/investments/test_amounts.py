"""Investments in the organisation's amount unit and words, and nothing empty printed."""

from __future__ import annotations

import pytest

from common.numbers import AmountFormat
from investments import charts, report, selectors
from reports.sections import SectionContext
from scorecards.models import Organisation, Role, Unit, UnitPeriod
from scorecards.terms import OrganisationKind
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def committee(*, frames: bool = True) -> tuple[Unit, UnitPeriod]:
    """A joint committee (kr, "nämnden") with one type of two sub-types, one of them
    without figures; no forecast anywhere."""
    root, _ = factories.organisation_tree(0, slug="gn-inv")
    Organisation.objects.filter(pk=root.organisation_id).update(
        kind=OrganisationKind.JOINT_COMMITTEE
    )
    root.refresh_from_db()
    p = factories.periods(root.organisation, 2023)
    up = factories.unit_period(root, p["T1"])
    year = p["T1"].year
    aids = factories.investment_category(year, "hjalpmedel", name="Hjälpmedel", order=0)
    beds = factories.investment_category(year, "sangar", name="Sängar", parent=aids, order=0)
    factories.investment_category(year, "lyftar", name="Lyftar", parent=aids, order=1)
    vehicles = factories.investment_category(year, "fordon", name="Fordon", order=1)
    factories.investment_outcome(root, p["T1"], beds, earlier="85000", current="40000")
    factories.investment_outcome(root, p["T1"], vehicles, current="250000")
    if frames:
        factories.investment_frame(root, aids, "300000")
    return root, up


def test_the_table_is_in_kr_and_names_the_committee_as_deciding_body() -> None:
    unit, up = committee()
    organisation = unit.organisation
    data = selectors.key_figures(unit_period=up)
    table = charts.investment_table(data, organisation.amounts, organisation.terms)
    assert table.headers[:2] == ["Typ av investering (kr)", "Ram beslutad av nämnden"]
    by_label = {r.label: r.cells for r in table.rows}
    assert by_label["Sängar"][1:4] == [f"85{NBSP}000", f"40{NBSP}000", f"125{NBSP}000"]
    assert by_label["Hjälpmedel"][0] == f"300{NBSP}000"


def test_the_report_leaves_out_empty_sub_rows_and_the_empty_forecast_column() -> None:
    _unit, up = committee()
    context = SectionContext(unit_period=up, keys=("investments",), amounts=AmountFormat("kr", 0))
    shown = report.build(context).shown_table
    assert [r.label for r in shown.rows] == ["Hjälpmedel", "Sängar", "Fordon", "Totalt"]
    assert "Årsprognos" not in shown.headers
    assert shown.headers[1] == "Ram beslutad av nämnden"
    assert all(len(r.cells) == len(shown.headers) - 1 for r in shown.rows)


def test_without_frames_the_report_has_no_frame_column_and_the_chart_no_frame_series() -> None:
    unit, up = committee(frames=False)
    context = SectionContext(unit_period=up, keys=("investments",), amounts=AmountFormat("kr", 0))
    section = report.build(context)
    assert not any(h.startswith("Ram") for h in section.shown_table.headers)
    (chart,) = charts.charts(
        selectors.key_figures(unit_period=up), unit.organisation.amounts, unit.organisation.terms
    )
    assert [t.name for t in chart.figure.data] == ["Utfall totalt"]
    assert chart.title.startswith("Utfall per typ av investering")
    assert chart.headers == ["Typ av investering (kr)", "Utfall totalt"]
    assert chart.rows == [["Hjälpmedel", f"125{NBSP}000"], ["Fordon", f"250{NBSP}000"]]
    assert "Ram" not in chart.alt_text
    (figure,) = section.figures
    assert figure.title == chart.title


def test_with_frames_the_chart_compares_frame_and_outcome_in_the_given_unit() -> None:
    unit, up = committee()
    (chart,) = charts.charts(
        selectors.key_figures(unit_period=up), AmountFormat("tkr", 1), unit.organisation.terms
    )
    assert [t.name for t in chart.figure.data] == ["Ram beslutad av nämnden", "Utfall totalt"]
    assert chart.title.endswith("(tkr)")
    assert list(chart.figure.data[0].y) == [300.0, None]
    assert chart.rows[0] == ["Hjälpmedel", "300,0", "125,0"]
    assert chart.figure.data[1].hovertemplate == "%{y:,.1f} tkr"


def test_the_pages_use_the_committees_unit_and_words() -> None:
    unit, _up = committee()
    client = factories.client_for("c", unit, Role.CONTROLLER)
    page = client.get(f"/styrkort/{unit.slug}/2023-T1/investeringar/").content.decode()
    assert ">Typ av investering (kr)</th>" in page
    assert ">Ram beslutad av nämnden</th>" in page
    assert f'<td class="num">300{NBSP}000</td>' in page
    assert "regionstyrelsen" not in page and "mnkr" not in page
    entry = client.get(f"/styrkort/{unit.slug}/2023-T1/registrera/investeringar/")
    assert entry.status_code == 200
    text = entry.content.decode()
    assert "Ramarna beslutas av nämnden" in text
    assert "regionstyrelsen" not in text
