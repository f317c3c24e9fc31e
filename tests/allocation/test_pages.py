"""The allocation page, its Excel export, rights, editing and the demo committee."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from allocation import selectors
from allocation.exporters import HEADER_ROW
from allocation.models import BudgetLine, Inhabitants, MemberOrganisation
from scorecards.models import Unit, UnitMembership, Year
from scorecards.services import Via

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

ORG = "gemensam-namnd"
NBSP = "\u00a0"
MEMBERS = [
    "Arjeplog",
    "Arvidsjaur",
    "Boden",
    "Gällivare",
    "Haparanda",
    "Jokkmokk",
    "Kalix",
    "Kiruna",
    "Luleå",
    "Pajala",
    "Piteå",
    "Älvsbyn",
    "Överkalix",
    "Övertorneå",
]


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def table_url(org: str = ORG, year: int = 2021, name: str = "table") -> str:
    return reverse(f"allocation:{name}", kwargs={"organisation": org, "year": year})


def year() -> Year:
    return Year.objects.select_related("organisation").get(organisation__slug=ORG, year=2021)


def sv(value: int | str) -> str:
    """A whole number as the page writes it: "1 127 000" with no-break spaces."""
    return f"{int(value):,}".replace(",", NBSP)


class _Tables(HTMLParser):
    """The page's tables as lists of rows of cell texts, by section (thead/tbody/tfoot)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self._cell: list[str] | None = None
        self._section = "tbody"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "thead": [], "tbody": [], "tfoot": [], "th": []})
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr":
            self.tables[-1][self._section].append([])
        elif tag in ("td", "th"):
            self._cell = []
            if tag == "th":
                self.tables[-1]["th"].append(dict(attrs).get("scope"))
        elif tag == "caption":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][self._section][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption" and self._cell is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._cell).split())
            self._cell = None
        elif tag in ("thead", "tfoot"):
            self._section = "tbody"

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data.replace(NBSP, " "))


def tables(html: bytes) -> list[dict[str, Any]]:
    parser = _Tables()
    parser.feed(html.decode())
    return parser.tables


def num(text: str) -> int:
    return int(text.replace(" ", "").replace("\u2212", "-"))


# ------------------------------------------------------------------------------- demo


def test_demo_committee_has_14_members_with_inhabitants_and_three_lines() -> None:
    members = MemberOrganisation.objects.filter(organisation__slug=ORG).order_by("order")
    assert [m.name for m in members] == MEMBERS
    assert Inhabitants.objects.filter(year=year()).count() == 14
    lines = {line.title: line for line in BudgetLine.objects.filter(year=year())}
    assert lines["Nämndens kostnader"].amount == Decimal(1127000)
    assert {line.model for line in lines.values()} == {"equal", "per_inhabitant", "half_and_half"}
    # The committee's own unit (from gemensam-namnd.toml, which also holds its years).
    assert Unit.objects.get(slug=ORG).organisation.slug == ORG
    history = MemberOrganisation.history.filter(organisation__slug=ORG).first()
    assert history is not None and history.history_change_reason == Via.COMMAND


# ------------------------------------------------------------------------------ table


def test_table_shows_each_member_share_and_totals_equal_the_line_amounts() -> None:
    response = client_for("admin").get(table_url())
    assert response.status_code == 200
    table = tables(response.content)[0]
    assert table["caption"] == "Fördelning per medlemsorganisation 2021, kr"
    assert set(table["th"]) == {"col", "row"}  # every header cell has its scope
    header = table["thead"][0]
    assert header[:3] == ["Medlemsorganisation", "Invånare", "Andel invånare"]
    assert header[3].startswith("Nämndens kostnader")
    assert header[-1] == "Summa"
    rows = table["tbody"]
    assert [r[0] for r in rows] == MEMBERS
    # Lika delar: 1 127 000 / 14 = 80 500 each.
    assert {num(r[3]) for r in rows} == {80500}
    lines = list(BudgetLine.objects.filter(year=year()).order_by("order"))
    (footer,) = table["tfoot"]
    assert footer[0] == "Summa"
    assert footer[2] == "100,00 %"
    for index, line in enumerate(lines, start=3):
        column = [num(r[index]) for r in rows]
        assert sum(column) == num(footer[index]) == line.amount
    assert num(footer[-1]) == sum(line.amount for line in lines)
    assert all(num(r[-1]) == sum(num(c) for c in r[3:-1]) for r in rows)
    assert num(footer[1]) == sum(num(r[1]) for r in rows)


def test_per_inhabitant_shares_follow_the_inhabitants() -> None:
    built = selectors.allocation_table(year=year())
    column = next(c for c in built.columns if c.line.model == "per_inhabitant")
    assert column.amounts is not None
    total = column.line.amount
    for row, amount in zip(built.rows, column.amounts, strict=True):
        exact = total * row.inhabitants / built.inhabitants_total
        assert abs(amount - exact) < 100  # rounded to hundreds
        assert amount % 100 == 0
    # Luleå has the most inhabitants, Arjeplog the fewest.
    by_name = {r.member.name: a for r, a in zip(built.rows, column.amounts, strict=True)}
    assert max(by_name, key=by_name.__getitem__) == "Luleå"
    assert min(by_name, key=by_name.__getitem__) == "Arjeplog"


def test_table_costs_a_fixed_number_of_queries(django_assert_num_queries: Any) -> None:
    """Members with their inhabitants (2) and the lines (1), whatever their number."""
    y = year()
    with django_assert_num_queries(3):
        selectors.allocation_table(year=y)
    MemberOrganisation.objects.create(organisation=y.organisation, name="Ny kommun", order=99)
    BudgetLine.objects.create(year=y, title="Extra", amount=1400, model="equal")
    with django_assert_num_queries(3):
        built = selectors.allocation_table(year=y)
    assert len(built.rows) == 15


def test_the_page_costs_a_fixed_number_of_queries(django_assert_num_queries: Any) -> None:
    client = client_for("admin")
    client.get(table_url())  # session and user warm
    with django_assert_num_queries(8) as first:
        client.get(table_url())
    y = year()
    for i in range(5):
        member = MemberOrganisation.objects.create(
            organisation=y.organisation, name=f"Kommun {i}", order=50 + i
        )
        Inhabitants.objects.create(member=member, year=y, count=1000 + i)
        BudgetLine.objects.create(year=y, title=f"Rad {i}", amount=19000, model="per_inhabitant")
    with django_assert_num_queries(len(first.captured_queries)):
        assert client.get(table_url()).status_code == 200


def test_missing_inhabitants_stop_only_the_lines_that_need_them() -> None:
    y = year()
    MemberOrganisation.objects.create(organisation=y.organisation, name="Utan siffror", order=99)
    built = selectors.allocation_table(year=y)
    assert built.missing_inhabitants == ["Utan siffror"]
    equal = next(c for c in built.columns if c.line.model == "equal")
    assert equal.allocated and equal.total == equal.line.amount
    for column in built.columns:
        if column.line.model != "equal":
            assert not column.allocated
            assert "Utan siffror" in column.problem
    response = client_for("admin").get(table_url())
    assert "Invånarantal saknas för Utan siffror" in response.content.decode()


def test_region_without_members_answers_with_an_explanation() -> None:
    response = client_for("reader").get(table_url("region-norrbotten"))
    assert response.status_code == 200
    assert "inga medlemsorganisationer" in response.content.decode()
    export = client_for("reader").get(table_url("region-norrbotten", name="export"))
    assert export.status_code == 200


# ----------------------------------------------------------------------------- rights


@pytest.mark.parametrize("username", ["controller", "controller_other", "manager", "reader"])
def test_users_who_dont_see_the_committee_get_404(username: str) -> None:
    client = client_for(username)
    assert client.get(table_url()).status_code == 404
    assert client.get(table_url(name="export")).status_code == 404
    post = client.post(table_url(name="line_save"), {"line": "ny", "title": "x", "amount": "1"})
    assert post.status_code == 404


def test_a_reader_of_the_committee_sees_it_but_may_not_change_it() -> None:
    reader = User.objects.get(username="reader")
    UnitMembership.objects.create(user=reader, unit=Unit.objects.get(slug=ORG), role="reader")
    client = client_for("reader")
    response = client.get(table_url())
    assert response.status_code == 200
    assert "Ändra fördelningen" not in response.content.decode()
    before = BudgetLine.objects.count()
    post = client.post(
        table_url(name="line_save"),
        {"line": "ny", "title": "x", "amount": "1 000", "model": "equal", "rounding": "krona"},
    )
    assert post.status_code == 403
    assert BudgetLine.objects.count() == before


def test_unknown_year_or_organisation_is_404() -> None:
    client = client_for("admin")
    assert client.get(table_url(year=1999)).status_code == 404
    assert client.get(table_url(org="finns-inte")).status_code == 404


# ----------------------------------------------------------------------------- export


def test_excel_export_has_the_figures_as_numbers_and_the_totals() -> None:
    response = client_for("admin").get(table_url(name="export"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "fordelning-gemensam-namnd-2021.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:3] == ["Medlemsorganisation", "Invånare", "Andel invånare"]
    assert header[-1] == "Summa"
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 14))
    assert [r[0].value for r in rows] == MEMBERS
    lines = list(BudgetLine.objects.filter(year=year()).order_by("order"))
    total_row = sheet[HEADER_ROW + 15]
    assert total_row[0].value == "Summa"
    for index, line in enumerate(lines, start=3):
        cells = [r[index] for r in rows]
        assert all(isinstance(c.value, int | float) for c in cells)  # numbers, not text
        assert "#,##0" in cells[0].number_format
        assert sum(c.value for c in cells) == total_row[index].value == line.amount
    assert {r[3].value for r in rows} == {80500}
    assert total_row[len(lines) + 3].value == sum(line.amount for line in lines)
    assert isinstance(rows[0][1].value, int)
    assert rows[0][2].number_format.startswith('#,##0.00"\u00a0%"')  # percent as written


# ------------------------------------------------------------------------------ edits


def test_admin_adds_a_budget_line_with_htmx_and_the_table_shows_it() -> None:
    client = client_for("admin")
    response = client.post(
        table_url(name="line_save"),
        {
            "line": "ny",
            "title": "Utbildning",
            "amount": "140 000",
            "model": "equal",
            "rounding": "hundred",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="allocation">')
    assert "Sparat: Utbildning." in html
    assert '<details class="edit-lines" open>' in html  # the edited section stays open
    line = BudgetLine.objects.get(year=year(), title="Utbildning")
    assert line.amount == Decimal(140000) and line.rounding == "hundred"
    assert sv(10000) in html  # 140 000 / 14
    record = line.history.first()
    assert record.history_change_reason == Via.WEB
    assert record.history_user.username == "admin"


def test_admin_changes_inhabitants_and_the_change_is_audited() -> None:
    member = MemberOrganisation.objects.get(organisation__slug=ORG, name="Kiruna")
    client = client_for("admin")
    response = client.post(
        table_url(name="member_save"),
        {"member": member.pk, "name": "Kiruna", "inhabitants": "23 000"},
    )
    assert response.status_code == 302
    row = Inhabitants.objects.get(member=member, year=year())
    assert row.count == 23000
    assert row.history.first().history_change_reason == Via.WEB
    assert row.history.count() == 2  # demo load (kommando) and this change
    page = client.get(table_url()).content.decode()
    assert 'value="23 000"' in page  # the form shows the count the Swedish way


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Invånare: ”abc” är inte ett tal."),
        ("-5", "Invånare: ”-5” kan inte vara negativt."),
        ("12,5", "Invånare: ange ett helt antal"),
    ],
)
def test_bad_inhabitants_are_refused_naming_the_field(value: str, message: str) -> None:
    member = MemberOrganisation.objects.get(organisation__slug=ORG, name="Boden")
    before = Inhabitants.objects.get(member=member, year=year()).count
    history = Inhabitants.history.count()
    response = client_for("admin").post(
        table_url(name="member_save"),
        {"member": member.pk, "name": "Boden", "inhabitants": value},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    html = response.content.decode().replace("\u2212", "-")
    assert message in html
    assert Inhabitants.objects.get(member=member, year=year()).count == before
    assert Inhabitants.history.count() == history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "abc"}, "Belopp (kr): ”abc” är inte ett tal."),
        ({"amount": "-1 000"}, "Belopp: får inte vara negativt."),
        ({"amount": "1 050", "rounding": "hundred"}, "Belopp: måste gå jämnt upp i 100 kr"),
        ({"title": "Nämndens kostnader"}, "Rubrik: det finns redan en budgetrad"),
        ({"model": "okänd"}, "Välj ett giltigt alternativ"),
    ],
)
def test_bad_budget_lines_are_refused_and_nothing_is_saved(
    data: dict[str, str], message: str
) -> None:
    form = {
        "line": "ny",
        "title": "Ny rad",
        "amount": "1 000",
        "model": "equal",
        "rounding": "krona",
        **data,
    }
    before = BudgetLine.objects.count()
    history = BudgetLine.history.count()
    response = client_for("admin").post(table_url(name="line_save"), form)
    assert response.status_code == 422
    html = response.content.decode().replace("\u2212", "-")
    assert message in html
    assert BudgetLine.objects.count() == before
    assert BudgetLine.history.count() == history


def test_admin_removes_a_budget_line() -> None:
    line = BudgetLine.objects.get(year=year(), title="Gemensamt IT-stöd")
    response = client_for("admin").post(
        table_url(name="line_delete"), {"line": line.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert BudgetLine.history.filter(id=line.pk).first().history_type == "-"


def test_a_line_of_another_organisation_is_404() -> None:
    region_year = Year.objects.get(organisation__slug="region-norrbotten", year=2021)
    other = BudgetLine.objects.create(
        year=region_year, title="Regionens", amount=100, model="equal"
    )
    response = client_for("admin").post(
        table_url(name="line_save"),
        {"line": other.pk, "title": "Kapad", "amount": "1", "model": "equal", "rounding": "krona"},
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "Regionens"


def test_get_on_a_save_endpoint_is_refused() -> None:
    assert client_for("admin").get(table_url(name="member_save")).status_code == 405
