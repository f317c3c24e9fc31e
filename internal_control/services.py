"""Writes of internal control: a control activity's follow-up for a period.

Through ``scorecards.services.guarded_save`` like every figure and text, so the
controller's right, the period lock, the version check and the audit record hold.
Plans, risks and activities are set up in the admin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from internal_control.models import ActivityFollowUp, ControlActivity
from scorecards.errors import fields_check
from scorecards.models import Action, UnitPeriod
from scorecards.services import EntryError, Via, guarded_save

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

FOLLOW_UP_FIELDS = frozenset({"performed", "result", "actions", "assessment"})


def follow_up_set(
    *,
    actor: AbstractBaseUser | AnonymousUser,
    unit_period: UnitPeriod,
    activity: ControlActivity,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> ActivityFollowUp:
    """Set a control activity's follow-up for the period (utfört, resultat, åtgärder, bedömning).

    The activity must belong to the unit's plan of the period's year. A controller's
    write (Action.EDIT), like the figures.
    """
    fields_check(changes, FOLLOW_UP_FIELDS)
    plan = activity.risk.plan
    if plan.unit_id != unit_period.unit_id or plan.year_id != unit_period.period.year_id:
        raise EntryError(
            _("Kontrollaktiviteten hör inte till enhetens internkontrollplan för perioden.")
        )

    def find() -> ActivityFollowUp:
        return ActivityFollowUp.objects.filter(
            activity=activity, period=unit_period.period_id
        ).first() or ActivityFollowUp(activity=activity, period=unit_period.period, version=0)

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.EDIT,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]
