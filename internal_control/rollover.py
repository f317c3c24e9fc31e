"""Internal control's part of Nytt verksamhetsår: each unit's plan is copied as a
draft (next year's plan is fastställd anew) with its risks and control activities.
Follow-ups are never copied.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from rollover.steps import CopyTarget, Occupied, RolloverStep, SourceYear
from scorecards.models import Year


@dataclass(frozen=True)
class ControlPlans:
    plans: list[ControlPlan]
    risks: list[Risk]
    activities: list[ControlActivity]
    follow_up_count: int

    @classmethod
    def read(cls, source: SourceYear) -> ControlPlans:
        plans = list(
            ControlPlan.objects.filter(year=source.year, unit__organisation=source.organisation)
            .select_related("unit")
            .order_by("unit__path")
        )
        risks = list(
            Risk.objects.filter(plan__in=plans)
            .select_related("plan__unit")
            .order_by("plan__unit__path", "order", "pk")
        )
        activities = list(
            ControlActivity.objects.filter(risk__in=risks)
            .select_related("risk__plan__unit")
            .order_by("risk__plan__unit__path", "risk__order", "risk__pk", "order", "pk")
        )
        follow_up_count = ActivityFollowUp.objects.filter(activity__risk__plan__in=plans).count()
        return cls(plans, risks, activities, follow_up_count)

    def lines(self) -> dict[str, list[str]]:
        return {
            "control_plans": [p.unit.name for p in self.plans],
            "risks": [f"{r.plan.unit.name}: {r.description}" for r in self.risks],
            "control_activities": [f"{a.risk.plan.unit.name}: {a.what}" for a in self.activities],
            "control_follow_ups": (
                [_("%(count)s uppföljningar") % {"count": self.follow_up_count}]
                if self.follow_up_count
                else []
            ),
        }

    def copy(self, target: CopyTarget) -> None:
        # A copied plan is a draft again: next year's plan is fastställd anew.
        plans = target.create(
            ControlPlan,
            self.plans,
            lambda p: ControlPlan(unit=p.unit, year=target.year, status=ControlPlan.Status.DRAFT),
        )
        risks = target.create(
            Risk,
            self.risks,
            lambda r: Risk(
                plan=plans[r.plan_id],
                description=r.description,
                probability=r.probability,
                consequence=r.consequence,
                decision=r.decision,
                analysis=r.analysis,
                order=r.order,
            ),
        )
        target.create(
            ControlActivity,
            self.activities,
            lambda a: ControlActivity(
                risk=risks[a.risk_id],
                what=a.what,
                responsible_role=a.responsible_role,
                method=a.method,
                when=a.when,
                order=a.order,
            ),
        )


def _occupied(year: Year) -> Occupied:
    return [(_("internkontrollplaner"), ControlPlan.objects.filter(year=year))]


CONTROL_PLANS = RolloverStep(
    key="control_plans",
    sections=(
        ("control_plans", _lazy("Internkontrollplaner (som utkast)")),
        ("risks", _lazy("Risker")),
        ("control_activities", _lazy("Kontrollaktiviteter")),
    ),
    left_behind=(
        ("control_follow_ups", _lazy("Uppföljningar av kontrollaktiviteter (kopieras inte)")),
    ),
    read=ControlPlans.read,
    occupied=_occupied,
)
