"""Fixed keys per member, lines billed directly to one member, inhabitants carried over."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from allocation import rules, selectors
from allocation.models import BudgetLine, Inhabitants, MemberOrganisation
from scorecards.models import Year

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

ORG = "gemensam-namnd"
PAGE = f"/fordelning/{ORG}/2023/"


def test_a_fixed_key_of_50_25_25_spreads_an_uneven_amount_exactly() -> None:
    # 100 001 kr: exact shares 50 000,50 / 25 000,25 / 25 000,25; the krona left over
    # goes to the largest remainder (the first member's 0,50).
    shares = rules.allocate(
        Decimal(100001),
        [Decimal(50), Decimal(25), Decimal(25)],
        rules.AllocationModel.FIXED_KEY,
        rules.Rounding.KRONA,
    )
    assert shares == [Decimal(50001), Decimal(25000), Decimal(25000)]
    # Parts instead of percent: only the proportions count.
    same = rules.allocate(
        Decimal(100001), [2, 1, 1], rules.AllocationModel.FIXED_KEY, rules.Rounding.KRONA
    )
    assert same == shares


def test_a_fixed_key_without_parts_is_not_allocated() -> None:
    with pytest.raises(rules.AllocationImpossible, match="Fördelningsnyckeln saknas"):
        rules.allocate(Decimal(900), [0, 0, 0], rules.AllocationModel.FIXED_KEY, "krona")


def admin() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def members() -> list[MemberOrganisation]:
    return list(MemberOrganisation.objects.filter(organisation__slug=ORG).order_by("order", "name"))


def test_the_page_saves_a_fixed_key_line_shared_by_three_members() -> None:
    by_name = {m.name: m for m in members()}
    lulea, pitea, boden = by_name["Luleå"], by_name["Piteå"], by_name["Boden"]
    response = admin().post(
        f"{PAGE}budgetrader/",
        {
            "line": "ny",
            "title": "Gemensam tolktjänst",
            "amount": "100 001",
            "model": "fixed_key",
            "rounding": "krona",
            f"key_{lulea.pk}": "50",
            f"key_{pitea.pk}": "25",
            f"key_{boden.pk}": "25",
        },
    )
    assert response.status_code in (200, 302)
    line = BudgetLine.objects.get(title="Gemensam tolktjänst")
    table = selectors.allocation_table(year=line.year)
    column = next(c for c in table.columns if c.line == line)
    by_member = dict(zip((r.member.name for r in table.rows), column.amounts or [], strict=True))
    assert (by_member["Luleå"], by_member["Piteå"], by_member["Boden"]) == (
        Decimal(50001),
        Decimal(25000),
        Decimal(25000),
    )
    assert sum(by_member.values()) == Decimal(100001)


def test_a_fixed_key_without_any_part_is_refused_and_nothing_saved() -> None:
    response = admin().post(
        f"{PAGE}budgetrader/",
        {
            "line": "ny",
            "title": "Utan nyckel",
            "amount": "1 000",
            "model": "fixed_key",
            "rounding": "krona",
        },
    )
    assert "Ange minst en medlems andel" in response.content.decode()
    assert not BudgetLine.objects.filter(title="Utan nyckel").exists()


def test_a_direct_line_is_billed_to_one_member_outside_the_shared_total() -> None:
    year = Year.objects.get(organisation__slug=ORG, year=2023)
    before = selectors.allocation_table(year=year)
    kiruna = next(m for m in members() if m.name == "Kiruna")
    admin().post(
        f"{PAGE}budgetrader/",
        {
            "line": "ny",
            "title": "Kirunas egna hjälpmedel",
            "amount": "312 500",
            "model": "direct",
            "rounding": "krona",
            "member": kiruna.pk,
        },
    )
    table = selectors.allocation_table(year=year)
    assert table.allocated_total == before.allocated_total  # the shared total is unchanged
    assert [c.line.title for c in table.direct_columns] == ["Kirunas egna hjälpmedel"]
    kiruna_row = next(r for r in table.rows if r.member == kiruna)
    assert kiruna_row.direct_total == Decimal(312500)
    assert kiruna_row.grand_total == kiruna_row.total + Decimal(312500)
    assert all(r.direct_total == 0 for r in table.rows if r.member != kiruna)
    page = admin().get(PAGE).content.decode()
    assert "Fakturerat direkt till en medlem 2023" in page


def test_a_direct_line_needs_its_member() -> None:
    response = admin().post(
        f"{PAGE}budgetrader/",
        {
            "line": "ny",
            "title": "Utan medlem",
            "amount": "500",
            "model": "direct",
            "rounding": "krona",
        },
    )
    assert "Välj medlemmen som raden faktureras." in response.content.decode()
    assert not BudgetLine.objects.filter(title="Utan medlem").exists()


def test_the_new_year_starts_from_last_years_inhabitants() -> None:
    call_command(
        "rollover_year",
        "--organisation",
        ORG,
        "--to",
        "2024",
        "--user",
        "admin",
        stdout=io.StringIO(),
    )
    carried = {
        i.member.name: i.count
        for i in Inhabitants.objects.filter(year__year=2024, year__organisation__slug=ORG)
    }
    source = {
        i.member.name: i.count
        for i in Inhabitants.objects.filter(year__year=2023, year__organisation__slug=ORG)
    }
    assert carried == source and len(carried) == 14
    assert not BudgetLine.objects.filter(year__year=2024, year__organisation__slug=ORG).exists()
