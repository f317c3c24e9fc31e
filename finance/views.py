"""The finance pages. Visibility is the selectors' one rule; views hold no rules."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from finance import charts, rules, selectors, services
from finance.forms import FinanceFigureForm, FollowUpRowForm
from finance.models import CostCategory, FinanceFigure, FollowUpRow, FollowUpTable
from common.numbers import format_number, format_percent
from scorecards.models import Action, UnitPeriod
from scorecards.selectors import unit_period_for
from scorecards.services import EntryError, StaleVersion, Via
from scorecards.views import EntryAccess, entry_access


@require_GET
def key_figures(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Ekonomi: result against budget, forecast, net cost development and follow-ups."""
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    data = selectors.key_figures(unit_period=unit_period)
    return render(
        request,
        "finance/key_figures.html",
        {
            "up": unit_period,
            "data": data,
            "total": data.total,
            "category_table": charts.category_table(data),
            "net_cost_table": charts.net_cost_table(data),
            "follow_up_tables": charts.follow_up_tables(data),
            "deviation_chart": charts.deviation_chart(data),
            "net_cost_chart": charts.net_cost_chart(data),
        },
    )


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
class CategoryRow:
    """A cost category on the entry page: its form, its derived values, save state."""

    category: CostCategory
    stored: FinanceFigure | None
    form: FinanceFigureForm
    conflict: StaleVersion | None = None
    their: FinanceFigureForm | None = None
    error: str = ""
    saved: bool = False

    @property
    def row_id(self) -> str:
        return f"fc{self.category.pk}"

    @property
    def derived(self) -> Derived:
        s = self.stored
        return Derived(
            outcome=s.outcome if s else None,
            period_budget=s.period_budget if s else None,
            previous=s.outcome_previous_year if s else None,
        )


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
class FollowUpItem:
    """A follow-up table row on the entry page."""

    row: FollowUpRow
    form: FollowUpRowForm
    conflict: StaleVersion | None = None
    their: FollowUpRowForm | None = None
    error: str = ""
    saved: bool = False

    @property
    def row_id(self) -> str:
        return f"fu{self.row.pk}"


@dataclass
class FollowUpBlock:
    """A follow-up table on the entry page: its rows and the computed Summa."""

    table: FollowUpTable
    items: list[FollowUpItem]

    @property
    def total(self) -> Decimal | None:
        """Summa: computed from the stored amounts (selectors.FollowUp's rule)."""
        return selectors.FollowUp(
            title=self.table.title,
            lines=[selectors.FollowUpLine(i.row.label, i.row.amount) for i in self.items],
        ).total


def _editable(access: EntryAccess, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The fields this user may change now: figures are the controller's, the
    explanation also the manager's; nothing in a closed period."""
    if not access.writable:
        return ()
    if access.figures:
        return fields
    return tuple(f for f in fields if f == "comment")


def _category_row(
    access: EntryAccess,
    category: CostCategory,
    stored: FinanceFigure | None,
    data: object = None,
) -> CategoryRow:
    up = access.unit_period
    instance = stored or FinanceFigure(
        unit_id=up.unit_id, period_id=up.period_id, category=category, version=0
    )
    form = FinanceFigureForm(
        data,
        instance=copy(instance),  # validating a bound form writes into its instance
        row_id=f"fc{category.pk}",
        editable=_editable(access, FIGURE_FIELDS),
    )
    return CategoryRow(category, stored, form)


def _follow_up_item(access: EntryAccess, row: FollowUpRow, data: object = None) -> FollowUpItem:
    form = FollowUpRowForm(
        data, instance=copy(row), row_id=f"fu{row.pk}", editable=_editable(access, ("amount",))
    )
    return FollowUpItem(row, form)


def _figures(up: UnitPeriod) -> list[FinanceFigure]:
    return list(FinanceFigure.objects.filter(unit=up.unit_id, period=up.period_id))


def _categories(up: UnitPeriod) -> list[CostCategory]:
    return list(CostCategory.objects.filter(year=up.period.year_id).order_by("order", "pk"))


def _category_rows(access: EntryAccess) -> tuple[list[CategoryRow], Totals]:
    """Every cost category of the year with the unit's figures: two queries."""
    up = access.unit_period
    figures = _figures(up)
    by_category = {f.category_id: f for f in figures}
    rows = [_category_row(access, c, by_category.get(c.pk)) for c in _categories(up)]
    return rows, _totals(figures)


def _follow_ups(access: EntryAccess) -> list[FollowUpBlock]:
    """The unit's follow-up tables of the period with their rows: two queries."""
    up = access.unit_period
    tables = (
        FollowUpTable.objects.filter(unit=up.unit_id, period=up.period_id)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("rows", queryset=FollowUpRow.objects.order_by("order", "pk")))
    )
    return [FollowUpBlock(t, [_follow_up_item(access, r) for r in t.rows.all()]) for t in tables]


def _page(
    request: HttpRequest,
    access: EntryAccess,
    *,
    replace: CategoryRow | FollowUpItem | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole entry page; ``replace`` is a row shown with its errors (no-JS path)."""
    rows, totals = _category_rows(access)
    blocks = _follow_ups(access)
    if isinstance(replace, CategoryRow):
        rows = [replace if r.category.pk == replace.category.pk else r for r in rows]
    elif isinstance(replace, FollowUpItem):
        for block in blocks:
            block.items = [replace if i.row.pk == replace.row.pk else i for i in block.items]
    return render(
        request,
        "finance/entry.html",
        {
            "up": access.unit_period,
            "access": access,
            "rows": rows,
            "totals": totals,
            "blocks": blocks,
        },
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Registrera ekonomi: figures and explanation per cost category, and follow-up tables."""
    return _page(request, entry_access(request, unit, period))


def _saved_response(
    request: HttpRequest, unit: str, period: str, row_id: str, label: str
) -> HttpResponse:
    messages.success(request, _("Sparat: %(name)s.") % {"name": label})
    return redirect(f"{reverse('finance:entry', args=[unit, period])}#{row_id}")


def _current_category(
    access: EntryAccess, category: CostCategory, data: object = None
) -> CategoryRow:
    up = access.unit_period
    stored = FinanceFigure.objects.filter(
        unit=up.unit_id, period=up.period_id, category=category
    ).first()
    return _category_row(access, category, stored, data)


@require_http_methods(["GET", "POST"])
def entry_category(request: HttpRequest, unit: str, period: str, category_id: int) -> HttpResponse:
    """Save one cost category's row; the response carries the row and the new totals.

    GET re-renders the row as stored (used by "keep their value" after a conflict).
    """
    access = entry_access(request, unit, period)
    category = get_object_or_404(
        CostCategory, pk=category_id, year=access.unit_period.period.year_id
    )
    if request.method == "GET":
        return _render_category(request, access, _current_category(access, category))
    item = _current_category(access, category, request.POST)
    status = 200
    if item.form.is_valid():
        try:
            services.finance_figure_set(
                actor=request.user,
                unit_period=access.unit_period,
                category=category,
                changes=item.form.changes(),
                expected_version=item.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            item.conflict, status = conflict, 409
            item.their = FinanceFigureForm(
                instance=conflict.current, row_id=f"{item.row_id}-their", editable=()
            )
        except EntryError as error:
            item.error, status = error.message, 422
        else:
            item = _current_category(access, category)
            item.saved = True
    else:
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return _render_category(request, access, item, status)
    if status == 200:
        return _saved_response(request, unit, period, item.row_id, category.name)
    # Without JavaScript the whole page comes back, this row with its errors.
    return _page(request, access, replace=item, status=status)


def _render_category(
    request: HttpRequest, access: EntryAccess, item: CategoryRow, status: int = 200
) -> HttpResponse:
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


def _current_follow_up(access: EntryAccess, row_id: int, data: object = None) -> FollowUpItem:
    up = access.unit_period
    row = get_object_or_404(
        FollowUpRow.objects.select_related("table"),
        pk=row_id,
        table__unit=up.unit_id,
        table__period=up.period_id,
    )
    return _follow_up_item(access, row, data)


@require_http_methods(["GET", "POST"])
def entry_follow_up_row(request: HttpRequest, unit: str, period: str, row_id: int) -> HttpResponse:
    """Save one follow-up table row's amount; the response carries the row and the Summa.

    GET re-renders the row as stored (used by "keep their value" after a conflict).
    """
    access = entry_access(request, unit, period)
    if request.method == "GET":
        return _render_follow_up(request, access, _current_follow_up(access, row_id))
    item = _current_follow_up(access, row_id, request.POST)
    status = 200
    if item.form.is_valid():
        try:
            services.follow_up_row_set(
                actor=request.user,
                unit_period=access.unit_period,
                row=item.row,
                changes=item.form.changes(),
                expected_version=item.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            item.conflict, status = conflict, 409
            item.their = FollowUpRowForm(
                instance=conflict.current, row_id=f"{item.row_id}-their", editable=()
            )
        except EntryError as error:
            item.error, status = error.message, 422
        else:
            item = _current_follow_up(access, row_id)
            item.saved = True
    else:
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return _render_follow_up(request, access, item, status)
    if status == 200:
        return _saved_response(request, unit, period, item.row_id, item.row.label)
    return _page(request, access, replace=item, status=status)


def _render_follow_up(
    request: HttpRequest, access: EntryAccess, item: FollowUpItem, status: int = 200
) -> HttpResponse:
    """The row, and its table's Summa out of band."""
    table = item.row.table
    rows = FollowUpRow.objects.filter(table=table).order_by("order", "pk")
    block = FollowUpBlock(table, [_follow_up_item(access, r) for r in rows])
    return render(
        request,
        "finance/entry.html#follow-up-response",
        {"up": access.unit_period, "access": access, "item": item, "block": block, "oob": True},
        status=status,
    )
