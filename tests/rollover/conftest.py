"""The demo region with what its 2021 lacks for a full rollover test.

The demo's 2021 has the steering model but no assignments, no internal control plan and
no full-year outcome; ``demo_2021`` adds them once per module (rolled back with the
demo): four assignments of Länsteknik (in progress, done, closed after T2, without a
nuläge), an approved control plan with two risks, three activities and a follow-up,
and helår outcomes for two measures (one numeric, one text only).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import models

from assignments.models import Assignment, AssignmentNote, AssignmentStatus
from finance.models import CostCategory
from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from investments.models import InvestmentCategory
from rollover.models import YearRollover
from scorecards.models import (
    FocusArea,
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Perspective,
    StrategicGoal,
    SuccessFactor,
    Unit,
    UnitGoal,
    UnitPeriod,
    Year,
)

ORGANISATION = "region-norrbotten"


@pytest.fixture(scope="module")
def demo_2021(demo_module: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    with django_db_blocker.unblock():
        organisation = Organisation.objects.get(slug=ORGANISATION)
        unit = Unit.objects.get(slug="lansteknik")
        periods = {p.key: p for p in Period.objects.filter(year__organisation=organisation)}

        def assignment(slug: str, order: int, *notes: tuple[str, str]) -> Assignment:
            a = Assignment.objects.create(
                unit=unit,
                year=periods["2021"].year,
                slug=slug,
                title=f"Uppdrag {slug}",
                description="Beskrivning",
                owner_title="Divisionschef",
                order=order,
            )
            for key, status in notes:
                AssignmentNote.objects.create(
                    assignment=a, period=periods[key], status=status, text=f"Nuläge {key}"
                )
            return a

        assignments = {
            "pagar": assignment("pagar", 1, ("2021-T1", AssignmentStatus.IN_PROGRESS)),
            "klart": assignment("klart", 2, ("2021-T1", AssignmentStatus.DONE)),
            "avslutat": assignment(
                "avslutat",
                3,
                ("2021-T1", AssignmentStatus.IN_PROGRESS),
                ("2021-T2", AssignmentStatus.CLOSED),
            ),
            "vilande": assignment("vilande", 4, ("2021-T1", AssignmentStatus.PAUSED)),
            "utan-nulage": assignment("utan-nulage", 5),
        }

        plan = ControlPlan.objects.create(
            unit=unit,
            year=periods["2021"].year,
            status=ControlPlan.Status.APPROVED,
            approved_by_title="Divisionschef",
        )
        risks = [
            Risk.objects.create(
                plan=plan,
                description=f"Risk {n}",
                probability=n + 1,
                consequence=4 - n,
                analysis=f"Analys {n}",
                order=n,
            )
            for n in (1, 2)
        ]
        activities = [
            ControlActivity.objects.create(
                risk=risks[0], what="Kontroll A", method="Stickprov", when="Mars", order=1
            ),
            ControlActivity.objects.create(
                risk=risks[0], what="Kontroll B", method="Genomgång", when="Maj", order=2
            ),
            ControlActivity.objects.create(
                risk=risks[1], what="Kontroll C", method="Avstämning", when="T2", order=1
            ),
        ]
        ActivityFollowUp.objects.create(
            activity=activities[0], period=periods["2021-T1"], performed="April", result="Ok"
        )

        measures = {
            m.key: m
            for m in Measure.objects.filter(goal__unit=unit, goal__perspective__year__year=2021)
        }
        MeasureOutcome.objects.create(
            measure=measures["major-incidents"], period=periods["2021"], value=Decimal("12")
        )
        MeasureOutcome.objects.create(
            measure=measures["sjukfranvaro"], period=periods["2021"], value=Decimal("5.254")
        )
        text_only = next(
            m
            for key, m in sorted(measures.items())
            if key not in {"major-incidents", "sjukfranvaro"}
        )
        MeasureOutcome.objects.create(
            measure=text_only, period=periods["2021"], value=None, text="Genomfört"
        )
        yield {
            "organisation": organisation,
            "unit": unit,
            "assignments": assignments,
            "plan": plan,
            "text_only": text_only,
        }


def rows(model: type[models.Model]) -> dict[Any, tuple[Any, ...]]:
    """Every row of a table, pk → all column values."""
    names = [f.attname for f in model._meta.concrete_fields]
    return {r[0]: r for r in model._default_manager.order_by("pk").values_list("pk", *names)}


# Every table the rollover reads or writes, with the history tables of those that keep one.
TABLES: list[type[models.Model]] = [
    Year,
    Period,
    UnitPeriod,
    Perspective,
    StrategicGoal,
    SuccessFactor,
    FocusArea,
    UnitGoal,
    Measure,
    MeasureOutcome,
    CostCategory,
    InvestmentCategory,
    Assignment,
    AssignmentNote,
    ControlPlan,
    Risk,
    ControlActivity,
    ActivityFollowUp,
    YearRollover,
]
TABLES += [m.history.model for m in TABLES if hasattr(m, "history")]  # type: ignore[attr-defined]


def snapshot() -> dict[str, dict[Any, tuple[Any, ...]]]:
    return {model._meta.label: rows(model) for model in TABLES}


def in_year(year: int) -> dict[str, int]:
    """How many objects of each kind the year holds, counted without the rollover's code."""
    y = {"year__year": year, "year__organisation__slug": "region-norrbotten"}
    p = {f"perspective__{k}": v for k, v in y.items()}
    return {
        "perspectives": Perspective.objects.filter(**y).count(),
        "strategic_goals": StrategicGoal.objects.filter(**p).count(),
        "success_factors": SuccessFactor.objects.filter(
            **{f"strategic_goal__{k}": v for k, v in p.items()}
        ).count(),
        "focus_areas": FocusArea.objects.filter(**y).count(),
        "unit_goals": UnitGoal.objects.filter(**p).count(),
        "measures": Measure.objects.filter(**{f"goal__{k}": v for k, v in p.items()}).count(),
        "cost_categories": CostCategory.objects.filter(**y).count(),
        "investment_categories": InvestmentCategory.objects.filter(**y).count(),
        "control_plans": ControlPlan.objects.filter(**y).count(),
        "risks": Risk.objects.filter(**{f"plan__{k}": v for k, v in y.items()}).count(),
        "control_activities": ControlActivity.objects.filter(
            **{f"risk__plan__{k}": v for k, v in y.items()}
        ).count(),
    }
