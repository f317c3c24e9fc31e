"""What the Historik page lists of investments: the outcomes per investment type."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from investments.models import InvestmentOutcome
from reports.history import HistorySource

INVESTMENT_HISTORY = HistorySource(
    "investering",
    InvestmentOutcome,
    gettext_lazy("Investeringar"),
    ("outcome_earlier_decisions", "outcome_current_decisions", "forecast", "comment"),
    lambda qs, up: qs.filter(unit=up.unit_id, period=up.period_id).select_related("category"),
    lambda r: r.category.name if r.category else "–",
)
