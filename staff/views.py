"""The staff pages. Visibility is the selectors' one rule; views hold no rules."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from scorecards.models import MONTHS_LONG, Action, UnitPeriod
from scorecards.selectors import unit_period_for
from scorecards.services import EntryError, StaleVersion, Via
from scorecards.views import EntryAccess, entry_access
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
class MonthRow:
    """A month of the entry page: its form, and why it is closed if it is."""

    month: int
    form: StaffMonthForm
    closed_by: UnitPeriod | None
    editable: bool
    conflict: StaleVersion | None = None
    their: StaffMonthForm | None = None
    error: str = ""
    saved: bool = False

    @property
    def row_id(self) -> str:
        return f"sm{self.month}"

    @property
    def name(self) -> str:
        return MONTHS_LONG[self.month]


def _month_row(
    access: EntryAccess,
    month: int,
    stored: StaffMonth | None,
    closed_by: UnitPeriod | None,
    data: object = None,
) -> MonthRow:
    up = access.unit_period
    instance = stored or StaffMonth(
        unit_id=up.unit_id, year=up.period.year.year, month=month, version=0
    )
    # Validating a bound form writes into its instance: give it a copy.
    form = StaffMonthForm(data, instance=copy(instance), row_id=f"sm{month}")
    editable = access.figures and access.writable and closed_by is None
    return MonthRow(month, form, closed_by, editable)


def _stored(up: UnitPeriod, month: int | None = None) -> dict[int, StaffMonth]:
    rows = StaffMonth.objects.filter(
        unit=up.unit_id, year=up.period.year.year, month__lte=up.period.end_month
    )
    if month is not None:
        rows = rows.filter(month=month)
    return {row.month: row for row in rows}


def _rows(access: EntryAccess) -> list[MonthRow]:
    """Every month of the period, January first: two queries."""
    up = access.unit_period
    stored = _stored(up)
    closed = services.closed_months(unit_period=up)
    return [_month_row(access, m, stored.get(m), closed.get(m)) for m in up.period.months]


def _one_row(access: EntryAccess, month: int, data: object = None) -> MonthRow:
    up = access.unit_period
    closed = services.closed_months(unit_period=up)
    return _month_row(access, month, _stored(up, month).get(month), closed.get(month), data)


def _page(
    request: HttpRequest, access: EntryAccess, rows: list[MonthRow], status: int = 200
) -> HttpResponse:
    return render(
        request,
        "staff/entry.html",
        {"up": access.unit_period, "access": access, "rows": rows},
        status=status,
    )


def _render_row(
    request: HttpRequest, access: EntryAccess, item: MonthRow, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "staff/entry.html#month-row",
        {"up": access.unit_period, "access": access, "item": item},
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Registrera personal: one row per month of the period, closed months read-only."""
    access = entry_access(request, unit, period)
    return _page(request, access, _rows(access))


@require_http_methods(["GET", "POST"])
def entry_month(request: HttpRequest, unit: str, period: str, month: int) -> HttpResponse:
    """Save one month's row (htmx: re-render the row; plain form: back to the page).

    GET re-renders the row as stored (used by "keep their value" after a conflict).
    """
    access = entry_access(request, unit, period)
    up = access.unit_period
    if month not in up.period.months:
        raise Http404
    if request.method == "GET":
        return _render_row(request, access, _one_row(access, month))
    if not access.figures:
        raise PermissionDenied(_("Personalnyckeltal registreras av controller."))

    item = _one_row(access, month, request.POST)
    status = 200
    if item.form.is_valid():
        try:
            services.staff_month_set(
                actor=request.user,
                unit_period=up,
                month=month,
                changes=item.form.changes(),
                expected_version=item.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            item.conflict, status = conflict, 409
            item.their = StaffMonthForm(instance=conflict.current, row_id=f"sm{month}-their")
        except EntryError as error:
            status = 422
            fresh = _one_row(access, month)
            if not fresh.editable:  # closed meanwhile: show what is stored, read-only
                item = fresh
            item.error = error.message
        else:
            item = _one_row(access, month)
            item.saved = True
    else:
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return _render_row(request, access, item, status)
    if status == 200:
        messages.success(request, _("Sparat: %(month)s.") % {"month": item.name})
        return redirect(f"{reverse('staff:entry', args=[unit, period])}#{item.row_id}")
    # Without JavaScript the whole page comes back, this row with its errors.
    rows = [item if r.month == month else r for r in _rows(access)]
    return _page(request, access, rows, status)
