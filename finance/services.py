"""Writes of finance figures and follow-up rows, through scorecards.services.guarded_save.

Amounts are in kr (Decimal), costs negative and income positive, cumulative from
1 January. The explanation (förklaring) alone may also be written by the manager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from finance.models import CostCategory, FinanceFigure, FollowUpRow
from scorecards.errors import fields_check
from scorecards.models import Action, UnitPeriod
from scorecards.services import (
    EntryError,
    StaleVersion,
    Via,
    bulk_write,
    guarded_save,
    last_change,
    row_save,
    unit_period_open_check,
)

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


def finance_figures_bulk_set(
    *,
    actor: User | None,
    unit_period: UnitPeriod,
    rows: Iterable[tuple[CostCategory, Mapping[str, Any], int | None]],
    via: str = Via.LEDGER,
) -> int:
    """Set many categories' figures of one unit period at once (a ledger import).

    ``rows``: (category, changes, expected version — None: the version stored now).
    One ``bulk_write``: rights and the period lock are checked once, every row goes
    through ``finance_figure_set`` (versions, model rules) and its history is written in
    one batch with ``via`` as the path. Any refused row rolls back all of them. Returns
    the number of figures changed. ``actor=None`` is the server's operator (a management
    command without --user): no rights to check, the lock still holds, and the history
    names no user.
    """
    rows = list(rows)
    if actor is None:
        with transaction.atomic():
            held = (
                UnitPeriod.objects.select_for_update()
                .select_related("unit", "period__year")
                .get(pk=unit_period.pk)
            )
            unit_period_open_check(held)
            return _figures_write(
                held,
                rows,
                lambda row, todo, version: row_save(
                    instance=row,
                    changes=todo,
                    expected_version=version,
                    # No user: the history names none (simple-history takes None).
                    actor=None,  # type: ignore[arg-type]
                    via=via,
                    fresh=True,
                ),
            )
    with bulk_write(actor=actor, unit_period=unit_period, actions=[Action.EDIT]) as held:

        def write(row: FinanceFigure, todo: dict[str, Any], version: int) -> object:
            return finance_figure_set(
                actor=actor,
                unit_period=held,
                category=row.category,
                changes=todo,
                expected_version=version,
                via=via,
            )

        return _figures_write(held, rows, write)


def _figures_write(
    held: UnitPeriod,
    rows: list[tuple[CostCategory, Mapping[str, Any], int | None]],
    write: Callable[[FinanceFigure, dict[str, Any], int], object],
) -> int:
    """Inside the period's lock: compare each row with what is stored, refuse a stale
    one, write the changed figures. Returns how many figures changed."""
    stored = {
        f.category_id: f
        for f in FinanceFigure.objects.filter(unit=held.unit_id, period=held.period_id)
    }
    changed = 0
    for category, changes, expected in rows:
        fields_check(changes, FIGURE_FIELDS)
        if category.year_id != held.period.year_id:
            raise EntryError(
                _("Kostnadskategorin %(name)s hör inte till periodens år.")
                % {"name": category.name}
            )
        current = stored.get(category.pk)
        version = current.version if current is not None else 0
        if expected is not None and expected != version and current is not None:
            raise StaleVersion(current, last_change(current))
        todo = {
            name: value
            for name, value in changes.items()
            if current is None or getattr(current, name) != value
        }
        if not todo:
            continue
        row = current or FinanceFigure(
            unit_id=held.unit_id, period_id=held.period_id, category=category, version=0
        )
        write(row, todo, version)
        changed += len(todo)
    return changed


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
