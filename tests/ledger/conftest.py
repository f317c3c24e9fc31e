"""A small region with a ledger mapping, and SIE files written in the tests."""

from __future__ import annotations

from typing import Any

import pytest

from finance.models import CostKind
from ledger.models import AccountRange, CostCentre, LedgerMapping
from tests import factories

HEAD = '#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20210101 20211231\n#DIM 1 "Ansvar"\n'


def sie(body: str, head: str = HEAD) -> bytes:
    """A SIE file as a financial system writes it: CP437, CR LF."""
    return (head + body).replace("\n", "\r\n").encode("cp437")


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    """entry_world (divisions a and b, their users) with categories and a mapping:
    5000–5999 personal, 3000–3999 income, 1000–2999 ignored; ansvar 100 → a, 200 → b."""
    w: dict[str, Any] = factories.entry_world("led")
    year = w["periods"]["T1"].year
    w["staff"] = factories.cost_category(year, "personal", CostKind.STAFF, name="Personal", order=1)
    w["income"] = factories.cost_category(
        year, "intakter", CostKind.INCOME, name="Intäkter", order=2
    )
    mapping = LedgerMapping.objects.create(year=year)
    AccountRange.objects.create(mapping=mapping, first=1000, last=2999)
    AccountRange.objects.create(mapping=mapping, first=3000, last=3999, category=w["income"])
    AccountRange.objects.create(mapping=mapping, first=5000, last=5999, category=w["staff"])
    CostCentre.objects.create(mapping=mapping, code="100", unit=w["a"])
    CostCentre.objects.create(mapping=mapping, code="200", unit=w["b"])
    w["year"] = year
    w["mapping"] = mapping
    return w
