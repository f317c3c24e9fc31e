"""Scorecard pages. Visibility is decided by the selectors' one rule; views hold no rules."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from scorecards import selectors
from scorecards.models import Action


@require_GET
def scorecard(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """The unit's scorecard for a period: perspective → goal → measure with light and trend."""
    unit_period = selectors.unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    return render(
        request,
        "scorecards/scorecard.html",
        {"scorecard": selectors.scorecard(unit_period=unit_period)},
    )
