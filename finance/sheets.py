"""The Ekonomi and Uppföljning sheets of the Excel workbook.

Amounts are exact kronor, whatever unit the organisation's pages and reports show, so
a file goes back in as it came out; every amount header says "(kr)".
"""

from __future__ import annotations

from finance.models import CostCategory, CostKind, FinanceFigure, FollowUpRow
from finance.services import finance_figure_set, follow_up_row_set
from scorecards.models import UnitPeriod
from spreadsheets.sheets import KR, VERSION, Column, Sheet, SheetRow, service_writer


def _finance_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The cost categories of the period's year with the unit's figures: two queries."""
    period = unit_period.period
    stored = {
        f.category_id: f
        for f in FinanceFigure.objects.filter(unit=unit_period.unit_id, period=period.pk)
    }
    kinds = dict(CostKind.choices)
    return [
        SheetRow(
            ident=(c.pk, c.slug),
            stored=stored.get(c.pk)
            or FinanceFigure(
                unit_id=unit_period.unit_id, period_id=period.pk, category=c, version=0
            ),
            target=c,
            info={"name": c.name, "kind": str(kinds.get(c.kind, c.kind)), "line": c.line},
        )
        for c in CostCategory.objects.filter(year=period.year_id).order_by("order", "pk")
    ]


FINANCE = Sheet(
    title="Ekonomi",
    columns=(
        Column("Id", "id", "category", width=8),
        Column("Kortnamn", "code", "slug", width=16),
        Column("Kategori", "info", "name", width=28, wrap=True),
        Column("Kostnadsslag", "info", "kind", width=16),
        Column("Verksamhet eller projekt", "info", "line", width=24, wrap=True),
        Column("Utfall (kr)", "number", "outcome", KR, width=16),
        Column("Periodbudget (kr)", "number", "period_budget", KR, width=16),
        Column("Årsbudget (kr)", "number", "annual_budget", KR, width=16),
        Column("Årsprognos (kr)", "number", "annual_forecast", KR, width=16),
        Column("Utfall föregående år (kr)", "number", "outcome_previous_year", KR, width=16),
        Column("Förklaring", "text", "comment", width=40, wrap=True),
        VERSION,
    ),
    rows=_finance_rows,
    write=service_writer(finance_figure_set, "category"),
)


# ------------------------------------------------------------------------ Uppföljning


def _follow_up_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The rows of the unit's follow-up tables for the period: one query."""
    rows = (
        FollowUpRow.objects.filter(
            table__unit=unit_period.unit_id, table__period=unit_period.period_id
        )
        .select_related("table")
        .order_by("table__order", "table__pk", "order", "pk")
    )
    return [
        SheetRow(ident=(r.pk,), stored=r, target=r, info={"table": r.table.title, "label": r.label})
        for r in rows
    ]


FOLLOW_UP = Sheet(
    title="Uppföljning",
    columns=(
        Column("Id", "id", "row", width=8),
        Column("Tabell", "info", "table", width=36, wrap=True),
        Column("Rad", "info", "label", width=36, wrap=True),
        Column("Belopp (kr)", "number", "amount", KR, width=16),
        VERSION,
    ),
    rows=_follow_up_rows,
    write=service_writer(follow_up_row_set, "row"),
)
