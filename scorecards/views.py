"""Scorecard pages. Visibility is decided by the selectors' one rule; views hold no rules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from scorecards import charts, selectors
from scorecards.models import Action, Attainment


def _show(request: HttpRequest) -> selectors.Show:
    try:
        return selectors.Show(request.GET.get("visa", selectors.Show.ALL))
    except ValueError:
        return selectors.Show.ALL


@require_GET
def scorecard(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """The unit's scorecard for a period: perspective summary, then goal → measure rows.

    An htmx request for a filter gets only the measures region (a partial of the page).
    """
    unit_period = selectors.unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    card = selectors.scorecard(unit_period=unit_period)
    show = _show(request)
    template = "scorecards/scorecard.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#measures"
    return render(
        request,
        template,
        {
            "scorecard": card,
            "up": unit_period,
            "blocks": selectors.filter_rows(card, show),
            "show": show,
            "Show": selectors.Show,
            "attainments": Attainment,
        },
    )


@require_GET
def measure(request: HttpRequest, unit: str, period: str, key: str) -> HttpResponse:
    """A measure's history across periods and years, its chart and its comment history."""
    unit_period = selectors.unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    detail = selectors.measure_detail(user=request.user, unit_period=unit_period, key=key)
    return render(
        request,
        "scorecards/measure.html",
        {
            "up": unit_period,
            "detail": detail,
            "chart": charts.measure_history(detail.measure, detail.points),
        },
    )


@require_GET
def overview(request: HttpRequest, period: str) -> HttpResponse:
    """Units × perspectives for a period, with light counts; only units the user may see."""
    return render(
        request,
        "scorecards/overview.html",
        {"tables": selectors.overview(user=request.user, period_key=period), "period_key": period},
    )
