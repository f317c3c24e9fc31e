"""The Investeringar sheet of the Excel workbook.

Amounts are exact kronor, whatever unit the organisation's pages and reports show, so
a file goes back in as it came out; every amount header says "(kr)".
"""

from __future__ import annotations

from investments.models import InvestmentCategory, InvestmentFrame, InvestmentOutcome
from investments.services import amount_locks, investment_outcome_set
from scorecards.models import UnitPeriod
from spreadsheets.sheets import KR, VERSION, Column, Sheet, SheetRow, service_writer


def _tree_order(categories: list[InvestmentCategory]) -> list[InvestmentCategory]:
    """Each top-level type followed by its sub-types, as the investment table lists them."""
    children: dict[int, list[InvestmentCategory]] = {}
    for c in categories:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    ordered = []
    for parent in (c for c in categories if c.parent_id is None):
        ordered.append(parent)
        ordered.extend(children.get(parent.pk, []))
    return ordered


def _investment_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """Every investment type of the year with the unit's outcome and frame: three queries.

    An amount that rolls up from the sub-types (or is carried by the parent) is locked
    on that row, by the investments app's own rule.
    """
    period = unit_period.period
    categories = _tree_order(
        list(InvestmentCategory.objects.filter(year=period.year_id).order_by("order", "pk"))
    )
    names = {c.pk: c.name for c in categories}
    frames = dict(
        InvestmentFrame.objects.filter(
            unit=unit_period.unit_id, category__year=period.year_id
        ).values_list("category_id", "amount")
    )
    stored = {
        o.category_id: o
        for o in InvestmentOutcome.objects.filter(unit=unit_period.unit_id, period=period.pk)
    }
    locks = amount_locks(
        categories=[(c.pk, c.parent_id, c.name) for c in categories], outcomes=stored
    )
    return [
        SheetRow(
            ident=(c.pk, c.slug),
            stored=stored.get(c.pk)
            or InvestmentOutcome(
                unit_id=unit_period.unit_id, period_id=period.pk, category=c, version=0
            ),
            target=c,
            info={
                "parent": names.get(c.parent_id, "") if c.parent_id else "",
                "name": c.name,
                "frame": frames.get(c.pk),
            },
            locked=locks.get(c.pk, {}),
        )
        for c in categories
    ]


INVESTMENTS = Sheet(
    title="Investeringar",
    columns=(
        Column("Id", "id", "category", width=8),
        Column("Kortnamn", "code", "slug", width=16),
        Column("Överordnad typ", "info", "parent", width=18),
        Column("Typ", "info", "name", width=24, wrap=True),
        Column("Ram (kr)", "info", "frame", KR, width=16),
        Column("Utfall beslut före året (kr)", "number", "outcome_earlier_decisions", KR, width=18),
        Column(
            "Utfall beslut inför/under året (kr)",
            "number",
            "outcome_current_decisions",
            KR,
            width=18,
        ),
        Column("Årsprognos (kr)", "number", "forecast", KR, width=16),
        Column("Kommentar", "text", "comment", width=40, wrap=True),
        VERSION,
    ),
    rows=_investment_rows,
    write=service_writer(investment_outcome_set, "category"),
)
