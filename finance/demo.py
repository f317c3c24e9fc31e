"""Demo data for finance, read by ``loaddemo``: the ``cost_categories`` of
organisation.toml, and the ``finance`` figures and ``follow_up_tables`` of each unit file.
"""

from __future__ import annotations

from demo.loading import Data, DemoLoader, Loader, number, text
from finance.models import (
    CostCategory,
    FinanceFigure,
    FollowUpRow,
    FollowUpTable,
    MonthlyResult,
)
from scorecards.models import Unit


def load_cost_categories(loader: Loader, doc: Data) -> None:
    """The categories of every year they are listed for, in the file's order; ``line``
    (verksamhet or project) is optional."""
    for order, data in enumerate(doc.get("cost_categories", []), start=1):
        for year in data["years"]:
            loader.upsert(
                CostCategory,
                {"year": loader.years[year], "slug": data["slug"]},
                {
                    "name": data["name"],
                    "kind": data["kind"],
                    "line": text(data, "line"),
                    "order": order,
                },
            )


def load_unit(loader: Loader, unit: Unit, doc: Data) -> None:
    load_finance(loader, unit, doc.get("finance", []))
    load_follow_up_tables(loader, unit, doc.get("follow_up_tables", []))
    load_monthly_results(loader, unit, doc.get("monthly_results", []))


def load_monthly_results(loader: Loader, unit: Unit, months: list[Data]) -> None:
    """Resultatutveckling: the result and budget accumulated to the end of each month."""
    for data in months:
        year, month = (int(part) for part in data["month"].split("-"))
        loader.upsert(
            MonthlyResult,
            {"unit": unit, "year": year, "month": month},
            {"outcome": number(data, "outcome"), "budget": number(data, "budget")},
        )


def load_finance(loader: Loader, unit: Unit, figures: list[Data]) -> None:
    if not figures:
        return
    categories = {
        (c.year.year, c.slug): c
        for c in CostCategory.objects.filter(year__organisation=loader.organisation).select_related(
            "year"
        )
    }
    for data in figures:
        period = loader.periods[data["period"]]
        loader.upsert(
            FinanceFigure,
            {
                "unit": unit,
                "period": period,
                "category": categories[(period.year.year, data["category"])],
            },
            {
                "outcome": number(data, "outcome"),
                "period_budget": number(data, "period_budget"),
                "annual_budget": number(data, "annual_budget"),
                "annual_forecast": number(data, "annual_forecast"),
                "outcome_previous_year": number(data, "outcome_previous_year"),
                "comment": text(data, "comment"),
            },
        )


def load_follow_up_tables(loader: Loader, unit: Unit, tables: list[Data]) -> None:
    for order, data in enumerate(tables, start=1):
        table = loader.upsert(
            FollowUpTable,
            {"unit": unit, "period": loader.periods[data["period"]], "title": data["title"]},
            {"order": order},
        )
        for row_order, row in enumerate(data["rows"], start=1):
            loader.upsert(
                FollowUpRow,
                {"table": table, "label": row["label"]},
                {"amount": number(row, "amount"), "order": row_order},
            )


FINANCE_DEMO = DemoLoader(name="finance", organisation=load_cost_categories, unit=load_unit)
