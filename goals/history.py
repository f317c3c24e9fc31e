"""What the Historik page lists of goals: the goal follow-ups and the indicator counts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from goals.models import GoalFollowUp, IndicatorCount
from reports.history import HistorySource

GOAL_HISTORY = HistorySource(
    "mal",
    GoalFollowUp,
    gettext_lazy("Mål"),
    ("forecast", "comment"),
    lambda qs, up: qs.filter(period=up.period_id, goal__unit=up.unit_id).select_related("goal"),
    lambda r: r.goal.title if r.goal else "–",
)
INDICATOR_HISTORY = HistorySource(
    "indikator",
    IndicatorCount,
    gettext_lazy("Indikatorer"),
    ("numerator", "denominator"),
    lambda qs, up: qs.filter(period=up.period_id, measure__goal__unit=up.unit_id).select_related(
        "measure"
    ),
    lambda r: r.measure.name if r.measure else "–",
)
