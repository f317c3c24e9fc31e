"""The staff key figure page. Visibility is the selectors' one rule; views hold no rules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from scorecards.models import Action
from scorecards.selectors import unit_period_for
from staff import charts, selectors


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
