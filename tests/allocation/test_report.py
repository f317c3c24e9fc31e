"""The report's allocation section (Fördelning per medlem): the /fordelning/ table in the
report of the organisation's own unit, in the report's amount unit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from allocation.models import BudgetLine, Inhabitants, MemberOrganisation
from allocation.report import ALLOCATION_SECTION, COLUMNS_ON_A4, AllocationSection
from allocation.rules import AllocationModel, Rounding
from common.numbers import AmountFormat, parse_number
from reports.builder import report_data, report_html
from reports.models import ReportKind, ReportTemplate
from reports.sections import BuiltSection, SectionContext, default_section_keys, section_keys
from scorecards.models import Period, Unit, UnitPeriod, Year
from scorecards.terms import OrganisationKind
from tests import factories

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
LINES = [
    ("Administration", "100000", AllocationModel.EQUAL, Rounding.KRONA),
    ("Hjälpmedel", "1000000", AllocationModel.PER_INHABITANT, Rounding.KRONA),
    ("IT-stöd", "250000", AllocationModel.HALF_AND_HALF, Rounding.HUNDRED),
]
MEMBERS = [("Arjeplog", 2700), ("Boden", 28000), ("Kalix", 15800)]


@pytest.fixture
def committee(db: None) -> dict:
    """A joint committee of three members with three budget lines for 2023; its own unit
    and one verksamhet below it report jan–maj."""
    root, (below,) = factories.organisation_tree(1, slug="gn-ford")
    organisation = root.organisation
    organisation.kind = OrganisationKind.JOINT_COMMITTEE
    organisation.save()
    year = Year.objects.create(organisation=organisation, year=2023)
    may = Period.objects.create(year=year, kind=Period.Kind.CUSTOM, end_month=5)
    for order, (name, count) in enumerate(MEMBERS):
        member = MemberOrganisation.objects.create(
            organisation=organisation, name=name, order=order
        )
        Inhabitants.objects.create(member=member, year=year, count=count)
    add_lines(year, LINES)
    return {
        "up": factories.unit_period(root, may),
        "below": factories.unit_period(below, may),
        "year": year,
    }


def add_lines(year: Year, lines: Sequence[tuple[str, str, str, str]]) -> None:
    first = BudgetLine.objects.filter(year=year).count() + 1
    for order, (title, amount, model, rounding) in enumerate(lines, start=first):
        BudgetLine.objects.create(
            year=year,
            title=title,
            amount=Decimal(amount),
            model=model,
            rounding=rounding,
            order=order,
        )


def fresh(up: UnitPeriod) -> UnitPeriod:
    return UnitPeriod.objects.select_related("unit__organisation", "period__year").get(pk=up.pk)


def build(up: UnitPeriod, amounts: AmountFormat | None = None) -> AllocationSection | None:
    up = fresh(up)
    return ALLOCATION_SECTION.build(
        SectionContext(
            unit_period=up,
            keys=("allocation",),
            amounts=amounts or up.unit.organisation.amounts,
        )
    )


def html(up: UnitPeriod, data: AllocationSection | None) -> str:
    built = BuiltSection(ALLOCATION_SECTION, data)
    return render_to_string(
        ALLOCATION_SECTION.template, {"data": data, "section": built, "report": None, "up": up}
    )


def kr(cell: str) -> Decimal:
    return parse_number(cell) if cell else Decimal(0)


def test_a_template_may_name_it_but_the_default_report_leaves_it_out() -> None:
    assert "allocation" in section_keys()
    assert "allocation" not in default_section_keys()
    assert str(ALLOCATION_SECTION.title) == "Fördelning per medlem"
    assert ALLOCATION_SECTION.position == 75


def test_members_down_lines_across_and_the_totals_equal_the_budget_lines_exactly(
    committee: dict,
) -> None:
    data = build(committee["up"])
    assert data is not None and ALLOCATION_SECTION.has_content(data)
    [table] = data.shown_tables
    assert table.caption == "Fördelning per medlemsorganisation 2023, kr"
    assert table.headers == [
        "Medlemsorganisation",
        "Invånare",
        "Andel invånare",
        "Administration",
        "Hjälpmedel",
        "IT-stöd",
        "Summa",
    ]
    *members, total = table.rows
    assert [r.label for r in members] == ["Arjeplog", "Boden", "Kalix"]
    assert total.label == "Summa" and total.is_sum
    for column, (_title, amount, _model, _rounding) in enumerate(LINES, start=2):
        # Each member's share as printed adds up to the line, and so does the total.
        assert sum(kr(r.cells[column]) for r in members) == Decimal(amount)
        assert kr(total.cells[column]) == Decimal(amount)
    assert kr(total.cells[-1]) == Decimal(1_350_000)
    assert total.cells[0] == f"46{NBSP}500"
    assert total.cells[1] == f"100,00{NBSP}%"
    # Equal shares of 100 000 kr over three: 33 334 + 33 333 + 33 333 (largest remainder).
    assert [r.cells[2] for r in members] == [f"33{NBSP}334", f"33{NBSP}333", f"33{NBSP}333"]
    assert members[0].cells[1] == f"5,81{NBSP}%"


def test_amounts_follow_the_reports_unit(committee: dict) -> None:
    data = build(committee["up"], AmountFormat("tkr", 0))
    assert data is not None
    [table] = data.shown_tables
    assert table.caption.endswith(", tkr")
    assert table.rows[-1].cells[-1] == f"1{NBSP}350"
    assert [line.amount for line in data.lines][:1] == [f"100{NBSP}tkr"]


def test_printed_with_the_lines_and_their_models(committee: dict) -> None:
    data = build(committee["up"])
    page = html(committee["up"], data)
    assert page.startswith('<section id="s-allocation" class="chapter">')
    assert "<h2>Fördelning per medlem</h2>" in page
    assert '<th scope="row">Boden</th>' in page
    assert f"Hjälpmedel: 1{NBSP}000{NBSP}000{NBSP}kr, per invånare." in page
    assert "–" not in page.split("<tbody>")[1].split("</tbody>")[0]


def test_missing_inhabitants_are_told_and_the_line_per_inhabitant_left_out(
    committee: dict,
) -> None:
    Inhabitants.objects.filter(member__name="Kalix").delete()
    data = build(committee["up"])
    assert data is not None
    [table] = data.shown_tables
    # Only the equal line could be allocated; the others are told in the note.
    assert table.headers == ["Medlemsorganisation", "Invånare", "Administration", "Summa"]
    assert kr(table.rows[-1].cells[1]) == Decimal(100_000)
    assert data.missing_inhabitants == ["Kalix"]
    page = html(committee["up"], data)
    assert "Invånarantal saknas för Kalix." in page
    assert [p.title for p in data.problems] == ["Hjälpmedel", "IT-stöd"]
    assert "Inte fördelad" in page


def test_more_lines_than_fit_are_turned_lines_down(committee: dict) -> None:
    extra = [
        (f"Rad {n}", "1000", AllocationModel.EQUAL, Rounding.KRONA)
        for n in range(COLUMNS_ON_A4 - 3 - len(LINES) + 1)
    ]
    add_lines(committee["year"], extra)
    data = build(committee["up"])
    assert data is not None
    [table] = data.shown_tables
    assert table.headers == ["Budgetrad", "Arjeplog", "Boden", "Kalix", "Summa"]
    labels = [r.label for r in table.rows]
    assert labels[:2] == ["Invånare", "Andel invånare"]
    assert labels[2:5] == ["Administration", "Hjälpmedel", "IT-stöd"]
    assert labels[-1] == "Summa"
    for row, (_title, amount, _model, _rounding) in zip(
        table.rows[2:-1], LINES + extra, strict=True
    ):
        assert sum(kr(c) for c in row.cells[:-1]) == Decimal(amount) == kr(row.cells[-1])


def test_many_members_are_split_into_parts_with_the_sum_in_the_last(committee: dict) -> None:
    organisation = committee["up"].unit.organisation
    for n in range(10):
        member = MemberOrganisation.objects.create(
            organisation=organisation, name=f"Kommun {n:02d}", order=10 + n
        )
        Inhabitants.objects.create(member=member, year=committee["year"], count=1000 + n)
    add_lines(
        committee["year"],
        [(f"Rad {n}", "13000", AllocationModel.EQUAL, Rounding.KRONA) for n in range(3)],
    )
    data = build(committee["up"])
    assert data is not None
    parts = data.shown_tables
    assert len(parts) == 3  # 13 members, six a part
    assert all(len(t.headers) <= COLUMNS_ON_A4 + 1 for t in parts)
    assert [t.headers[-1] == "Summa" for t in parts] == [False, False, True]
    assert parts[0].caption.endswith("(del 1 av 3)")
    assert len({t.id for t in parts}) == 3
    hjalpmedel = [next(r for r in t.rows if r.label == "Hjälpmedel") for t in parts]
    members = [c for row in hjalpmedel[:-1] for c in row.cells] + hjalpmedel[-1].cells[:-1]
    assert sum(kr(c) for c in members) == Decimal(1_000_000) == kr(hjalpmedel[-1].cells[-1])


def test_without_budget_lines_the_section_is_left_out(committee: dict) -> None:
    BudgetLine.objects.filter(year=committee["year"]).delete()
    data = build(committee["up"])
    assert not ALLOCATION_SECTION.has_content(data)


def test_only_the_organisations_own_unit_reports_the_allocation(committee: dict) -> None:
    # The allocation is the organisation's: a unit below it does not repeat it.
    below = committee["below"]
    assert Unit.objects.get(pk=below.unit_id).parent_id is not None
    data = build(below)
    assert data is None
    assert not ALLOCATION_SECTION.has_content(data)
    assert ALLOCATION_SECTION.tables(data) == []


def test_a_region_without_members_or_lines_prints_nothing(db: None) -> None:
    root, _ = factories.organisation_tree(0, slug="reg-ford")
    up = factories.unit_period(root, factories.periods(root.organisation, 2023)["T1"])
    assert not ALLOCATION_SECTION.has_content(build(up))


def test_a_template_naming_it_prints_it_in_the_own_units_report_only(committee: dict) -> None:
    up = committee["up"]
    ReportTemplate.objects.create(
        organisation=up.unit.organisation,
        kind=ReportKind.INTERIM,
        sections=["allocation"],
    )
    own = report_html(report_data(unit_period=fresh(up), with_figures=False), for_pdf=False)
    assert 'id="s-allocation"' in own and '<th scope="row">Kalix</th>' in own
    below = report_data(unit_period=fresh(committee["below"]), with_figures=False)
    assert below.keys == ["allocation"]
    assert 'id="s-allocation"' not in report_html(below, for_pdf=False)
