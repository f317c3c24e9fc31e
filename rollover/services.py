"""Nytt verksamhetsår: copy an organisation's steering model from one year to the next.

``rollover_plan`` reads what would be copied (no writes); ``rollover_run`` copies it in
one transaction. Both read the source year through the same ``_Source``, so the plan
shown is exactly what the run copies.

Copied: perspectives, strategic goals, success factors, focus areas, unit goals,
measures (same stable ``key``; the target becomes a proposal and the baseline last
year's full-year outcome where there is one), cost categories, the investment category
tree, assignments still open (linked to the original by ``carried_from``) and the
internal control plans with their risks and control activities. The new year gets its
periods (T1, T2, helår) and open unit periods through ``scorecards.services.year_create``.

Never copied: figures and texts (outcomes, finance and investment figures, staff
months, nulägen, narratives, assessments), control follow-ups, goal follow-ups and
indicator counts. The goals app has no year-bound configuration of its own: its
goals and indicators are the unit goals and measures copied here. Nothing of the
source year is changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.utils import bulk_create_with_history

from assignments.models import Assignment, AssignmentNote, AssignmentStatus
from finance.models import CostCategory
from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from investments.models import InvestmentCategory
from common.numbers import format_number
from rollover.models import YearRollover
from scorecards.models import (
    MONTHS_LONG,
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
from scorecards.services import REPORTING_UNIT_KINDS, STANDARD_PERIOD_KINDS, Via, year_create

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# The change reason of every history record the rollover writes.
CHANGE_REASON = "Nytt verksamhetsår"

# An assignment whose latest nuläge says one of these is finished and stays behind.
FINISHED_STATUSES = frozenset({AssignmentStatus.DONE, AssignmentStatus.CLOSED})


# What the rollover creates, in the order it is shown; the keys are those of
# ``RolloverPlan.counts`` and ``YearRollover.counts``.
SECTION_LABELS: dict[str, Any] = {
    "periods": _lazy("Perioder"),
    "unit_periods": _lazy("Enheternas perioder (öppna)"),
    "perspectives": _lazy("Perspektiv"),
    "strategic_goals": _lazy("Strategiska mål"),
    "success_factors": _lazy("Framgångsfaktorer"),
    "focus_areas": _lazy("Fokusområden"),
    "unit_goals": _lazy("Enheternas mål"),
    "measures": _lazy("Styrmått (målen blir förslag)"),
    "cost_categories": _lazy("Kostnadsslag"),
    "investment_categories": _lazy("Investeringstyper"),
    "assignments": _lazy("Uppdrag som pågår (länkas till förra årets)"),
    "control_plans": _lazy("Internkontrollplaner (som utkast)"),
    "risks": _lazy("Risker"),
    "control_activities": _lazy("Kontrollaktiviteter"),
}


class RolloverRefused(Exception):
    """The rollover can't run (already done, source missing, target set up by hand)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ------------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class PlanSection:
    """One kind of thing the rollover creates, with a line per item."""

    key: str
    label: str
    items: list[str]

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class RolloverPlan:
    """What a rollover from ``from_year`` to ``to_year`` creates; ``refusal`` says why it
    can't run ("" when it can)."""

    organisation: Organisation
    from_year: int
    to_year: int
    sections: list[PlanSection]
    # Read but left behind, e.g. finished assignments (shown so nobody looks for them).
    left_behind: list[PlanSection]
    refusal: str = ""
    done: YearRollover | None = None

    @property
    def can_run(self) -> bool:
        return not self.refusal

    @property
    def counts(self) -> dict[str, int]:
        return {section.key: section.count for section in self.sections}

    def section(self, key: str) -> PlanSection:
        return next(s for s in self.sections if s.key == key)


@dataclass
class _Source:
    """Everything of the source year the rollover reads: a fixed number of queries."""

    organisation: Organisation
    from_year: int
    to_year: int
    year: Year | None
    perspectives: list[Perspective] = field(default_factory=list)
    strategic_goals: list[StrategicGoal] = field(default_factory=list)
    success_factors: list[SuccessFactor] = field(default_factory=list)
    focus_areas: list[FocusArea] = field(default_factory=list)
    unit_goals: list[UnitGoal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    baselines: dict[int, Decimal] = field(default_factory=dict)  # measure id → helår outcome
    cost_categories: list[CostCategory] = field(default_factory=list)
    investment_categories: list[InvestmentCategory] = field(default_factory=list)
    open_assignments: list[tuple[Assignment, str]] = field(default_factory=list)
    finished_assignments: list[tuple[Assignment, str]] = field(default_factory=list)
    control_plans: list[ControlPlan] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    activities: list[ControlActivity] = field(default_factory=list)
    follow_up_count: int = 0
    new_periods: list[str] = field(default_factory=list)
    new_unit_periods: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, organisation: Organisation, to_year: int) -> _Source:
        from_year = to_year - 1
        year = Year.objects.filter(organisation=organisation, year=from_year).first()
        source = cls(organisation=organisation, from_year=from_year, to_year=to_year, year=year)
        if year is not None:
            source._read_model(year)
            source._read_other(year)
        source._read_periods()
        return source

    def _read_model(self, year: Year) -> None:
        self.perspectives = list(Perspective.objects.filter(year=year).order_by("order", "pk"))
        self.strategic_goals = list(
            StrategicGoal.objects.filter(perspective__year=year)
            .select_related("perspective")
            .order_by("perspective__order", "order", "pk")
        )
        self.success_factors = list(
            SuccessFactor.objects.filter(strategic_goal__perspective__year=year)
            .select_related("strategic_goal")
            .order_by("strategic_goal__perspective__order", "strategic_goal__order", "order", "pk")
        )
        self.focus_areas = list(
            FocusArea.objects.filter(year=year)
            .select_related("unit")
            .order_by("unit__path", "order", "pk")
        )
        self.unit_goals = list(
            UnitGoal.objects.filter(perspective__year=year)
            .select_related("unit", "perspective")
            .order_by("unit__path", "perspective__order", "order", "pk")
        )
        self.measures = list(
            Measure.objects.filter(goal__perspective__year=year)
            .select_related("goal__unit")
            .order_by("goal__unit__path", "goal__perspective__order", "goal__order", "order", "pk")
        )
        outcomes = MeasureOutcome.objects.filter(
            measure__goal__perspective__year=year,
            period__year=year,
            period__kind=Period.Kind.YEAR,
            value__isnull=False,
        )
        self.baselines = {
            measure_id: value
            for measure_id, value in outcomes.values_list("measure_id", "value")
            if value is not None
        }

    def _read_other(self, year: Year) -> None:
        self.cost_categories = list(CostCategory.objects.filter(year=year).order_by("order", "pk"))
        # Parents before their children, so a child's parent is always copied first.
        self.investment_categories = sorted(
            InvestmentCategory.objects.filter(year=year).select_related("parent"),
            key=lambda c: (c.parent_id is not None, c.order, c.pk),
        )
        assignments = list(
            Assignment.objects.filter(year=year, unit__organisation=self.organisation)
            .select_related("unit")
            .order_by("unit__path", "order", "pk")
        )
        # The status is the latest nuläge's (an assignment without one is not started).
        status = dict.fromkeys((a.pk for a in assignments), str(AssignmentStatus.NOT_STARTED))
        notes = AssignmentNote.objects.filter(assignment__in=assignments).order_by(
            "period__end_month", "period__pk"
        )
        for assignment_id, note_status in notes.values_list("assignment_id", "status"):
            status[assignment_id] = note_status
        for a in assignments:
            target = (
                self.finished_assignments
                if status[a.pk] in FINISHED_STATUSES
                else self.open_assignments
            )
            target.append((a, status[a.pk]))
        self.control_plans = list(
            ControlPlan.objects.filter(year=year, unit__organisation=self.organisation)
            .select_related("unit")
            .order_by("unit__path")
        )
        self.risks = list(
            Risk.objects.filter(plan__in=self.control_plans)
            .select_related("plan__unit")
            .order_by("plan__unit__path", "order", "pk")
        )
        self.activities = list(
            ControlActivity.objects.filter(risk__in=self.risks)
            .select_related("risk__plan__unit")
            .order_by("risk__plan__unit__path", "risk__order", "risk__pk", "order", "pk")
        )
        self.follow_up_count = ActivityFollowUp.objects.filter(
            activity__risk__plan__in=self.control_plans
        ).count()

    def _read_periods(self) -> None:
        """The periods and unit periods ``year_create`` will add to the new year."""
        existing = set(
            Period.objects.filter(
                year__organisation=self.organisation, year__year=self.to_year
            ).values_list("kind", flat=True)
        )
        new_year = Year(organisation=self.organisation, year=self.to_year)  # for labels only
        self.new_periods = []
        for kind in STANDARD_PERIOD_KINDS:
            if kind in existing:
                continue
            end_month = Period.END_MONTH[kind]  # type: ignore[index]
            period = Period(year=new_year, kind=kind, end_month=end_month)
            key = Period.make_key(self.to_year, kind, end_month)
            self.new_periods.append(f"{period.label} ({key})")
        units = Unit.objects.filter(organisation=self.organisation, kind__in=REPORTING_UNIT_KINDS)
        having = set(
            UnitPeriod.objects.filter(
                unit__in=units,
                period__year__organisation=self.organisation,
                period__year__year=self.to_year,
            ).values_list("unit_id", "period__kind")
        )
        self.new_unit_periods = [
            f"{unit.name}: {Period.make_key(self.to_year, k, Period.END_MONTH[k])}"  # type: ignore[index]
            for unit in units.order_by("path")
            for k in STANDARD_PERIOD_KINDS
            if (unit.pk, k) not in having
        ]

    # -- what the plan shows -------------------------------------------------------

    def baseline_for(self, measure: Measure) -> tuple[Decimal | None, str, str]:
        """The new year's baseline (value, text, label): last year's full-year outcome,
        else the old baseline unchanged."""
        value = self.baselines.get(measure.pk)
        if value is None:
            return measure.baseline_value, measure.baseline_text, measure.baseline_label
        label = _("Utfall %(year)s") % {"year": self.from_year}
        return value, f"{self.from_year}: {_number(measure, value)}"[:300], label[:100]

    def sections(self) -> list[PlanSection]:
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

        categories = {c.pk: c for c in self.investment_categories}
        items: dict[str, list[str]] = {
            "periods": self.new_periods,
            "unit_periods": self.new_unit_periods,
            "perspectives": [p.name for p in self.perspectives],
            "strategic_goals": [f"{g.perspective.name}: {g.title}" for g in self.strategic_goals],
            "success_factors": [f.title for f in self.success_factors],
            "focus_areas": [f"{a.unit.name}: {a.title}" for a in self.focus_areas],
            "unit_goals": [f"{g.unit.name}: {g.title}" for g in self.unit_goals],
            "measures": [measure_line(m) for m in self.measures],
            "cost_categories": [c.name for c in self.cost_categories],
            "investment_categories": [
                f"{categories[c.parent_id].name} › {c.name}" if c.parent_id else c.name
                for c in self.investment_categories
            ],
            "assignments": [_assignment_line(a, status) for a, status in self.open_assignments],
            "control_plans": [p.unit.name for p in self.control_plans],
            "risks": [f"{r.plan.unit.name}: {r.description}" for r in self.risks],
            "control_activities": [f"{a.risk.plan.unit.name}: {a.what}" for a in self.activities],
        }
        return [PlanSection(key, str(label), items[key]) for key, label in SECTION_LABELS.items()]

    def left_behind(self) -> list[PlanSection]:
        return [
            PlanSection(
                "finished_assignments",
                _("Avslutade och klara uppdrag (kopieras inte)"),
                [_assignment_line(a, status) for a, status in self.finished_assignments],
            ),
            PlanSection(
                "control_follow_ups",
                _("Uppföljningar av kontrollaktiviteter (kopieras inte)"),
                [_("%(count)s uppföljningar") % {"count": self.follow_up_count}]
                if self.follow_up_count
                else [],
            ),
        ]


def _number(measure: Measure, value: Decimal) -> str:
    """A figure as the measure shows it: "4,80 %", "12"."""
    number = format_number(value, decimals=measure.decimals)
    unit = measure.unit_of_measurement
    return f"{number}\u00a0{unit}" if unit else number


def _assignment_line(assignment: Assignment, status: str) -> str:
    return f"{assignment.unit.name}: {assignment.title} ({AssignmentStatus(status).label})"


def _date(moment: Any) -> str:
    """ "1 december 2026", the way the messages write a date."""
    local = timezone.localtime(moment)
    return f"{local.day} {MONTHS_LONG[local.month]} {local.year}"


def _done_message(done: YearRollover) -> str:
    user = done.created_by
    if user is not None:
        who = user.get_username()
        return _(
            "Verksamhetsår %(year)s är redan skapat för %(organisation)s (%(date)s av %(who)s)."
        ) % {
            "year": done.to_year,
            "organisation": done.organisation.name,
            "date": _date(done.created_at),
            "who": who,
        }
    return _("Verksamhetsår %(year)s är redan skapat för %(organisation)s (%(date)s).") % {
        "year": done.to_year,
        "organisation": done.organisation.name,
        "date": _date(done.created_at),
    }


def _refusal(source: _Source) -> tuple[str, YearRollover | None]:
    """Why the rollover can't run ("" when it can), and the earlier rollover if any."""
    organisation = source.organisation
    done = (
        YearRollover.objects.filter(organisation=organisation, to_year=source.to_year)
        .select_related("created_by", "organisation")
        .first()
    )
    if done is not None:
        return _done_message(done), done
    names = {"year": source.to_year, "organisation": organisation.name}
    started = _target_contents(organisation, source.to_year)
    if started:
        return (
            _(
                "Verksamhetsår %(year)s för %(organisation)s har redan %(contents)s "
                "(upplagt på annat sätt). Nytt verksamhetsår kopierar bara till ett år "
                "som ännu saknar styrmodell."
            )
            % {**names, "contents": ", ".join(started)},
            None,
        )
    if source.year is None:
        return (
            _(
                "Verksamhetsår %(source)s finns inte för %(organisation)s, så det finns "
                "ingenting att kopiera till %(year)s."
            )
            % {**names, "source": source.from_year},
            None,
        )
    if not source.perspectives:
        return (
            _(
                "Verksamhetsår %(source)s för %(organisation)s har ingen styrmodell "
                "(inga perspektiv) att kopiera till %(year)s."
            )
            % {**names, "source": source.from_year},
            None,
        )
    return "", None


def _target_contents(organisation: Organisation, to_year: int) -> list[str]:
    """What the target year already holds of what the rollover would create."""
    year = Year.objects.filter(organisation=organisation, year=to_year).first()
    if year is None:
        return []
    checks: list[tuple[str, models.QuerySet[Any]]] = [
        (_("perspektiv"), Perspective.objects.filter(year=year)),
        (_("fokusområden"), FocusArea.objects.filter(year=year)),
        (_("kostnadsslag"), CostCategory.objects.filter(year=year)),
        (_("investeringstyper"), InvestmentCategory.objects.filter(year=year)),
        (_("uppdrag"), Assignment.objects.filter(year=year)),
        (_("internkontrollplaner"), ControlPlan.objects.filter(year=year)),
    ]
    return [label for label, queryset in checks if queryset.exists()]


def rollover_plan(*, organisation: Organisation, to_year: int) -> RolloverPlan:
    """What a rollover of ``organisation`` into ``to_year`` would create; writes nothing."""
    source = _Source.read(organisation, to_year)
    refusal, done = _refusal(source)
    return RolloverPlan(
        organisation=organisation,
        from_year=source.from_year,
        to_year=to_year,
        sections=source.sections(),
        left_behind=source.left_behind(),
        refusal=refusal,
        done=done,
    )


# -------------------------------------------------------------------------------- run


def rollover_run(
    *, actor: User | None, organisation: Organisation, to_year: int, via: str = Via.WEB
) -> YearRollover:
    """Create ``to_year`` from the year before it, in one transaction; raises
    RolloverRefused (nothing written) when it can't run."""
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        # One rollover of an organisation at a time: the second waits here, then sees
        # the first one's record and is refused. The unique constraint backs this up
        # where the database has no row locks (SQLite serialises writers anyway).
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        source = _Source.read(organisation, to_year)
        refusal, _done = _refusal(source)
        if refusal:
            raise RolloverRefused(refusal)
        record = YearRollover(
            organisation=organisation,
            from_year=source.from_year,
            to_year=to_year,
            created_by=user,  # type: ignore[misc]  # the project's user model
            via=via,
            counts={s.key: s.count for s in source.sections()},
        )
        record.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as error:
            earlier = YearRollover.objects.filter(organisation=organisation, to_year=to_year)
            found = earlier.select_related("created_by", "organisation").first()
            raise RolloverRefused(
                _done_message(found) if found else _("Någon annan skapar året just nu.")
            ) from error
        year = year_create(organisation=organisation, year=to_year, via=CHANGE_REASON)
        _Copier(source=source, year=year, user=user).run()
    return record


class _Copier:
    """Copies the source year into ``year``; each map is old pk → new object, so the
    copies' relations point into the new year."""

    def __init__(self, *, source: _Source, year: Year, user: Any) -> None:
        self.source = source
        self.year = year
        self.user = user

    def run(self) -> None:
        s = self.source
        perspectives = self._create(
            Perspective,
            s.perspectives,
            lambda p: Perspective(
                year=self.year,
                slug=p.slug,
                name=p.name,
                description=p.description,
                order=p.order,
            ),
        )
        strategic_goals = self._create(
            StrategicGoal,
            s.strategic_goals,
            lambda g: StrategicGoal(
                perspective=perspectives[g.perspective_id], title=g.title, order=g.order
            ),
        )
        success_factors = self._create(
            SuccessFactor,
            s.success_factors,
            lambda f: SuccessFactor(
                strategic_goal=strategic_goals[f.strategic_goal_id], title=f.title, order=f.order
            ),
        )
        focus_areas = self._create(
            FocusArea,
            s.focus_areas,
            lambda a: FocusArea(
                unit=a.unit,
                year=self.year,
                title=a.title,
                description=a.description,
                order=a.order,
            ),
        )
        goals = self._create(
            UnitGoal,
            s.unit_goals,
            lambda g: UnitGoal(
                unit=g.unit,
                perspective=perspectives[g.perspective_id],
                success_factor=success_factors.get(g.success_factor_id),  # type: ignore[arg-type]
                focus_area=focus_areas.get(g.focus_area_id),  # type: ignore[arg-type]
                title=g.title,
                order=g.order,
            ),
        )
        self._create(Measure, s.measures, lambda m: self._measure(m, goals[m.goal_id]))
        self._create(
            CostCategory,
            s.cost_categories,
            lambda c: CostCategory(
                year=self.year, slug=c.slug, name=c.name, kind=c.kind, order=c.order
            ),
        )
        self._investment_categories()
        self._create(
            Assignment,
            [a for a, _status in s.open_assignments],
            lambda a: Assignment(
                unit=a.unit,
                year=self.year,
                slug=a.slug,
                title=a.title,
                description=a.description,
                decision_body=a.decision_body,
                decision_date=a.decision_date,
                decision_reference=a.decision_reference,
                due_date=a.due_date,
                owner_title=a.owner_title,
                order=a.order,
                carried_from=a,
            ),
        )
        # A copied plan is a draft again: next year's plan is fastställd anew.
        plans = self._create(
            ControlPlan,
            s.control_plans,
            lambda p: ControlPlan(unit=p.unit, year=self.year, status=ControlPlan.Status.DRAFT),
        )
        risks = self._create(
            Risk,
            s.risks,
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
        self._create(
            ControlActivity,
            s.activities,
            lambda a: ControlActivity(
                risk=risks[a.risk_id],
                what=a.what,
                responsible_role=a.responsible_role,
                method=a.method,
                when=a.when,
                order=a.order,
            ),
        )

    def _measure(self, m: Measure, goal: UnitGoal) -> Measure:
        baseline_value, baseline_text, baseline_label = self.source.baseline_for(m)
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
            order=m.order,
        )

    def _investment_categories(self) -> None:
        """The tree level by level: a child is created once its parent has been."""
        copies: dict[int, InvestmentCategory] = {}
        remaining = list(self.source.investment_categories)
        while remaining:
            level = [c for c in remaining if c.parent_id is None or c.parent_id in copies]
            if not level:  # a parent outside the year: can't happen with clean() in place
                raise RolloverRefused(_("Investeringstyperna bildar inget träd."))
            parents = dict(copies)
            copies |= self._create(
                InvestmentCategory,
                level,
                lambda c, parents=parents: InvestmentCategory(  # type: ignore[misc]
                    year=self.year,
                    parent=parents.get(c.parent_id),
                    slug=c.slug,
                    name=c.name,
                    order=c.order,
                ),
            )
            remaining = [c for c in remaining if c.pk not in copies]

    def _create[M: models.Model](
        self, model: type[M], originals: Sequence[M], copy: Any
    ) -> dict[int, M]:
        """Copies of ``originals`` in one INSERT batch (with their history where the
        model keeps one), validated like any write; old pk → copy."""
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
