"""Writes of internal control: a control activity's follow-up for a period.

Through ``scorecards.services.guarded_save`` like every figure and text, so the
controller's right, the period lock, the version check and the audit record hold.
Plans, risks and activities are set up under Inställningar → Internkontroll (below).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from scorecards.administration import administration_check
from scorecards.errors import NotAllowed, SteeringError, fields_check, validated
from scorecards.models import Action, Unit, UnitPeriod, Year
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


# ------------------------------------------------------------------- set-up of a plan
# Inställningar → Internkontroll: the organisation's administrators make a unit's plan,
# its risks (sannolikhet × konsekvens) and control activities. A fastställd plan is
# changed only after it is set back to utkast; what has been followed up stays.


def _draft_check(plan: ControlPlan) -> None:
    if plan.status != ControlPlan.Status.DRAFT:
        raise SteeringError(
            _("Planen är fastställd. Sätt den till utkast för att ändra risker och aktiviteter.")
        )


def _audited[M: models.Model](obj: M) -> M:
    obj._change_reason = Via.WEB  # type: ignore[attr-defined]
    return obj


@transaction.atomic
def plan_save(
    *,
    actor: AbstractBaseUser | AnonymousUser,
    unit: Unit,
    year: Year,
    status: str,
    approved_by_title: str,
    approved_on: date | None,
) -> ControlPlan:
    """A unit's plan for the year, made if missing; its status and who fastställde it."""
    administration_check(actor, unit.organisation_id)
    if unit.organisation_id != year.organisation_id:
        raise SteeringError(_("Enheten hör till en annan organisation."), field="unit")
    plan = ControlPlan.objects.filter(unit=unit, year=year).first() or ControlPlan(
        unit=unit, year=year
    )
    plan.status, plan.approved_by_title, plan.approved_on = (
        status,
        approved_by_title.strip(),
        approved_on,
    )
    validated(plan)
    _audited(plan).save()
    return plan


@transaction.atomic
def risk_save(
    *,
    actor: AbstractBaseUser | AnonymousUser,
    plan: ControlPlan,
    risk: Risk | None,
    values: Mapping[str, Any],
) -> Risk:
    """Add a risk to a draft plan (``risk`` None) or change one."""
    administration_check(actor, plan.unit.organisation_id)
    _draft_check(plan)
    if risk is None:
        risk = Risk(plan=plan, order=plan.risks.count() + 1)
    elif risk.plan_id != plan.pk:
        raise NotAllowed(_("Risken hör till en annan plan."))
    for name, value in values.items():
        setattr(risk, name, value.strip() if isinstance(value, str) else value)
    validated(risk)
    _audited(risk).save()
    return risk


def _followed_up(activities: QuerySet[ControlActivity]) -> bool:
    return ActivityFollowUp.objects.filter(activity__in=activities).exists()


@transaction.atomic
def risk_delete(*, actor: AbstractBaseUser | AnonymousUser, risk: Risk) -> None:
    administration_check(actor, risk.plan.unit.organisation_id)
    _draft_check(risk.plan)
    if _followed_up(risk.activities.all()):
        raise SteeringError(_("Risken har aktiviteter som är uppföljda och kan inte tas bort."))
    _audited(risk).delete()


@transaction.atomic
def activity_save(
    *,
    actor: AbstractBaseUser | AnonymousUser,
    risk: Risk,
    activity: ControlActivity | None,
    values: Mapping[str, Any],
) -> ControlActivity:
    """Add a control activity to a risk of a draft plan, or change one."""
    administration_check(actor, risk.plan.unit.organisation_id)
    _draft_check(risk.plan)
    if activity is None:
        activity = ControlActivity(risk=risk, order=risk.activities.count() + 1)
    elif activity.risk_id != risk.pk:
        raise NotAllowed(_("Aktiviteten hör till en annan risk."))
    for name, value in values.items():
        setattr(activity, name, value.strip() if isinstance(value, str) else value)
    validated(activity)
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, actor: AbstractBaseUser | AnonymousUser, activity: ControlActivity) -> None:
    administration_check(actor, activity.risk.plan.unit.organisation_id)
    _draft_check(activity.risk.plan)
    if _followed_up(ControlActivity.objects.filter(pk=activity.pk)):
        raise SteeringError(_("Aktiviteten är uppföljd och kan inte tas bort."))
    activity.delete()
