"""What the Historik page lists of internal control: the period's follow-up of each control."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from internal_control.models import ActivityFollowUp
from reports.history import HistorySource

INTERNAL_CONTROL_HISTORY = HistorySource(
    "internkontroll",
    ActivityFollowUp,
    gettext_lazy("Internkontroll"),
    ("performed", "result", "actions", "assessment"),
    lambda qs, up: qs.filter(
        period=up.period_id, activity__risk__plan__unit=up.unit_id
    ).select_related("activity"),
    lambda r: r.activity.what if r.activity else "–",
)
