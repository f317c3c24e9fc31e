"""Demo data for investments, read by ``loaddemo``: the ``investment_categories`` tree
of organisation.toml, and the ``investment_frames`` and ``investment_outcomes`` of each
unit file.
"""

from __future__ import annotations

from demo.loading import Data, DemoLoader, Loader, number, text
from investments.models import (
    InvestmentCategory,
    InvestmentFrame,
    InvestmentOutcome,
    YearlyInvestmentOutcome,
)
from scorecards.models import Unit


def load_investment_categories(loader: Loader, doc: Data) -> None:
    """The tree per year; a parent is listed before its children."""
    categories: dict[tuple[int, str], InvestmentCategory] = {}
    for order, data in enumerate(doc.get("investment_categories", []), start=1):
        year = data["year"]
        parent = categories[(year, data["parent"])] if data.get("parent") else None
        categories[(year, data["slug"])] = loader.upsert(
            InvestmentCategory,
            {"year": loader.years[year], "slug": data["slug"]},
            {"parent": parent, "name": data["name"], "order": order},
        )


def load_investments(loader: Loader, unit: Unit, doc: Data) -> None:
    for data in doc.get("yearly_investment_outcomes", []):
        loader.upsert(
            YearlyInvestmentOutcome,
            {"unit": unit, "year": data["year"], "category_name": data["category"]},
            {"amount": number(data, "amount")},
        )
    frames: list[Data] = doc.get("investment_frames", [])
    outcomes: list[Data] = doc.get("investment_outcomes", [])
    if not frames and not outcomes:
        return
    categories = {
        (c.year.year, c.slug): c
        for c in InvestmentCategory.objects.filter(
            year__organisation=loader.organisation
        ).select_related("year")
    }
    for data in frames:
        loader.upsert(
            InvestmentFrame,
            {"unit": unit, "category": categories[(data["year"], data["category"])]},
            {"amount": number(data, "amount")},
        )
    for data in outcomes:
        period = loader.periods[data["period"]]
        loader.upsert(
            InvestmentOutcome,
            {
                "unit": unit,
                "period": period,
                "category": categories[(period.year.year, data["category"])],
            },
            {
                "outcome_earlier_decisions": number(data, "earlier"),
                "outcome_current_decisions": number(data, "current"),
                "forecast": number(data, "forecast"),
                "comment": text(data, "comment"),
            },
        )


INVESTMENTS_DEMO = DemoLoader(
    name="investments", organisation=load_investment_categories, unit=load_investments
)
