"""Admin write path: the same lock rule as the entry page and the import.

Figure rows in a submitted, approved or locked unit period are read-only in the
admin, and a save that slips through (a stale form) is refused; every admin change is
audited with the path "admin".
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _

from scorecards.models import UnitPeriod
from scorecards.services import Via


class ClosedPeriodAdminMixin:
    """For a ModelAdmin of rows belonging to a unit and a period."""

    unit_attr = "unit"
    period_attr = "period"

    def unit_period_of(self, obj: models.Model) -> UnitPeriod | None:
        unit = attrgetter(self.unit_attr)(obj)
        period = attrgetter(self.period_attr)(obj)
        return UnitPeriod.objects.filter(unit=unit, period=period).first()

    def is_closed(self, obj: models.Model | None) -> bool:
        if obj is None or obj.pk is None:
            return False
        unit_period = self.unit_period_of(obj)
        return unit_period is not None and not unit_period.is_writable

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.is_closed(obj):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.is_closed(obj):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        unit_period = self.unit_period_of(obj)
        if unit_period is not None and not unit_period.is_writable:
            # Also a new row in a closed period: the lock holds for every write path.
            raise PermissionDenied(_("Perioden är inte öppen; ändringen sparades inte."))
        obj._change_reason = Via.ADMIN
        if hasattr(obj, "version"):
            obj.version = (obj.version or 0) + 1 if change else max(obj.version or 0, 1)
        super().save_model(request, obj, form, change)  # type: ignore[misc]
