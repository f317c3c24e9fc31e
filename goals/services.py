"""Writes for goals: a goal's follow-up (comment, prognosis), an indicator's counts, and
a goal's dated occasions with the figures computed from them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from goals import rules
from goals.models import GoalFollowUp, IndicatorCount, Occasion
from scorecards.errors import InputRefused, StaleVersion
from scorecards.models import Action, Measure, MeasureOutcome, Period, UnitGoal, UnitPeriod
from scorecards.services import (
    EntryError,
    Via,
    guarded_save,
    last_change,
    outcome_set,
    permission_check,
    row_save,
    unit_period_open_check,
)

if TYPE_CHECKING:
    from scorecards.services import User


def _goal_check(goal: UnitGoal, unit_period: UnitPeriod) -> None:
    if goal.unit_id != unit_period.unit_id or (
        goal.perspective.year_id != unit_period.period.year_id
    ):
        raise EntryError(_("Målet hör inte till enheten och periodens år."))


def goal_follow_up_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    goal: UnitGoal,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> GoalFollowUp:
    """Set a goal's comment and prognosis for the period; the row is created if missing.

    Analysis, so controllers and managers may write it (an open period only).
    """
    _goal_check(goal, unit_period)
    if set(changes) - {"comment", "forecast"}:
        raise EntryError(_("Okända fält för uppföljningen av målet."))

    def find() -> GoalFollowUp:
        found = GoalFollowUp.objects.filter(goal=goal, period=unit_period.period).first()
        return found or GoalFollowUp(goal=goal, period=unit_period.period, version=0)

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.ANALYSE,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )
    return saved  # type: ignore[return-value]


def indicator_count_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    measure: Measure,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> IndicatorCount:
    """Set the counts (numerator, denominator) of an indicator for the period.

    Figures, so the controller's. The value is computed by ``goals.rules``. The counts of
    an indicator computed from occasions come only through ``Via.OCCASIONS``: a typed
    path may leave them out or send them unchanged (a re-imported sheet), not change them.
    """
    _goal_check(measure.goal, unit_period)
    if set(changes) - {"numerator", "denominator"}:
        raise EntryError(_("Okända fält för indikatorns antal."))
    for name in ("numerator", "denominator"):
        value = changes.get(name)
        if value is not None and value < 0:
            raise EntryError(_("Antal kan inte vara negativa."))
    computed_check = None
    if measure.from_occasions and via != Via.OCCASIONS:
        changes = {name: value for name, value in changes.items() if value is not None}

        def computed_check(row: models.Model) -> None:
            if any(getattr(row, name) != value for name, value in changes.items()):
                raise EntryError(_computed_message(measure))

    def find() -> IndicatorCount:
        found = IndicatorCount.objects.filter(measure=measure, period=unit_period.period).first()
        return found or IndicatorCount(measure=measure, period=unit_period.period, version=0)

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.EDIT,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
        extra_check=computed_check,
    )
    return saved  # type: ignore[return-value]


def _computed_message(measure: Measure) -> str:
    return _(
        "%(measure)s räknas från tillfällen och kan inte skrivas in. "
        "Registrera tillfällena under Tillfällen på sidan Mål och prognos."
    ) % {"measure": measure.name}


# ------------------------------------------------------------------------- occasions
# An occasion is entered once, on the goals page of a period it falls in. Its goal's
# indicators computed from occasions (Measure.value_source) then get their figures for
# every period of the unit's year that ends in or after its month, written through the
# same guarded services as typed figures (outcome_set, indicator_count_set) with
# Via.OCCASIONS, in one transaction: a period that is no longer open refuses the
# occasion and nothing changes, and every figure written is audited.

OCCASION_FIELDS = frozenset({"date", "title", "attended", "of_total"})


def occasion_measures(goal: UnitGoal) -> list[Measure]:
    """The goal's indicators computed from its occasions (one query)."""
    measures = [
        m
        for m in goal.measures.exclude(value_source=Measure.ValueSource.TYPED).order_by(
            "order", "pk"
        )
    ]
    for measure in measures:
        measure.goal = goal  # the services check the goal's unit and year
    return measures


def occasion_date_check(day: date, period: Period) -> None:
    """An occasion is entered in a period it falls in: the period's year, up to its end."""
    if day.year != period.year.year:
        raise EntryError(
            _("Datum: %(date)s ligger utanför verksamhetsåret %(year)s.")
            % {"date": day.isoformat(), "year": period.year.year},
            field="date",
        )
    if day.month > period.end_month:
        raise EntryError(
            _(
                "Datum: %(date)s ligger efter periodens slut (%(period)s). "
                "Registrera tillfället i en period som omfattar det."
            )
            % {"date": day.isoformat(), "period": period.label},
            field="date",
        )


def _occasion_checks(unit_period: UnitPeriod, goal: UnitGoal) -> list[Measure]:
    _goal_check(goal, unit_period)
    measures = occasion_measures(goal)
    if not measures:
        raise EntryError(_("Målet har ingen indikator som räknas från tillfällen."))
    return measures


def _locked_periods(actor: User, unit_period: UnitPeriod, goal: UnitGoal) -> list[UnitPeriod]:
    """The unit's periods of the goal's year, locked in one order (every writer of a unit
    period takes its row first), after checking the right and the lock of the page's."""
    periods = list(
        UnitPeriod.objects.select_for_update()
        .select_related("unit", "period__year")
        .filter(unit=goal.unit_id, period__year=goal.perspective.year_id)
        .order_by("period__end_month", "pk")
    )
    page = next(up for up in periods if up.pk == unit_period.pk)
    permission_check(actor, page, Action.EDIT)
    unit_period_open_check(page)
    return periods


def _figures_write(
    *,
    actor: User,
    goal: UnitGoal,
    measures: list[Measure],
    periods: list[UnitPeriod],
    from_month: int,
) -> None:
    """Recompute the occasions' indicators for each period ending in or after
    ``from_month``, through the guarded services (rights, lock, audit)."""
    occasions = list(Occasion.objects.filter(goal=goal).values_list("date", "attended", "of_total"))
    for up in periods:
        if up.period.end_month < from_month:
            continue
        figures = rules.occasion_figures(occasions, end_month=up.period.end_month)
        for measure in measures:
            outcome_set(
                actor=actor,
                unit_period=up,
                measure=measure,
                changes=figures.outcome_changes(measure),
                expected_version=_version(MeasureOutcome, measure, up),
                via=Via.OCCASIONS,
            )
            counts = figures.count_changes(measure)
            if counts is not None:
                indicator_count_set(
                    actor=actor,
                    unit_period=up,
                    measure=measure,
                    changes=counts,
                    expected_version=_version(IndicatorCount, measure, up),
                    via=Via.OCCASIONS,
                )


def _version(model: type[models.Model], measure: Measure, up: UnitPeriod) -> int:
    """The stored row's version (0: none yet); read with the unit period locked."""
    found = (
        model._default_manager.filter(measure=measure, period=up.period_id)
        .values_list("version", flat=True)
        .first()
    )
    return found or 0


def _by_field(error: ValidationError) -> dict[str | None, list[str]]:
    """A model's validation errors per field (None: about the whole row)."""
    if hasattr(error, "error_dict"):
        return {name: list(messages) for name, messages in error.message_dict.items()}
    return {None: error.messages}


def occasion_save(
    *,
    actor: User,
    unit_period: UnitPeriod,
    goal: UnitGoal,
    occasion: Occasion | None,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> Occasion:
    """Add an occasion to the goal (``occasion`` None) or change one, and recompute the
    figures of the periods it falls in (before and after a move of its date).

    Figures, so the controller's; the page's period must be open, and so must every
    period whose figure changes. All or nothing.
    """
    measures = _occasion_checks(unit_period, goal)
    if set(changes) - OCCASION_FIELDS:
        raise EntryError(_("Okända fält för tillfället."))
    if occasion is not None:
        if occasion.goal_id != goal.pk:
            raise EntryError(_("Tillfället hör inte till målet."))
        occasion_date_check(occasion.date, unit_period.period)
    if changes.get("date") is not None:
        occasion_date_check(changes["date"], unit_period.period)
    with transaction.atomic():
        periods = _locked_periods(actor, unit_period, goal)
        row = occasion if occasion is not None else Occasion(goal=goal, version=0)
        old_month = row.date.month if row.pk else 12
        try:
            saved = cast(
                Occasion,
                row_save(
                    instance=row,
                    changes=changes,
                    expected_version=expected_version,
                    actor=actor,
                    via=via,
                ),
            )
        except ValidationError as error:
            raise InputRefused(_by_field(error)) from error
        if saved.attended is None and any(
            m.value_source == Measure.ValueSource.OCCASION_ATTENDANCE for m in measures
        ):
            raise EntryError(
                _("Närvarande: ange hur många av totalt som var där; målet följer närvaron."),
                field="attended",
            )
        _figures_write(
            actor=actor,
            goal=goal,
            measures=measures,
            periods=periods,
            from_month=min(old_month, saved.date.month),
        )
    return saved


def occasion_delete(
    *,
    actor: User,
    unit_period: UnitPeriod,
    goal: UnitGoal,
    occasion: Occasion,
    expected_version: int | None,
    via: str = Via.WEB,
) -> None:
    """Remove an occasion and recompute the figures of the periods it fell in."""
    measures = _occasion_checks(unit_period, goal)
    if occasion.goal_id != goal.pk:
        raise EntryError(_("Tillfället hör inte till målet."))
    occasion_date_check(occasion.date, unit_period.period)
    with transaction.atomic():
        periods = _locked_periods(actor, unit_period, goal)
        current = Occasion.objects.select_for_update().filter(pk=occasion.pk).first()
        if current is None:
            raise EntryError(_("Tillfället finns inte längre. Ladda om sidan."))
        if expected_version is None or current.version != expected_version:
            raise StaleVersion(current, last_change(current))
        month = current.date.month
        current._change_reason = via  # type: ignore[attr-defined]  # simple-history
        current._history_user = actor  # type: ignore[attr-defined]
        current.delete()
        _figures_write(actor=actor, goal=goal, measures=measures, periods=periods, from_month=month)
