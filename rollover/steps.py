"""Nytt verksamhetsår's copy steps: what each app carries from one year into the next.

A ``RolloverStep`` reads its part of the source year (a fixed number of queries, run
once for the plan and once inside the run's transaction), shows what it read as plan
sections (one line per item), names what in an already existing target year makes the
rollover refuse, and copies what it read into the new year through ``CopyTarget.create``
(one validated INSERT batch per model, with history "Nytt verksamhetsår").

The core's step, the steering model, is ``STEERING_MODEL`` below; each domain app
declares its own in its ``contributions.py`` (``ROLLOVER_STEPS``), run after the core's
in ``settings.DOMAIN_APPS`` order. A step copies nothing but its own rows, and relates
them only to rows of the core (units) or rows it copied itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.utils import bulk_create_with_history

from common.numbers import format_number
from scorecards.errors import RolloverRefused as RolloverRefused  # raised by services
from scorecards.models import (
    FocusArea,
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Perspective,
    StrategicGoal,
    SuccessFactor,
    UnitGoal,
    Year,
)

# The change reason of every history record the rollover writes.
CHANGE_REASON = "Nytt verksamhetsår"

type Label = str | Promise
# What an existing target year already holds of a step's rows: (what, rows) pairs.
type Occupied = list[tuple[str, models.QuerySet[Any]]]


@dataclass(frozen=True)
class SourceYear:
    """The year a rollover copies from (it exists) and the year it creates."""

    organisation: Organisation
    year: Year
    to_year: int

    @property
    def from_year(self) -> int:
        return self.year.year


class CopyTarget:
    """The new year the steps copy into, and the one way they write: ``create``."""

    def __init__(self, *, year: Year, user: Any) -> None:
        self.year = year
        self.user = user

    def create[M: models.Model](
        self, model: type[M], originals: Sequence[M], copy: Callable[[M], M]
    ) -> dict[int, M]:
        """Copies of ``originals`` in one INSERT batch (with their history where the
        model keeps one), validated like any write; old pk → copy, so the copies'
        relations can point into the new year."""
        copies: list[M] = [copy(original) for original in originals]
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        for obj in copies:
            # Relations point at rows just read or created; uniqueness is the database's.
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
        if not copies:
            return {}
        if hasattr(model, "history"):
            created = bulk_create_with_history(
                copies,
                model,
                batch_size=500,
                default_user=self.user,
                default_change_reason=CHANGE_REASON,
            )
        else:
            created = model._default_manager.bulk_create(copies, batch_size=500)
        return {original.pk: new for original, new in zip(originals, created, strict=True)}


class StepSource(Protocol):
    """What one step read of the source year: shown by the plan, copied by the run."""

    def lines(self) -> dict[str, list[str]]:
        """One line per item, per section key (its plan and left-behind sections)."""
        ...

    def copy(self, target: CopyTarget) -> None:
        """Create the copies in ``target.year``."""
        ...


@dataclass(frozen=True, kw_only=True)
class RolloverStep:
    """One app's part of the rollover (see the module docstring).

    ``sections``: (key, label) of what the step creates, in the plan's order; the keys
    are those of ``RolloverPlan.counts`` and ``YearRollover.counts``. ``left_behind``:
    (key, label) of what it reads but never copies (shown so nobody looks for it).
    ``read`` runs only when the source year exists. ``occupied``: what of the step's
    rows the target year already holds (any of them refuses the rollover).
    """

    key: str
    sections: tuple[tuple[str, Label], ...]
    read: Callable[[SourceYear], StepSource]
    occupied: Callable[[Year], Occupied]
    left_behind: tuple[tuple[str, Label], ...] = ()


# ---------------------------------------------------------------- the steering model


def _number(measure: Measure, value: Decimal) -> str:
    """A figure as the measure shows it: "4,80 %", "12"."""
    number = format_number(value, decimals=measure.decimals)
    unit = measure.unit_of_measurement
    return f"{number}\u00a0{unit}" if unit else number


@dataclass
class SteeringModel:
    """The source year's steering model: a fixed number of queries (``read``)."""

    from_year: int
    perspectives: list[Perspective]
    strategic_goals: list[StrategicGoal]
    success_factors: list[SuccessFactor]
    focus_areas: list[FocusArea]
    unit_goals: list[UnitGoal]
    measures: list[Measure]
    baselines: dict[int, Decimal]  # measure id → helår outcome

    @classmethod
    def read(cls, source: SourceYear) -> SteeringModel:
        year = source.year
        outcomes = MeasureOutcome.objects.filter(
            measure__goal__perspective__year=year,
            period__year=year,
            period__kind=Period.Kind.YEAR,
            value__isnull=False,
        )
        return cls(
            from_year=source.from_year,
            perspectives=list(Perspective.objects.filter(year=year).order_by("order", "pk")),
            strategic_goals=list(
                StrategicGoal.objects.filter(perspective__year=year)
                .select_related("perspective")
                .order_by("perspective__order", "order", "pk")
            ),
            success_factors=list(
                SuccessFactor.objects.filter(strategic_goal__perspective__year=year)
                .select_related("strategic_goal")
                .order_by(
                    "strategic_goal__perspective__order", "strategic_goal__order", "order", "pk"
                )
            ),
            focus_areas=list(
                FocusArea.objects.filter(year=year)
                .select_related("unit")
                .order_by("unit__path", "order", "pk")
            ),
            unit_goals=list(
                UnitGoal.objects.filter(perspective__year=year)
                .select_related("unit", "perspective")
                .order_by("unit__path", "perspective__order", "order", "pk")
            ),
            measures=list(
                Measure.objects.filter(goal__perspective__year=year)
                .select_related("goal__unit")
                .order_by(
                    "goal__unit__path", "goal__perspective__order", "goal__order", "order", "pk"
                )
            ),
            baselines={
                measure_id: value
                for measure_id, value in outcomes.values_list("measure_id", "value")
                if value is not None
            },
        )

    def baseline_for(self, measure: Measure) -> tuple[Decimal | None, str, str]:
        """The new year's baseline (value, text, label): last year's full-year outcome,
        else the old baseline unchanged."""
        value = self.baselines.get(measure.pk)
        if value is None:
            return measure.baseline_value, measure.baseline_text, measure.baseline_label
        label = _("Utfall %(year)s") % {"year": self.from_year}
        return value, f"{self.from_year}: {_number(measure, value)}"[:300], label[:100]

    def lines(self) -> dict[str, list[str]]:
        def measure_line(m: Measure) -> str:
            value = self.baselines.get(m.pk)
            if value is None:
                baseline = _("ingångsvärdet oförändrat")
            else:
                baseline = _("ingångsvärde utfall %(year)s: %(number)s") % {
                    "year": self.from_year,
                    "number": _number(m, value),
                }
            return f"{m.goal.unit.name}: {m.name} [{m.key}] – {baseline}"

        return {
            "perspectives": [p.name for p in self.perspectives],
            "strategic_goals": [f"{g.perspective.name}: {g.title}" for g in self.strategic_goals],
            "success_factors": [f.title for f in self.success_factors],
            "focus_areas": [f"{a.unit.name}: {a.title}" for a in self.focus_areas],
            "unit_goals": [f"{g.unit.name}: {g.title}" for g in self.unit_goals],
            "measures": [measure_line(m) for m in self.measures],
        }

    def copy(self, target: CopyTarget) -> None:
        year = target.year
        perspectives = target.create(
            Perspective,
            self.perspectives,
            lambda p: Perspective(
                year=year, slug=p.slug, name=p.name, description=p.description, order=p.order
            ),
        )
        strategic_goals = target.create(
            StrategicGoal,
            self.strategic_goals,
            lambda g: StrategicGoal(
                perspective=perspectives[g.perspective_id], title=g.title, order=g.order
            ),
        )
        success_factors = target.create(
            SuccessFactor,
            self.success_factors,
            lambda f: SuccessFactor(
                strategic_goal=strategic_goals[f.strategic_goal_id], title=f.title, order=f.order
            ),
        )
        focus_areas = target.create(
            FocusArea,
            self.focus_areas,
            lambda a: FocusArea(
                unit=a.unit, year=year, title=a.title, description=a.description, order=a.order
            ),
        )
        goals = target.create(
            UnitGoal,
            self.unit_goals,
            lambda g: UnitGoal(
                unit=g.unit,
                perspective=perspectives[g.perspective_id],
                success_factor=success_factors.get(g.success_factor_id),  # type: ignore[arg-type]
                focus_area=focus_areas.get(g.focus_area_id),  # type: ignore[arg-type]
                title=g.title,
                order=g.order,
            ),
        )
        target.create(Measure, self.measures, lambda m: self._measure(m, goals[m.goal_id]))

    def _measure(self, m: Measure, goal: UnitGoal) -> Measure:
        """The same measure (same ``key``) with its target as a proposal."""
        baseline_value, baseline_text, baseline_label = self.baseline_for(m)
        return Measure(
            goal=goal,
            key=m.key,
            name=m.name,
            description=m.description,
            value_kind=m.value_kind,
            unit_of_measurement=m.unit_of_measurement,
            decimals=m.decimals,
            baseline_value=baseline_value,
            baseline_text=baseline_text,
            baseline_label=baseline_label,
            target_direction=m.target_direction,
            target_value=m.target_value,
            target_text=m.target_text,
            target_is_proposal=True,
            partly_threshold=m.partly_threshold,
            frequency=m.frequency,
            accumulates=m.accumulates,
            value_source=m.value_source,
            order=m.order,
        )


def _steering_model_occupied(year: Year) -> Occupied:
    return [
        (_("perspektiv"), Perspective.objects.filter(year=year)),
        (_("fokusområden"), FocusArea.objects.filter(year=year)),
    ]


STEERING_MODEL = RolloverStep(
    key="steering_model",
    sections=(
        ("perspectives", _lazy("Perspektiv")),
        ("strategic_goals", _lazy("Strategiska mål")),
        ("success_factors", _lazy("Framgångsfaktorer")),
        ("focus_areas", _lazy("Fokusområden")),
        ("unit_goals", _lazy("Enheternas mål")),
        ("measures", _lazy("Styrmått (målen blir förslag)")),
    ),
    read=SteeringModel.read,
    occupied=_steering_model_occupied,
)
