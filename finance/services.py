"""Writes of finance figures and follow-up rows, through scorecards.services.guarded_save.

Amounts are in kr (Decimal), costs negative and income positive, cumulative from
1 January. The explanation (förklaring) alone may also be written by the manager.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from finance.models import CostCategory, FinanceFigure, FollowUpRow
from scorecards.errors import fields_check
from scorecards.models import Action, UnitPeriod
from scorecards.services import EntryError, Via, guarded_save

if TYPE_CHECKING:
    from scorecards.services import User

AMOUNT_FIELDS = (
    "outcome",
    "period_budget",
    "annual_budget",
    "annual_forecast",
    "outcome_previous_year",
)
FIGURE_FIELDS = frozenset({*AMOUNT_FIELDS, "comment"})
ROW_FIELDS = frozenset({"amount", "label"})


def finance_figure_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    category: CostCategory,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> FinanceFigure:
    """Set a cost category's figures for the unit and period (the row is created if missing).

    ``changes``: outcome, period_budget, annual_budget, annual_forecast,
    outcome_previous_year (Decimal kr or None) and comment (Markdown).
    """
    fields_check(changes, FIGURE_FIELDS)
    if category.year_id != unit_period.period.year_id:
        raise EntryError(
            _("Kostnadskategorin %(name)s hör inte till periodens år.") % {"name": category.name}
        )

    def find() -> FinanceFigure:
        return FinanceFigure.objects.filter(
            unit=unit_period.unit_id, period=unit_period.period_id, category=category
        ).first() or FinanceFigure(
            unit_id=unit_period.unit_id,
            period_id=unit_period.period_id,
            category=category,
            version=0,
        )

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.ANALYSE if set(changes) <= {"comment"} else Action.EDIT,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]


def follow_up_row_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    row: FollowUpRow,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> FollowUpRow:
    """Set the amount (Decimal kr or None) or label of a row of a follow-up table."""
    fields_check(changes, ROW_FIELDS)
    table = row.table
    if table.unit_id != unit_period.unit_id or table.period_id != unit_period.period_id:
        raise EntryError(_("Raden hör inte till enhetens uppföljning för perioden."))
    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.EDIT,
        instance=row,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]
