"""The investment key figure page. Visibility is the selectors' one rule; views hold no rules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from investments import charts, selectors
from scorecards.models import Action
from scorecards.selectors import unit_period_for


@require_GET
def key_figures(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Investeringar: frame and outcome per investment type, rolled up, with comments."""
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    data = selectors.key_figures(unit_period=unit_period)
    return render(
        request,
        "investments/key_figures.html",
        {
            "up": unit_period,
            "data": data,
            "table": charts.investment_table(data),
            "charts": charts.charts(data),
        },
    )
