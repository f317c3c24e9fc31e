"""The report's goal follow-up (Uppföljning av mål): goals with prognosis and indicators."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from pypdf import PdfReader

from goals import selectors
from goals.models import GoalFollowUp, IndicatorCount
from goals.report import GOALS_SECTION, outcome_text, prognosis, target_text
from reports.builder import report_data, report_html
from reports.models import ReportKind, ReportTemplate
from reports.pdf import report_pdf
from reports.sections import SectionContext, default_section_keys
from scorecards.models import (
    Forecast,
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Perspective,
    Unit,
    UnitGoal,
    UnitPeriod,
    Year,
)
from scorecards.terms import OrganisationKind
from tests import factories

NBSP = "\u00a0"


# ------------------------------------------------------------------ reading (no database)


def measure(**fields: Any) -> Measure:
    values: dict[str, Any] = {"key": "m", "name": "Indikator", "target_direction": "qualitative"}
    return Measure(**(values | fields))


def counted(m: Measure, numerator: int | None, denominator: int | None) -> selectors.IndicatorData:
    count = IndicatorCount(
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
    )
    return selectors.IndicatorData(m, count)


def entered(m: Measure, value: str = "", text: str = "") -> selectors.IndicatorData:
    outcome = MeasureOutcome(value=Decimal(value) if value else None, text=text)
    return selectors.IndicatorData(m, None, outcome)


def test_counts_read_as_part_of_a_whole_with_the_share_only_for_a_share() -> None:
    assert outcome_text(counted(measure(), 6, 10), part_year=True) == "6 av 10"
    share = measure(unit_of_measurement="%")
    assert outcome_text(counted(share, 6, 10), part_year=True) == f"6 av 10 (60{NBSP}%)"
    # 9 of 14 is 64,28… %: the measure's decimals, rounded half up.
    assert outcome_text(
        counted(measure(unit_of_measurement="%", decimals=1), 9, 14), part_year=False
    ) == (f"9 av 14 (64,3{NBSP}%)")
    # A whole of 0 gives no share, but the counts are still what was entered.
    assert outcome_text(counted(share, 0, 0), part_year=False) == "0 av 0"


def test_a_count_without_a_whole_is_a_number_and_says_so_far_when_it_accumulates() -> None:
    assert outcome_text(counted(measure(), 4, None), part_year=True) == "4"
    growing = measure(accumulates=True, unit_of_measurement="st")
    assert outcome_text(counted(growing, 4, None), part_year=True) == f"4{NBSP}st hittills i år"
    assert outcome_text(counted(growing, 4, None), part_year=False) == f"4{NBSP}st"


def test_an_indicator_without_counts_is_read_from_the_scorecard_outcome() -> None:
    assert outcome_text(entered(measure(unit_of_measurement="%"), "79"), part_year=True) == (
        f"79{NBSP}%"
    )
    worded = measure(value_kind=Measure.ValueKind.TEXT)
    assert outcome_text(entered(worded, text=" Rutinen är antagen. "), part_year=True) == (
        "Rutinen är antagen."
    )
    # Counts with only a whole hold no figure: the scorecard's outcome is used.
    only_whole = counted(measure(), None, 10)
    assert outcome_text(only_whole, part_year=True) == ""
    assert outcome_text(selectors.IndicatorData(measure(), None), part_year=True) == ""


def test_the_target_is_written_like_the_outcome() -> None:
    at_least = measure(target_direction="at_least", target_value=Decimal(6), target_text="6 möten")
    assert target_text(at_least) == "minst 6"
    assert target_text(measure(target_direction="at_most", target_value=Decimal(2))) == "högst 2"
    share = measure(target_direction="at_least", target_value=Decimal(80), unit_of_measurement="%")
    assert target_text(share) == f"minst 80{NBSP}%"
    assert (
        target_text(
            measure(target_direction="increase", target_value=Decimal(80), unit_of_measurement="%")
        )
        == f"80{NBSP}%"
    )
    assert target_text(measure(target_text="Fler förvaltningsobjekt")) == "Fler förvaltningsobjekt"
    assert target_text(measure(target_direction="decrease")) == "Minska"
    assert target_text(measure()) == ""


def test_every_forecast_has_a_symbol_and_a_word_of_its_own() -> None:
    shown = {f: prognosis(GoalFollowUp(forecast=f)) for f in Forecast.values}
    assert [(p.symbol, p.word) for p in shown.values()] == [
        ("●", "Uppnås"),
        ("◐", "Uppnås delvis"),
        ("◔", "Risk att inte uppnås"),
        ("○", "Uppnås inte"),
    ]
    assert (prognosis(None).symbol, prognosis(None).word) == ("–", "Ingen prognos")
    assert prognosis(GoalFollowUp(forecast="")).word == "Ingen prognos"


# ------------------------------------------------------------------- the report section


@pytest.fixture
def committee(db: None) -> dict[str, Any]:
    """A made-up joint committee whose own unit reports jan–maj 2023 on four goals."""
    org = Organisation.objects.create(
        slug="gn", name="Gemensam nämnd", kind=OrganisationKind.JOINT_COMMITTEE
    )
    top = Unit.objects.create(
        organisation=org, slug="gn", name="Gemensam nämnd", kind="organisation"
    )
    year = Year.objects.create(organisation=org, year=2023)
    period = Period.objects.create(year=year, kind=Period.Kind.CUSTOM, end_month=5)
    up = factories.unit_period(top, period)
    citizens = Perspective.objects.create(year=year, slug="medborgare", name="Medborgare", order=1)
    in_time = UnitGoal.objects.create(
        unit=top, perspective=citizens, title="Invånarna får hjälpmedel i tid", order=1
    )
    meetings = Measure.objects.create(
        goal=in_time,
        key="sammantraden",
        name="Sammanträden med full närvaro",
        target_direction="at_least",
        target_value=Decimal(5),
        order=1,
    )
    share = Measure.objects.create(
        goal=in_time,
        key="i-tid",
        name="Andel ärenden klara inom 14 dagar",
        unit_of_measurement="%",
        target_direction="at_least",
        target_value=Decimal(80),
        order=2,
    )
    Measure.objects.create(
        goal=in_time, key="nytt", name="Nytt mått utan mål", target_direction="qualitative", order=3
    )
    IndicatorCount.objects.create(measure=meetings, period=period, numerator=2, denominator=6)
    IndicatorCount.objects.create(measure=share, period=period, numerator=9, denominator=14)
    GoalFollowUp.objects.create(
        goal=in_time, period=period, forecast=Forecast.WILL_BE_REACHED, comment="Kön har kortats."
    )
    cooperation = UnitGoal.objects.create(
        unit=top, perspective=citizens, title="Samverkan mellan huvudmännen", order=2
    )
    GoalFollowUp.objects.create(
        goal=cooperation,
        period=period,
        forecast=Forecast.PARTLY,
        comment="**Två** av fyra samverkansmöten hölls.",
    )
    attendance_goal = UnitGoal.objects.create(
        unit=top, perspective=citizens, title="Ledamöterna deltar", order=3
    )
    attendance = Measure.objects.create(
        goal=attendance_goal,
        key="narvaro",
        name="Närvaro vid sammanträden",
        unit_of_measurement="%",
        target_direction="qualitative",
        order=1,
    )
    MeasureOutcome.objects.create(measure=attendance, period=period, value=Decimal(79))
    UnitGoal.objects.create(unit=top, perspective=citizens, title="Nöjda medlemmar", order=4)
    return {
        "org": org,
        "top": top,
        "period": period,
        "up": up,
        "citizens": citizens,
        "goals": (in_time, cooperation, attendance_goal),
    }


def with_template(org: Organisation, sections: list[Any]) -> None:
    template = ReportTemplate(organisation=org, kind=ReportKind.INTERIM, sections=sections)
    template.full_clean()
    template.save()


def fresh(up: UnitPeriod) -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(pk=up.pk)


def section_html(up: UnitPeriod) -> str:
    html = report_html(report_data(unit_period=fresh(up), with_figures=False), for_pdf=False)
    found = re.search(r'<section id="s-goals".*?</section>', html, re.S)
    assert found is not None, "the goals section is not printed"
    return found.group(0)


class Tables(HTMLParser):
    """Each table by id: its rows as lists of cell texts (header row included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id") or "", [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html.replace(NBSP, " "))
    return parser.tables


def test_the_section_is_only_in_a_template_that_names_it(committee: dict) -> None:
    assert "goals" not in default_section_keys()
    html = report_html(report_data(unit_period=fresh(committee["up"])), for_pdf=False)
    assert 'id="s-goals"' not in html


def test_every_goal_is_printed_with_its_indicators_prognosis_and_comment(committee: dict) -> None:
    with_template(committee["org"], ["summary", "goals"])
    html = section_html(committee["up"])
    in_time, cooperation, attendance_goal = committee["goals"]
    # The committee's own word for the goals of its own (top) unit.
    assert "Nämndens mål för 2023" in html
    assert "<h2>Uppföljning av mål</h2>" in html
    found = tables(html)
    assert found[f"mal-{in_time.pk}-indikatorer"] == [
        ["Indikator", "Målvärde", "Utfall"],
        ["Sammanträden med full närvaro", "minst 5", "2 av 6"],
        ["Andel ärenden klara inom 14 dagar", "minst 80 %", "9 av 14 (64 %)"],
    ]
    # No target and no figure: the row is left out; no target in any row: so is the column.
    assert "Nytt mått utan mål" not in html
    assert found[f"mal-{attendance_goal.pk}-indikatorer"] == [
        ["Indikator", "Utfall"],
        ["Närvaro vid sammanträden", "79 %"],
    ]
    # A goal without indicators is printed with its prognosis (symbol + word) and comment.
    assert f"mal-{cooperation.pk}-indikatorer" not in found
    assert "Samverkan mellan huvudmännen" in html
    assert '<span aria-hidden="true">◐</span> Uppnås delvis' in html
    assert "<strong>Två</strong> av fyra samverkansmöten hölls." in html
    assert '<span aria-hidden="true">●</span> Uppnås' in html
    # A goal with nothing entered still shows, without a prognosis.
    assert "Nöjda medlemmar" in html
    assert '<span aria-hidden="true">–</span> Ingen prognos' in html
    # One perspective: no perspective heading, the goals are the section's headings.
    assert "<h3>Medborgare</h3>" not in html
    assert html.count('<h3 class="no-toc">') == 4


def test_goals_are_headed_by_perspective_when_they_span_more_than_one(committee: dict) -> None:
    staff = Perspective.objects.create(
        year=committee["period"].year, slug="medarbetare", name="Medarbetare", order=2
    )
    UnitGoal.objects.create(unit=committee["top"], perspective=staff, title="God arbetsmiljö")
    with_template(committee["org"], ["goals"])
    html = section_html(committee["up"])
    assert html.index("<h3>Medborgare</h3>") < html.index("<h4>Nöjda medlemmar</h4>")
    assert html.index("<h4>Nöjda medlemmar</h4>") < html.index("<h3>Medarbetare</h3>")
    assert html.index("<h3>Medarbetare</h3>") < html.index("<h4>God arbetsmiljö</h4>")


def test_a_division_of_a_region_calls_them_the_divisions_goals(db: None) -> None:
    top, (division, *_rest) = factories.organisation_tree(1)
    p = factories.periods(top.organisation, 2021)
    up = factories.unit_period(division, p[Period.Kind.T1])
    factories.scorecard_goal(division, p[Period.Kind.T1].year, "ekonomi")
    with_template(top.organisation, [{"key": "goals", "heading": "Mål och prognos"}])
    html = section_html(up)
    assert "<h2>Mål och prognos</h2>" in html
    assert "Divisionens mål för 2021" in html
    assert "Nämndens mål" not in html


def test_the_template_may_leave_out_indicators_and_comments(committee: dict) -> None:
    with_template(
        committee["org"],
        [{"key": "goals", "options": {"indicators": False, "comments": False}}],
    )
    html = section_html(committee["up"])
    assert "<table" not in html
    assert "samverkansmöten" not in html
    assert "Uppnås delvis" in html


def test_a_unit_without_goals_for_the_year_gets_no_section(committee: dict) -> None:
    other = Unit.objects.create(
        organisation=committee["org"], parent=committee["top"], slug="kansli", name="Kansliet"
    )
    up = factories.unit_period(other, committee["period"])
    with_template(committee["org"], ["summary", "goals"])
    data = report_data(unit_period=fresh(up), with_figures=False)
    assert not data.sections[1].printed
    assert 'id="s-goals"' not in report_html(data, for_pdf=False)


def test_snapshot_and_key_points_count_the_prognoses(committee: dict) -> None:
    with_template(committee["org"], ["summary", "goals"])
    data = report_data(unit_period=fresh(committee["up"]), with_figures=False)
    in_time, cooperation, _goal = committee["goals"]
    assert data.figures["mål|i-tid|utfall"]["value"] == f"9 av 14 (64{NBSP}%)"
    assert data.figures["mål|narvaro|utfall"]["value"] == f"79{NBSP}%"
    assert data.figures[f"mål|{cooperation.pk}|prognos"]["value"] == "Uppnås delvis"
    assert data.figures[f"mål|{in_time.pk}|prognos"]["label"] == (
        "Invånarna får hjälpmedel i tid › prognos"
    )
    goals = next(g for g in data.key_points if g.title == "Uppföljning av mål")
    assert goals.points == ["1 av 4 mål bedöms uppnås, 1 uppnås delvis, 2 utan prognos"]
    # After the money and the people.
    assert [g.title for g in data.key_points][-1] == "Uppföljning av mål"
    html = report_html(data, for_pdf=False)
    assert "1 av 4 mål bedöms uppnås, 1 uppnås delvis, 2 utan prognos" in html


@pytest.mark.parametrize("extra", [0, 12])
def test_building_the_section_costs_five_queries_whatever_the_goals(
    committee: dict, extra: int, django_assert_num_queries: Any
) -> None:
    for i in range(extra):
        goal = UnitGoal.objects.create(
            unit=committee["top"], perspective=committee["citizens"], title=f"Mål {i}"
        )
        m = Measure.objects.create(
            goal=goal, key=f"k{i}", name=f"Indikator {i}", target_direction="qualitative"
        )
        IndicatorCount.objects.create(
            measure=m, period=committee["period"], numerator=1, denominator=2
        )
        MeasureOutcome.objects.create(measure=m, period=committee["period"], value=Decimal(3))
        GoalFollowUp.objects.create(
            goal=goal, period=committee["period"], forecast=Forecast.AT_RISK
        )
    up = fresh(committee["up"])
    context = SectionContext(unit_period=up, keys=("goals",), terms=up.unit.organisation.terms)
    # goals (with perspectives), measures, follow-ups, counts, scorecard outcomes.
    with django_assert_num_queries(5):
        section = GOALS_SECTION.build(context)
    assert len(section.goals) == 4 + extra


def test_the_pdf_shows_the_prognosis_as_symbol_and_word(committee: dict) -> None:
    with_template(committee["org"], ["goals"])
    pdf = report_pdf(report_data(unit_period=fresh(committee["up"])))
    text = "\n".join(
        re.sub(r"[\u00a0\u2009\u202f]", " ", page.extract_text() or "")
        for page in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "◐ Uppnås delvis" in text
    assert "9 av 14 (64 %)" in text
    assert "Nämndens mål för 2023" in text
