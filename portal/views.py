"""Site-shell views: the login page, the home page and the health check."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_safe

from annual_cycle import selectors as annual_cycle_selectors
from scorecards import selectors
from sso.config import config as sso_config


class LoginView(auth_views.LoginView):
    """Django's login page, with "Logga in med <organisation>" when an identity provider
    is configured (sso); the user name and password stay for local accounts."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso"] = sso_config()
        return context


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The units and periods the user may see, grouped by unit."""
    units = selectors.home_units(user=request.user)
    today = timezone.localdate()
    return render(
        request,
        "portal/home.html",
        {
            "units": units,
            "overview_periods": selectors.overview_periods(units),
            # "Att göra": the årshjul's deadlines of the user's own units.
            "due": annual_cycle_selectors.due_for(user=request.user, today=today),
            "cycle_links": annual_cycle_selectors.cycle_links(units=units, today=today),
        },
    )


@require_safe  # HEAD too: load balancers often probe with it
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and docker-compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
