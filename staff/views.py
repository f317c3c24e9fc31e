"""The staff pages. Visibility is the selectors' one rule; views hold no rules."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from scorecards.entry import (
    EntryAccess,
    EntryRow,
    entry_access,
    replaced,
    row_renderer,
    save_row,
    save_with,
)
from scorecards.models import MONTHS_LONG, Action, UnitPeriod
from scorecards.selectors import unit_period_for
from staff import charts, selectors, services
from staff.forms import StaffMonthForm
from staff.models import StaffMonth


@require_GET
def key_figures(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Väsentliga personalförhållanden: FTE, headcount, extra time and sick leave."""
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    data = selectors.key_figures(unit_period=unit_period)
    return render(
        request,
        "staff/key_figures.html",
        {
            "up": unit_period,
            "data": data,
            "table": charts.key_figure_table(data),
            "charts": charts.charts(data),
            "december_label": charts.month_label(data.previous_year, 12),
        },
    )


@dataclass
class Month:
    """A month of the entry page, and the unit period that closes it if one does."""

    month: int
    closed_by: UnitPeriod | None

    @property
    def name(self) -> str:
        return MONTHS_LONG[self.month]


MonthEntry = EntryRow[StaffMonthForm, Month]


def _form(
    access: EntryAccess, month: int, stored: StaffMonth | None, data: QueryDict | None = None
) -> StaffMonthForm:
    up = access.unit_period
    instance = stored or StaffMonth(
        unit_id=up.unit_id, year=up.period.year.year, month=month, version=0
    )
    # Validating a bound form writes into its instance: give it a copy.
    return StaffMonthForm(data, instance=copy(instance), row_id=f"sm{month}")


def _entry(
    access: EntryAccess, month: int, stored: StaffMonth | None, closed_by: UnitPeriod | None
) -> MonthEntry:
    editable = access.figures and access.writable and closed_by is None
    form = _form(access, month, stored)
    return EntryRow(f"sm{month}", Month(month, closed_by), form, editable=editable)


def _stored(up: UnitPeriod, month: int | None = None) -> dict[int, StaffMonth]:
    rows = StaffMonth.objects.filter(
        unit=up.unit_id, year=up.period.year.year, month__lte=up.period.end_month
    )
    if month is not None:
        rows = rows.filter(month=month)
    return {row.month: row for row in rows}


def _rows(access: EntryAccess) -> list[MonthEntry]:
    """Every month of the period, January first: two queries."""
    up = access.unit_period
    stored = _stored(up)
    closed = services.closed_months(unit_period=up)
    return [_entry(access, m, stored.get(m), closed.get(m)) for m in up.period.months]


def _one_row(access: EntryAccess, month: int) -> MonthEntry:
    up = access.unit_period
    closed = services.closed_months(unit_period=up)
    return _entry(access, month, _stored(up, month).get(month), closed.get(month))


def _page(
    request: HttpRequest, access: EntryAccess, rows: list[MonthEntry], status: int = 200
) -> HttpResponse:
    return render(
        request,
        "staff/entry.html",
        {"up": access.unit_period, "access": access, "rows": rows},
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Registrera personal: one row per month of the period, closed months read-only."""
    access = entry_access(request, unit, period)
    return _page(request, access, _rows(access))


@require_http_methods(["GET", "POST"])
def entry_month(request: HttpRequest, unit: str, period: str, month: int) -> HttpResponse:
    """Save one month's row (scorecards.entry.save_row); GET re-renders it as stored."""
    access = entry_access(request, unit, period)
    up = access.unit_period
    if month not in up.period.months:
        raise Http404
    if request.method == "POST" and not access.figures:
        raise PermissionDenied(_("Personalnyckeltal registreras av controller."))
    return save_row(
        request,
        row=lambda: _one_row(access, month),
        form=lambda data: _form(access, month, _stored(up, month).get(month), data),
        save=save_with(request, access, services.staff_month_set, month=month),
        their=lambda current: StaffMonthForm(instance=current, row_id=f"sm{month}-their"),
        render_row=row_renderer(request, "staff/entry.html#month-row", access),
        render_page=lambda shown, status: _page(
            request, access, replaced(_rows(access), shown), status
        ),
        page_url=reverse("staff:entry", args=[unit, period]),
        label=MONTHS_LONG[month],
    )
