"""The finance key figure page. Visibility is the selectors' one rule; views hold no rules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from finance import charts, selectors
from scorecards.models import Action
from scorecards.selectors import unit_period_for


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
