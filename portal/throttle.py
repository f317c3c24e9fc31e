"""Login throttling: per user name and address, and per address across user names.

django-axes counts failures for each group of ``AXES_LOCKOUT_PARAMETERS`` but holds them
all to one limit. Password spraying (one or two guesses at many user names from one
address) never reaches the per-name limit, so the address alone is counted too, against
a higher limit: an office behind one NAT address shares it.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class LoginThrottle(AxesDatabaseHandler):
    """Locked at ``AXES_FAILURE_LIMIT`` failures of a user name from an address, or at
    ``LOGIN_IP_FAILURE_LIMIT`` failures from an address whatever the names."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_pair, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # Scaled to the one limit axes compares with: the address reaches it at its own.
        limit, address_limit = settings.AXES_FAILURE_LIMIT, settings.LOGIN_IP_FAILURE_LIMIT
        scaled = per_address * limit // address_limit  # reaches `limit` at `address_limit`
        return max(per_pair, scaled)
