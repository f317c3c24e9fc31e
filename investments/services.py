"""Writes of investment outcomes through scorecards.services.guarded_save, with the roll-up rule.

A parent type's amount is the sum of its children's (investments.rules.roll_up) as
soon as one child carries that amount; so an amount is typed either on the parent or
on its children, never both. Frames are reference data, kept in the admin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from investments.models import InvestmentCategory, InvestmentOutcome
from scorecards.errors import fields_check
from scorecards.models import Action, UnitPeriod
from scorecards.services import EntryError, Via, guarded_save

if TYPE_CHECKING:
    from scorecards.services import User

AMOUNT_FIELDS = ("outcome_earlier_decisions", "outcome_current_decisions", "forecast")
FIELDS = frozenset({*AMOUNT_FIELDS, "comment"})


def _amount_label(name: str) -> str:
    field = InvestmentOutcome._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(capfirst(field.verbose_name))


def amount_locks(
    *,
    categories: Iterable[tuple[int, int | None, str]],
    outcomes: Mapping[int, InvestmentOutcome],
) -> dict[int, dict[str, str]]:
    """THE roll-up consistency rule: per category, the amounts that may not be typed there.

    ``categories`` are (id, parent id, name); ``outcomes`` the unit's rows of the
    period by category id. An amount is locked on a parent when a child carries it
    (the parent shows their sum) and on a child when the parent carries its own. The
    value is the Swedish reason, naming the category.
    """
    tree = list(categories)
    names = {cat_id: name for cat_id, _parent, name in tree}
    children: dict[int, list[int]] = {}
    for cat_id, parent_id, _name in tree:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(cat_id)

    def carries(cat_id: int, amount: str) -> bool:
        row = outcomes.get(cat_id)
        return row is not None and getattr(row, amount) is not None

    locks: dict[int, dict[str, str]] = {}
    for cat_id, parent_id, name in tree:
        for amount in AMOUNT_FIELDS:
            carrying = [names[c] for c in children.get(cat_id, []) if carries(c, amount)]
            if carrying:
                reason = _(
                    "%(amount)s kan inte registreras på %(category)s: underliggande typer "
                    "(%(children)s) har belopp, och %(category)s visar deras summa."
                ) % {
                    "amount": _amount_label(amount),
                    "category": name,
                    "children": ", ".join(carrying),
                }
            elif parent_id is not None and carries(parent_id, amount):
                reason = _(
                    "%(amount)s kan inte registreras på %(category)s: beloppet är registrerat "
                    "på den överordnade typen %(parent)s."
                ) % {
                    "amount": _amount_label(amount),
                    "category": name,
                    "parent": names.get(parent_id, ""),
                }
            else:
                continue
            locks.setdefault(cat_id, {})[amount] = reason
    return locks


def investment_outcome_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    category: InvestmentCategory,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> InvestmentOutcome:
    """Set an investment type's outcome for the unit and period (created if missing).

    ``changes``: outcome_earlier_decisions, outcome_current_decisions, forecast
    (Decimal kr or None) and comment (Markdown). An amount typed where the roll-up
    rule forbids it is refused with an EntryError naming the category.
    """
    fields_check(changes, FIELDS)
    if category.year_id != unit_period.period.year_id:
        raise EntryError(
            _("Investeringstypen %(name)s hör inte till periodens år.") % {"name": category.name}
        )

    def find() -> InvestmentOutcome:
        return InvestmentOutcome.objects.filter(
            unit=unit_period.unit_id, period=unit_period.period_id, category=category
        ).first() or InvestmentOutcome(
            unit_id=unit_period.unit_id,
            period_id=unit_period.period_id,
            category=category,
            version=0,
        )

    def roll_up_consistency(_row: object) -> None:
        typed = [name for name in AMOUNT_FIELDS if changes.get(name) is not None]
        if not typed:
            return  # clearing an amount or writing the comment is always allowed
        family = Q(category__parent=category.pk)
        if category.parent_id is not None:
            family |= Q(category=category.parent_id)
        relatives = list(
            InvestmentOutcome.objects.filter(
                family, unit=unit_period.unit_id, period=unit_period.period_id
            ).select_related("category")
        )
        tree = [(category.pk, category.parent_id, category.name)] + [
            (r.category.pk, r.category.parent_id, r.category.name) for r in relatives
        ]
        locks = amount_locks(categories=tree, outcomes={r.category_id: r for r in relatives}).get(
            category.pk, {}
        )
        refused = [locks[name] for name in typed if name in locks]
        if refused:
            raise EntryError(" ".join(refused))

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.ANALYSE if set(changes) <= {"comment"} else Action.EDIT,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
        extra_check=roll_up_consistency,
    )
    return saved  # type: ignore[return-value]
