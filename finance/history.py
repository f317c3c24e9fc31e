"""What the Historik page lists of finance: the figures per category and the follow-up rows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from finance.models import FinanceFigure, FollowUpRow
from reports.history import HistorySource

FINANCE_HISTORY = HistorySource(
    "ekonomi",
    FinanceFigure,
    gettext_lazy("Ekonomi"),
    (
        "outcome",
        "period_budget",
        "annual_budget",
        "annual_forecast",
        "outcome_previous_year",
        "comment",
    ),
    lambda qs, up: qs.filter(unit=up.unit_id, period=up.period_id).select_related("category"),
    lambda r: r.category.name if r.category else "–",
)
FOLLOW_UP_HISTORY = HistorySource(
    "uppfoljning",
    FollowUpRow,
    gettext_lazy("Ekonomi"),
    ("label", "amount"),
    lambda qs, up: qs.filter(table__unit=up.unit_id, table__period=up.period_id).select_related(
        "table"
    ),
    lambda r: f"{r.table.title} – {r.label}" if r.table else r.label,
)
