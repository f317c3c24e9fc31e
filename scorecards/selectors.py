"""Reads for scorecard pages: each returns everything a page needs in a fixed number of queries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import FilteredRelation, Q, QuerySet, TextChoices
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from scorecards import rules
from scorecards.models import (
    Action,
    Attainment,
    Frequency,
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Perspective,
    PerspectiveAssessment,
    Unit,
    UnitGoal,
    UnitPeriod,
    Year,
    is_admin,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


@dataclass(frozen=True)
class HomeUnit:
    unit: Unit
    unit_periods: list[UnitPeriod]


def overview_periods(units: list[HomeUnit]) -> list[Period]:
    """The distinct periods among the visible unit periods, newest first (no queries)."""
    periods = {up.period.pk: up.period for item in units for up in item.unit_periods}
    return sorted(periods.values(), key=lambda p: (p.year.year, p.end_month), reverse=True)


def home_units(*, user: AbstractBaseUser | AnonymousUser) -> list[HomeUnit]:
    """Units the user may see with the periods visible to them, newest period first.

    Three queries whatever the number of units: the user's roles, the visible units,
    and their visible unit periods (with period and year joined).
    """
    units = list(Unit.objects.for_user(user, Action.VIEW).select_related("organisation"))
    unit_periods = (
        UnitPeriod.objects.for_user(user, Action.VIEW)
        .filter(unit__in=[u.pk for u in units])
        .select_related("period__year")
        .order_by("unit__path", "-period__year__year", "-period__end_month")
    )
    by_unit: dict[int, list[UnitPeriod]] = {u.pk: [] for u in units}
    for up in unit_periods:
        by_unit[up.unit_id].append(up)
    return [HomeUnit(unit=u, unit_periods=by_unit[u.pk]) for u in units]


@dataclass(frozen=True)
class MeasureRow:
    """A measure with its outcome for the period and the derived light and trend."""

    measure: Measure
    outcome: MeasureOutcome | None
    attainment: str
    explanation: str
    trend: str | None
    comparison: rules.Comparison | None
    changed: bool


@dataclass(frozen=True)
class GoalBlock:
    goal: UnitGoal
    rows: list[MeasureRow]


@dataclass(frozen=True)
class PerspectiveBlock:
    perspective: Perspective
    assessment: PerspectiveAssessment | None
    goals: list[GoalBlock]

    @property
    def counts(self) -> dict[str, int]:
        return attainment_counts(row for goal in self.goals for row in goal.rows)


@dataclass(frozen=True)
class Scorecard:
    unit_period: UnitPeriod
    previous_period: Period | None
    perspectives: list[PerspectiveBlock]


class Show(TextChoices):
    """The scorecard filters, as they appear in the URL (?visa=…)."""

    ALL = "alla", _("Alla")
    NOT_ACHIEVED = "ej-uppnatt", _("Bara ej uppnått")
    CHANGED = "andrade", _("Bara ändrade sedan föregående period")


def attainment_counts(rows: Iterable[MeasureRow]) -> dict[str, int]:
    counts = dict.fromkeys(Attainment.values, 0)
    for row in rows:
        counts[row.attainment] += 1
    return counts


def unit_period_for(
    *, user: AbstractBaseUser | AnonymousUser, unit_slug: str, period_key: str, action: str
) -> UnitPeriod:
    """The unit period at a URL, if this user may ``action`` it; else Http404."""
    return get_object_or_404(
        UnitPeriod.objects.for_user(user, action).select_related(
            "unit__organisation", "period__year"
        ),
        unit__slug=unit_slug,
        period__key=period_key,
    )


def measures_followed_up(unit: Unit, period: Period) -> QuerySet[Measure]:
    """The unit's measures of the period's year that are followed up in this kind of period."""
    qs = Measure.objects.filter(goal__unit=unit, goal__perspective__year=period.year_id)
    if period.kind != Period.Kind.YEAR:
        qs = qs.filter(frequency=Frequency.TERTIAL)
    return qs


def previous_period(period: Period) -> Period | None:
    """The organisation's period just before this one (T1 2021 → helår 2020): one query."""
    return (
        Period.objects.filter(year__organisation=period.year.organisation_id)
        .filter(
            Q(year__year=period.year.year, end_month__lt=period.end_month)
            | Q(year__year__lt=period.year.year)
        )
        .select_related("year")
        .order_by("-year__year", "-end_month")
        .first()
    )


def _outcomes_by_key(unit: Unit, period: Period | None) -> dict[str, MeasureOutcome]:
    """The unit's outcomes in a period, by measure key (measures differ between years)."""
    if period is None:
        return {}
    return {
        o.measure.key: o
        for o in MeasureOutcome.objects.filter(
            measure__goal__unit=unit,
            # Implied (an outcome's measure is of its period's year, outcome_set checks
            # it) but it lets PostgreSQL take this year's measures only, not every year's
            # with all their outcomes: 14× fewer pages read for a unit with ten years of
            # history (bench/scale.py).
            measure__goal__perspective__year=period.year_id,
            period=period,
        ).select_related("measure", "period__year")
    }


def _same_period_last_year(unit: Unit, period: Period) -> dict[str, MeasureOutcome]:
    return {
        o.measure.key: o
        for o in MeasureOutcome.objects.filter(
            measure__goal__unit=unit,
            # Implied, as in _outcomes_by_key: last year's measures only.
            measure__goal__perspective__year__year=period.year.year - 1,
            period__year__organisation=period.year.organisation_id,
            period__year__year=period.year.year - 1,
            period__kind=period.kind,
            period__end_month=period.end_month,
        ).select_related("measure", "period__year")
    }


def _has_changed(outcome: MeasureOutcome | None, before: MeasureOutcome | None) -> bool:
    if outcome is None:
        return False
    if before is None:
        return outcome.value is not None or bool(outcome.text)
    return (outcome.value, outcome.text.strip()) != (before.value, before.text.strip())


def measure_row(
    measure: Measure,
    outcome: MeasureOutcome | None,
    *,
    last_year: MeasureOutcome | None,
    before: MeasureOutcome | None,
    period: Period,
) -> MeasureRow:
    """A measure's derived light, explanation, trend and change flag: one place for all."""
    full_year = period.kind == Period.Kind.YEAR
    comparison = rules.comparison_for(measure, last_year, full_year=full_year)
    return MeasureRow(
        measure=measure,
        outcome=outcome,
        attainment=rules.attainment(measure, outcome, end_month=period.end_month),
        explanation=rules.explain_attainment(measure, outcome, end_month=period.end_month),
        trend=rules.trend(
            lower_is_better=measure.lower_is_better,
            value=outcome.value if outcome else None,
            previous=comparison.value if comparison else None,
        ),
        comparison=comparison,
        changed=_has_changed(outcome, before),
    )


def scorecard_row(
    *, unit_period: UnitPeriod, measure: Measure, outcome: MeasureOutcome | None = None
) -> MeasureRow:
    """One measure's row, as the scorecard computes it (after a save on the entry page).

    ``outcome``: the row just saved, so it is not read again. Two queries besides: the
    previous period, and this measure's outcomes (by its stable key) in the comparison
    periods — not the whole unit's, as the full scorecard reads them.
    """
    unit, period = unit_period.unit, unit_period.period
    if outcome is None or outcome.pk is None:
        outcome = MeasureOutcome.objects.filter(measure=measure, period=period).first()
    previous = previous_period(period)
    same_last_year = Q(
        period__year__year=period.year.year - 1,
        period__kind=period.kind,
        period__end_month=period.end_month,
    )
    earlier = {
        o.period_id: o
        for o in MeasureOutcome.objects.filter(
            same_last_year | Q(period=previous) if previous else same_last_year,
            measure__goal__unit=unit,
            measure__key=measure.key,
            period__year__organisation=period.year.organisation_id,
        ).select_related("measure", "period__year")
    }
    last_year = next(
        (
            o
            for o in earlier.values()
            if o.period.year.year == period.year.year - 1
            and o.period.kind == period.kind
            and o.period.end_month == period.end_month
        ),
        None,
    )
    before = earlier.get(previous.pk) if previous else None
    return measure_row(
        measure,
        outcome,
        last_year=last_year,
        before=before,
        period=period,
    )


def scorecard(*, unit_period: UnitPeriod) -> Scorecard:
    """Perspective summary and perspective → goal → measure with light, trend and change.

    A fixed number of queries whatever the number of measures: perspectives with their
    strategic goals and success factors (3), assessments, measures, this period's
    outcomes, last year's, and the previous period with its outcomes (2).
    """
    unit, period = unit_period.unit, unit_period.period
    perspectives = list(
        Perspective.objects.filter(year=period.year_id)
        .prefetch_related("strategic_goals__success_factors")
        .order_by("order")
    )
    assessments = {
        a.perspective_id: a for a in PerspectiveAssessment.objects.filter(unit=unit, period=period)
    }
    measures = list(
        measures_followed_up(unit, period)
        .select_related("goal")
        .order_by("goal__perspective__order", "goal__order", "order", "pk")
    )
    outcomes = {
        o.measure_id: o for o in MeasureOutcome.objects.filter(measure__in=measures, period=period)
    }
    last_year = _same_period_last_year(unit, period)
    before = previous_period(period)
    before_outcomes = _outcomes_by_key(unit, before)

    goals: dict[int, GoalBlock] = {}
    goals_by_perspective: dict[int, list[GoalBlock]] = {p.pk: [] for p in perspectives}
    for measure in measures:
        goal = measure.goal
        if goal.pk not in goals:
            goals[goal.pk] = GoalBlock(goal, [])
            goals_by_perspective[goal.perspective_id].append(goals[goal.pk])
        goals[goal.pk].rows.append(
            measure_row(
                measure,
                outcomes.get(measure.pk),
                last_year=last_year.get(measure.key),
                before=before_outcomes.get(measure.key),
                period=period,
            )
        )
    blocks = [
        PerspectiveBlock(p, assessments.get(p.pk), goals_by_perspective[p.pk]) for p in perspectives
    ]
    return Scorecard(unit_period=unit_period, previous_period=before, perspectives=blocks)


def filter_rows(card: Scorecard, show: Show) -> list[PerspectiveBlock]:
    """The perspective blocks with only the rows the filter keeps (empty goals dropped)."""
    if show == Show.ALL:
        return card.perspectives
    keep = {
        Show.NOT_ACHIEVED: lambda r: r.attainment == Attainment.NOT_ACHIEVED,
        Show.CHANGED: lambda r: r.changed,
    }[show]
    blocks = []
    for block in card.perspectives:
        goals = [GoalBlock(g.goal, [r for r in g.rows if keep(r)]) for g in block.goals]
        blocks.append(
            PerspectiveBlock(block.perspective, block.assessment, [g for g in goals if g.rows])
        )
    return blocks


@dataclass(frozen=True)
class HistoryPoint:
    """One period's outcome of a measure (matched across years by its key)."""

    period: Period
    measure: Measure
    outcome: MeasureOutcome
    attainment: str


@dataclass(frozen=True)
class MeasureDetail:
    unit_period: UnitPeriod
    measure: Measure
    outcome: MeasureOutcome | None
    points: list[HistoryPoint]
    edits: list[Any]


def measure_detail(
    *, user: AbstractBaseUser | AnonymousUser, unit_period: UnitPeriod, key: str
) -> MeasureDetail:
    """A measure's history over every period the user may see, and the edits of its comment.

    Readers only see the history of approved periods, like everything else.
    """
    unit, period = unit_period.unit, unit_period.period
    measure = get_object_or_404(
        Measure.objects.select_related("goal__perspective"),
        goal__unit=unit,
        goal__perspective__year=period.year_id,
        key=key,
    )
    visible_periods = UnitPeriod.objects.for_user(user, Action.VIEW).filter(unit=unit)
    outcomes = (
        MeasureOutcome.objects.filter(
            measure__goal__unit=unit,
            measure__key=key,
            period__in=visible_periods.values("period"),
        )
        .select_related("measure", "period__year")
        .order_by("period__year__year", "period__end_month")
    )
    points = [
        HistoryPoint(
            o.period, o.measure, o, rules.attainment(o.measure, o, end_month=o.period.end_month)
        )
        for o in outcomes
    ]
    current = next((p.outcome for p in points if p.period.pk == period.pk), None)
    edits = (
        list(current.history.select_related("history_user").order_by("-history_date"))
        if current is not None
        else []
    )
    return MeasureDetail(unit_period, measure, current, points, edits)


# The counts of a tile or a row, in the order the overview prints them.
COUNT_ORDER = (
    Attainment.ACHIEVED,
    Attainment.PARTLY,
    Attainment.NOT_ACHIEVED,
    Attainment.NOT_ASSESSED,
)


def _empty_counts() -> dict[str, int]:
    return dict.fromkeys(COUNT_ORDER, 0)


@dataclass(frozen=True, slots=True)
class OverviewCell:
    """One tile of the heat map: a unit's measures in a perspective."""

    perspective: Perspective
    counts: dict[str, int]
    # The unit's own overall assessment of the perspective (samlad bedömning), if made.
    assessment: str | None

    @property
    def light(self) -> str:
        return rules.overall_light(self.counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _sum_counts(cells: Iterable[OverviewCell]) -> dict[str, int]:
    total = _empty_counts()
    for cell in cells:
        for name, n in cell.counts.items():
            total[name] += n
    return total


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """A unit's row: its status, a tile per perspective and its totals."""

    unit_period: UnitPeriod
    cells: list[OverviewCell]
    counts: dict[str, int]

    @property
    def light(self) -> str:
        return rules.overall_light(self.counts)

    @property
    def worst_key(self) -> tuple[int, int, int]:
        """Sorts the worst unit first: most "ej uppnått", then most "delvis"."""
        c = self.counts
        return (-c[Attainment.NOT_ACHIEVED], -c[Attainment.PARTLY], -c[Attainment.ACHIEVED])


@dataclass(frozen=True, slots=True)
class OverviewTable:
    """One organisation's units × perspectives for a period, with its roll-up row."""

    period: Period
    perspectives: list[Perspective]
    rows: list[OverviewRow]
    # The organisation's roll-up: every visible unit's measures summed per perspective,
    # whatever the filter shows.
    rollup: list[OverviewCell]
    rollup_counts: dict[str, int]
    # Units per status among all visible units (the filter's choices say how many).
    status_counts: dict[str, int]

    @property
    def organisation(self) -> Organisation:
        return self.period.year.organisation

    @property
    def unit_count(self) -> int:
        return sum(self.status_counts.values())

    @property
    def rollup_light(self) -> str:
        return rules.overall_light(self.rollup_counts)

    @property
    def status_summary(self) -> list[tuple[str, int]]:
        """(status label, units) for the statuses any visible unit has."""
        return [
            (str(label), self.status_counts[value])
            for value, label in UnitPeriod.Status.choices
            if self.status_counts[value]
        ]


class OverviewSort(TextChoices):
    """The overview's order, as in the URL (?sortera=…)."""

    TREE = "enhet", _("Enheternas ordning")
    WORST = "samst", _("Sämst först")


@dataclass(frozen=True)
class OverviewFilter:
    """What the overview shows: units of one status, only those with "ej uppnått", order."""

    status: str = ""
    only_not_achieved: bool = False
    sort: str = OverviewSort.TREE

    @classmethod
    def from_query(cls, query: Any) -> OverviewFilter:
        """From ``request.GET``; an unknown value means no filter (a stale bookmark)."""
        status = query.get("status", "")
        sort = query.get("sortera", "")
        return cls(
            status=status if status in UnitPeriod.Status.values else "",
            only_not_achieved=query.get("visa") == Show.NOT_ACHIEVED,
            sort=sort if sort in OverviewSort.values else OverviewSort.TREE,
        )

    def keeps(self, row: OverviewRow) -> bool:
        if self.status and row.unit_period.status != self.status:
            return False
        return not self.only_not_achieved or row.counts[Attainment.NOT_ACHIEVED] > 0


def overview(
    *,
    user: AbstractBaseUser | AnonymousUser,
    period_key: str,
    shown: OverviewFilter | None = None,
) -> list[OverviewTable]:
    """Units × perspectives with light counts, for the units this user may see.

    Six queries whatever the number of units: the user's roles, the visible unit
    periods, their periods, the perspectives, the measures joined with this period's
    outcome (plain column values: building 30 000 model objects for a region's 300
    divisions was most of the page's time) and the assessments. Raises Http404 when the
    user sees no unit for the period.
    """
    shown = shown or OverviewFilter()
    unit_periods = list(
        UnitPeriod.objects.for_user(user, Action.VIEW)
        # The units that report (Unit.reports), an organisation's own unit included.
        .filter(period__key=period_key, unit__reports=True)
        .select_related("unit")
        .only("status", "period", "unit__slug", "unit__name", "unit__path")
        .order_by("unit__organisation__name", "unit__path")
    )
    if not unit_periods:
        raise Http404
    periods = {
        p.pk: p
        for p in Period.objects.filter(pk__in={up.period_id for up in unit_periods}).select_related(
            "year__organisation"
        )
    }
    for up in unit_periods:
        up.period = periods[up.period_id]  # shared, not one copy per unit
    year_ids = {p.year_id for p in periods.values()}
    perspectives = list(Perspective.objects.filter(year__in=year_ids).order_by("order"))
    by_unit = {up.unit_id: up for up in unit_periods}
    measures = Measure.objects.filter(
        goal__unit__in=list(by_unit), goal__perspective__year__in=year_ids
    )
    if all(p.kind != Period.Kind.YEAR for p in periods.values()):
        measures = measures.filter(frequency=Frequency.TERTIAL)
    rows = (
        measures.annotate(
            current=FilteredRelation("outcomes", condition=Q(outcomes__period__in=list(periods)))
        )
        # Only counted, so no Meta ordering: with a region's 300 divisions the sort of
        # ~34 000 rows spilled to disk and took two thirds of the query (bench/scale.py).
        .order_by()
        .values_list(
            "goal__unit_id",
            "goal__perspective_id",
            "frequency",
            "target_direction",
            "target_value",
            "partly_threshold",
            "baseline_value",
            "accumulates",
            "current__value",
            "current__manual_attainment",
            "current__override_justification",
            "current__forecast",
        )
    )
    assessments = {
        (unit_id, perspective_id): attainment
        for unit_id, perspective_id, attainment in PerspectiveAssessment.objects.filter(
            unit__in=list(by_unit), period__in=list(periods)
        ).values_list("unit_id", "perspective_id", "attainment")
    }
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for unit_id, perspective_id, frequency, direction, target, threshold, baseline, *o in rows:
        period = periods[by_unit[unit_id].period_id]
        if period.kind != Period.Kind.YEAR and frequency != Frequency.TERTIAL:
            continue
        accumulates, value, manual, justification, forecast = o
        light = rules.attainment_from(
            manual=manual,
            justification=justification,
            direction=direction,
            value=value,
            target=target,
            partly_threshold=threshold,
            baseline=baseline,
            part_year=rules.part_year_of(accumulates, period.end_month, forecast),
        )
        cell = counts.get((unit_id, perspective_id))
        if cell is None:
            cell = counts[(unit_id, perspective_id)] = _empty_counts()
        cell[light] += 1
    return _overview_tables(unit_periods, perspectives, counts, assessments, shown)


def _overview_tables(
    unit_periods: list[UnitPeriod],
    perspectives: list[Perspective],
    counts: dict[tuple[int, int], dict[str, int]],
    assessments: dict[tuple[int, int], str],
    shown: OverviewFilter,
) -> list[OverviewTable]:
    """Rows per organisation (one period each), their roll-up, then the filter and order."""
    grouped: dict[int, list[OverviewRow]] = {}
    for up in unit_periods:
        cells = [
            OverviewCell(
                p,
                counts.get((up.unit_id, p.pk)) or _empty_counts(),
                assessments.get((up.unit_id, p.pk)),
            )
            for p in perspectives
            if p.year_id == up.period.year_id
        ]
        grouped.setdefault(up.period_id, []).append(OverviewRow(up, cells, _sum_counts(cells)))
    tables = []
    for rows in grouped.values():
        period = rows[0].unit_period.period
        table_perspectives = [p for p in perspectives if p.year_id == period.year_id]
        rollup = [
            OverviewCell(p, _sum_counts(row.cells[i] for row in rows), None)
            for i, p in enumerate(table_perspectives)
        ]
        statuses = dict.fromkeys(UnitPeriod.Status.values, 0)
        for row in rows:
            statuses[row.unit_period.status] += 1
        kept = [row for row in rows if shown.keeps(row)]
        if shown.sort == OverviewSort.WORST:
            kept.sort(key=lambda row: row.worst_key)  # stable: tree order within a tie
        tables.append(
            OverviewTable(period, table_perspectives, kept, rollup, _sum_counts(rollup), statuses)
        )
    return tables


def previous_unit_period(
    *, user: AbstractBaseUser | AnonymousUser, unit_period: UnitPeriod
) -> UnitPeriod | None:
    """The same unit's period just before this one, if the user may see it."""
    before = previous_period(unit_period.period)
    if before is None:
        return None
    return (
        UnitPeriod.objects.for_user(user, Action.VIEW)
        .select_related("unit__organisation", "period__year")
        .filter(unit=unit_period.unit_id, period=before)
        .first()
    )


# A year ("2019") or any period key of it ("2019-T1"): pages per year accept both.
YEAR_KEY = re.compile(r"(?P<year>\d{4})(?:-[A-Za-z0-9]+)?")


def year_for(*, unit: Unit, key: str) -> Year:
    """The unit's organisation's year named by ``key`` (a year or a period key); else 404."""
    match = YEAR_KEY.fullmatch(key)
    if match is None:
        raise Http404
    return get_object_or_404(Year, organisation=unit.organisation_id, year=int(match["year"]))


def organisation_for(
    *, user: AbstractBaseUser | AnonymousUser, slug: str, action: str = Action.VIEW
) -> Organisation:
    """The organisation at a URL, if the user may ``action`` some unit of it; else Http404.

    Organisation-wide pages (set-up, årshjul, allocation, rollover) use this, the same
    visibility rule as the unit pages: an organisation is visible through its units.
    Administrators see every organisation, also a new one without units yet.
    """
    organisation = get_object_or_404(Organisation, slug=slug)
    if organisation_allows(user=user, organisation=organisation, action=action):
        return organisation
    raise Http404


def organisation_for_admin(*, user: AbstractBaseUser | AnonymousUser, slug: str) -> Organisation:
    """The organisation for its administrator (the set-up pages that change it).

    Http404 when the user sees no unit of it; PermissionDenied when they see it but do
    not administer it (a manager is told that only an administrator may).
    """
    organisation = organisation_for(user=user, slug=slug, action=Action.VIEW)
    if organisation_allows(user=user, organisation=organisation, action=Action.ADMIN):
        return organisation
    if organisation_allows(user=user, organisation=organisation, action=Action.APPROVE):
        raise PermissionDenied(_("Bara en administratör kan ändra det här."))
    raise PermissionDenied(_("Inställningarna görs av chefer och administratörer."))


def organisation_allows(
    *, user: AbstractBaseUser | AnonymousUser, organisation: Organisation, action: str
) -> bool:
    """Whether the user may ``action`` some unit of the organisation (admins: always)."""
    if is_admin(user):
        return True
    return Unit.objects.for_user(user, action).filter(organisation=organisation).exists()


def unit_choices(units: Iterable[Unit], *, indent: bool = False) -> list[tuple[int, str]]:
    """(pk, label) for a unit chooser: the unit's name, and where two units share a name
    ("Ekonomi" under two divisions) the name of the unit above it, so no two options
    read alike. ``indent``: an em space per level, for a chooser that shows the tree.

    No query: the parent's name is looked up among ``units`` (an organisation's units),
    else its slug is taken from the unit's path.
    """
    units = list(units)
    by_pk = {u.pk: u for u in units}
    names = [u.name for u in units]
    choices = []
    for unit in units:
        label = unit.name
        if names.count(unit.name) > 1:
            parent = by_pk.get(unit.parent_id) if unit.parent_id else None
            above = parent.name if parent else unit.path.strip("/").split("/")[-2:][0]
            label = _("%(unit)s (under %(parent)s)") % {"unit": unit.name, "parent": above}
        choices.append((unit.pk, "\u2003" * unit.depth + label if indent else str(label)))
    return choices
