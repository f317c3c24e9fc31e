"""The finance pages. Visibility is the selectors' one rule; views hold no rules."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from common.numbers import AmountFormat, format_number, format_percent
from finance import charts, rules, selectors, services
from finance.forms import FinanceFigureForm, FollowUpRowForm
from finance.models import CostCategory, FinanceFigure, FollowUpRow, FollowUpTable
from scorecards.entry import EntryAccess, EntryRow, entry_access, replaced, save_row, save_with
from scorecards.models import Action, Period, UnitPeriod
from scorecards.selectors import unit_period_for


@require_GET
def key_figures(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Ekonomi: result against budget, forecast, net cost development and follow-ups."""
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    data = selectors.key_figures(unit_period=unit_period)
    amounts = unit_period.unit.organisation.amounts
    return render(
        request,
        "finance/key_figures.html",
        {
            "up": unit_period,
            "data": data,
            "amounts": amounts,
            "total": data.total,
            "category_table": charts.category_table(data, amounts),
            "lines_table": _lines_table(data, amounts),
            "net_cost_table": charts.net_cost_table(data),
            "follow_up_tables": charts.follow_up_tables(data, amounts),
            "deviation_chart": charts.deviation_chart(data, amounts),
            "net_cost_chart": charts.net_cost_chart(data, amounts),
        },
    )


def _lines_table(
    data: selectors.FinanceKeyFigures, amounts: AmountFormat
) -> charts.GroupedTable | None:
    """Per verksamhet or project, only when the categories name one (else it would repeat
    the category table's total under the unit's name); without empty rows."""
    if not data.has_named_lines:
        return None
    is_annual = data.unit_period.period.kind == Period.Kind.YEAR
    return charts.lines_table(data, amounts, is_annual=is_annual).compact()


# --- entry ------------------------------------------------------------------------------

FIGURE_FIELDS = (*services.AMOUNT_FIELDS, "comment")


def _signed(value: Decimal | None) -> str:
    return format_number(value, signed=True)


def _signed_percent(value: Decimal | None) -> str:
    return format_percent(value, decimals=2, signed=True)


@dataclass
class Derived:
    """The values computed from a row's stored figures (never typed in)."""

    outcome: Decimal | None
    period_budget: Decimal | None
    previous: Decimal | None

    @property
    def deviation(self) -> str:
        """Outcome − period budget, signed: positive is better than budget."""
        return _signed(rules.deviation(self.outcome, self.period_budget))

    @property
    def _change(self) -> rules.NetCostChange | None:
        if self.outcome is None or self.previous is None:
            return None
        return rules.net_cost_change(self.outcome, self.previous)

    @property
    def change(self) -> str:
        change = self._change
        return "" if change is None else _signed(change.change)

    @property
    def change_percent(self) -> str:
        change = self._change
        return "" if change is None else _signed_percent(change.percent)


@dataclass
class Category:
    """A cost category on the entry page with its stored figures, if any."""

    category: CostCategory
    stored: FinanceFigure | None

    @property
    def derived(self) -> Derived:
        s = self.stored
        return Derived(
            outcome=s.outcome if s else None,
            period_budget=s.period_budget if s else None,
            previous=s.outcome_previous_year if s else None,
        )


CategoryEntry = EntryRow[FinanceFigureForm, Category]
FollowUpEntry = EntryRow[FollowUpRowForm, FollowUpRow]


@dataclass
class Totals:
    """The unit's totals over every category: sums, and the rules applied to the sums."""

    amounts: selectors.Amounts
    previous: Decimal | None

    @property
    def derived(self) -> Derived:
        return Derived(self.amounts.outcome, self.amounts.period_budget, self.previous)


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _totals(figures: list[FinanceFigure]) -> Totals:
    amounts = selectors.Amounts.total(
        selectors.Amounts(f.outcome, f.period_budget, f.annual_budget, f.annual_forecast)
        for f in figures
    )
    return Totals(amounts, _sum([f.outcome_previous_year for f in figures]))


@dataclass
class FollowUpBlock:
    """A follow-up table on the entry page: its rows and the computed Summa."""

    table: FollowUpTable
    items: list[FollowUpEntry]

    @property
    def total(self) -> Decimal | None:
        """Summa: computed from the stored amounts (selectors.FollowUp's rule)."""
        return selectors.FollowUp(
            title=self.table.title,
            lines=[selectors.FollowUpLine(i.data.label, i.data.amount) for i in self.items],
        ).total


def _editable(access: EntryAccess, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The fields this user may change now: figures are the controller's, the
    explanation also the manager's; nothing in a closed period."""
    if not access.writable:
        return ()
    if access.figures:
        return fields
    return tuple(f for f in fields if f == "comment")


def _category_form(
    access: EntryAccess,
    category: CostCategory,
    stored: FinanceFigure | None,
    data: QueryDict | None = None,
) -> FinanceFigureForm:
    up = access.unit_period
    instance = stored or FinanceFigure(
        unit_id=up.unit_id, period_id=up.period_id, category=category, version=0
    )
    return FinanceFigureForm(
        data,
        instance=copy(instance),  # validating a bound form writes into its instance
        row_id=f"fc{category.pk}",
        editable=_editable(access, FIGURE_FIELDS),
    )


def _category_entry(
    access: EntryAccess, category: CostCategory, stored: FinanceFigure | None
) -> CategoryEntry:
    form = _category_form(access, category, stored)
    return EntryRow(f"fc{category.pk}", Category(category, stored), form)


def _follow_up_form(
    access: EntryAccess, row: FollowUpRow, data: QueryDict | None = None
) -> FollowUpRowForm:
    return FollowUpRowForm(
        data, instance=copy(row), row_id=f"fu{row.pk}", editable=_editable(access, ("amount",))
    )


def _follow_up_entry(access: EntryAccess, row: FollowUpRow) -> FollowUpEntry:
    return EntryRow(f"fu{row.pk}", row, _follow_up_form(access, row))


def _figures(up: UnitPeriod) -> list[FinanceFigure]:
    return list(FinanceFigure.objects.filter(unit=up.unit_id, period=up.period_id))


def _categories(up: UnitPeriod) -> list[CostCategory]:
    return list(CostCategory.objects.filter(year=up.period.year_id).order_by("order", "pk"))


def _category_rows(access: EntryAccess) -> tuple[list[CategoryEntry], Totals]:
    """Every cost category of the year with the unit's figures: two queries."""
    up = access.unit_period
    figures = _figures(up)
    by_category = {f.category_id: f for f in figures}
    rows = [_category_entry(access, c, by_category.get(c.pk)) for c in _categories(up)]
    return rows, _totals(figures)


def _follow_ups(access: EntryAccess) -> list[FollowUpBlock]:
    """The unit's follow-up tables of the period with their rows: two queries."""
    up = access.unit_period
    tables = (
        FollowUpTable.objects.filter(unit=up.unit_id, period=up.period_id)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("rows", queryset=FollowUpRow.objects.order_by("order", "pk")))
    )
    return [FollowUpBlock(t, [_follow_up_entry(access, r) for r in t.rows.all()]) for t in tables]


def _page(
    request: HttpRequest,
    access: EntryAccess,
    *,
    category: CategoryEntry | None = None,
    follow_up: FollowUpEntry | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole entry page; ``category`` or ``follow_up`` is a row shown with what went
    wrong (no JavaScript)."""
    rows, totals = _category_rows(access)
    blocks = _follow_ups(access)
    for block in blocks:
        block.items = replaced(block.items, follow_up)
    return render(
        request,
        "finance/entry.html",
        {
            "up": access.unit_period,
            "access": access,
            "rows": replaced(rows, category),
            "totals": totals,
            "blocks": blocks,
        },
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Registrera ekonomi: figures and explanation per cost category, and follow-up tables."""
    return _page(request, entry_access(request, unit, period))


def _stored_figure(access: EntryAccess, category: CostCategory) -> FinanceFigure | None:
    up = access.unit_period
    return FinanceFigure.objects.filter(
        unit=up.unit_id, period=up.period_id, category=category
    ).first()


@require_http_methods(["GET", "POST"])
def entry_category(request: HttpRequest, unit: str, period: str, category_id: int) -> HttpResponse:
    """Save one cost category's row; the response carries the row and the new totals.

    GET re-renders the row as stored (used by "keep their value" after a conflict).
    """
    access = entry_access(request, unit, period)
    category = get_object_or_404(
        CostCategory, pk=category_id, year=access.unit_period.period.year_id
    )

    def render_row(item: CategoryEntry, status: int) -> HttpResponse:
        """The row, and the unit's totals out of band (they change with every saved row)."""
        return render(
            request,
            "finance/entry.html#category-response",
            {
                "up": access.unit_period,
                "access": access,
                "item": item,
                "totals": _totals(_figures(access.unit_period)),
                "oob": True,
            },
            status=status,
        )

    return save_row(
        request,
        row=lambda: _category_entry(access, category, _stored_figure(access, category)),
        form=lambda data: _category_form(access, category, _stored_figure(access, category), data),
        save=save_with(request, access, services.finance_figure_set, category=category),
        their=lambda current: FinanceFigureForm(
            instance=current, row_id=f"fc{category.pk}-their", editable=()
        ),
        render_row=render_row,
        render_page=lambda item, status: _page(request, access, category=item, status=status),
        page_url=reverse("finance:entry", args=[unit, period]),
        label=category.name,
    )


@require_http_methods(["GET", "POST"])
def entry_follow_up_row(request: HttpRequest, unit: str, period: str, row_id: int) -> HttpResponse:
    """Save one follow-up table row's amount; the response carries the row and the Summa.

    GET re-renders the row as stored (used by "keep their value" after a conflict).
    """
    access = entry_access(request, unit, period)
    up = access.unit_period

    def stored() -> FollowUpRow:
        return get_object_or_404(
            FollowUpRow.objects.select_related("table"),
            pk=row_id,
            table__unit=up.unit_id,
            table__period=up.period_id,
        )

    def render_row(item: FollowUpEntry, status: int) -> HttpResponse:
        """The row, and its table's Summa out of band."""
        table = item.data.table
        rows = FollowUpRow.objects.filter(table=table).order_by("order", "pk")
        block = FollowUpBlock(table, [_follow_up_entry(access, r) for r in rows])
        return render(
            request,
            "finance/entry.html#follow-up-response",
            {"up": up, "access": access, "item": item, "block": block, "oob": True},
            status=status,
        )

    row = stored()  # 404 before anything else
    return save_row(
        request,
        row=lambda: _follow_up_entry(access, stored()),
        form=lambda data: _follow_up_form(access, row, data),
        save=save_with(request, access, services.follow_up_row_set, row=row),
        their=lambda current: FollowUpRowForm(
            instance=current, row_id=f"fu{row_id}-their", editable=()
        ),
        render_row=render_row,
        render_page=lambda item, status: _page(request, access, follow_up=item, status=status),
        page_url=reverse("finance:entry", args=[unit, period]),
        label=row.label,
    )
