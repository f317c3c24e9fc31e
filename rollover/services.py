"""Nytt verksamhetsår: copy an organisation's steering model from one year to the next.

``rollover_plan`` reads what would be copied (no writes); ``rollover_run`` copies it in
one transaction. Both read the source year through the same ``_Source``, so the plan
shown is exactly what the run copies.

The new year gets its periods (T1, T2, helår) and open unit periods through
``scorecards.services.year_create``; everything else is a copy step (``rollover.steps``):
the core's steering model (perspectives, strategic goals, success factors, focus areas,
unit goals, measures with the same stable ``key``, the target as a proposal and the
baseline last year's full-year outcome where there is one), then each domain app's
``ROLLOVER_STEPS`` in ``settings.DOMAIN_APPS`` order: cost categories (finance), the
investment category tree (investments), assignments still open, linked to the original
by ``carried_from`` (assignments), and the internal control plans with their risks and
control activities (internal_control).

Never copied: figures and texts (outcomes, finance and investment figures, staff
months, nulägen, narratives, assessments), control follow-ups, goal follow-ups and
indicator counts. The goals app has no year-bound configuration of its own: its
goals and indicators are the unit goals and measures copied here. Nothing of the
source year is changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.contributions import collect
from rollover.models import YearRollover
from rollover.steps import (
    CHANGE_REASON,
    STEERING_MODEL,
    CopyTarget,
    Label,
    RolloverRefused,
    RolloverStep,
    SourceYear,
    StepSource,
)
from scorecards.models import MONTHS_LONG, Organisation, Period, Unit, UnitPeriod, Year
from scorecards.services import Via, year_create, year_periods

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

__all__ = [
    "CHANGE_REASON",
    "PlanSection",
    "RolloverPlan",
    "RolloverRefused",
    "copy_steps",
    "rollover_plan",
    "rollover_run",
    "section_labels",
]

# What ``year_create`` adds to the new year, shown before the copy steps' sections.
NEW_YEAR_SECTIONS: tuple[tuple[str, Label], ...] = (
    ("periods", _lazy("Perioder")),
    ("unit_periods", _lazy("Enheternas perioder (öppna)")),
)


def copy_steps() -> tuple[RolloverStep, ...]:
    """The copy steps in the order they run: the core's, then the domain apps'."""
    return (STEERING_MODEL, *collect("ROLLOVER_STEPS"))


def section_labels() -> dict[str, Label]:
    """What the rollover creates, in the order it is shown; the keys are those of
    ``RolloverPlan.counts`` and ``YearRollover.counts``."""
    return dict(NEW_YEAR_SECTIONS) | {key: label for s in copy_steps() for key, label in s.sections}


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
    # Each step with what it read; none when the source year is missing.
    read_steps: list[tuple[RolloverStep, StepSource]] = field(default_factory=list)
    new_periods: list[str] = field(default_factory=list)
    new_unit_periods: list[str] = field(default_factory=list)
    # The end months of the source year's custom periods (jan–maj: 5), carried over.
    custom_end_months: list[int] = field(default_factory=list)

    @classmethod
    def read(cls, organisation: Organisation, to_year: int) -> _Source:
        from_year = to_year - 1
        year = Year.objects.filter(organisation=organisation, year=from_year).first()
        source = cls(organisation=organisation, from_year=from_year, to_year=to_year, year=year)
        if year is not None:
            source_year = SourceYear(organisation=organisation, year=year, to_year=to_year)
            source.read_steps = [(step, step.read(source_year)) for step in copy_steps()]
        source._read_periods()
        return source

    def _read_periods(self) -> None:
        """The periods and unit periods ``year_create`` will add to the new year: T1, T2,
        helår and the source year's custom spans (jan–maj) again."""
        # Both years' periods in one query: the new year's that exist, the source's spans.
        periods = list(
            Period.objects.filter(
                year__organisation=self.organisation,
                year__year__in=[self.from_year, self.to_year],
            ).values_list("year__year", "kind", "end_month", "key")
        )
        existing = {key for year, _kind, _end, key in periods if year == self.to_year}
        self.custom_end_months = [
            end
            for year, kind, end, _key in periods
            if year == self.from_year and kind == Period.Kind.CUSTOM
        ]
        new_year = Year(organisation=self.organisation, year=self.to_year)  # for labels only
        wanted = [
            (kind, end, Period.make_key(self.to_year, kind, end))
            for kind, end in year_periods(self.custom_end_months)
        ]
        self.new_periods = [
            f"{Period(year=new_year, kind=kind, end_month=end).label} ({key})"
            for kind, end, key in wanted
            if key not in existing
        ]
        units = Unit.objects.filter(organisation=self.organisation, reports=True)
        having = set(
            UnitPeriod.objects.filter(
                unit__in=units,
                period__year__organisation=self.organisation,
                period__year__year=self.to_year,
            ).values_list("unit_id", "period__key")
        )
        self.new_unit_periods = [
            f"{unit.name}: {key}"
            for unit in units.order_by("path")
            for _kind, _end, key in wanted
            if (unit.pk, key) not in having
        ]

    # -- what the plan shows -------------------------------------------------------

    def lines(self) -> dict[str, list[str]]:
        """Every section's lines, by section key (a missing source year has none)."""
        lines = {"periods": self.new_periods, "unit_periods": self.new_unit_periods}
        for _step, read in self.read_steps:
            lines |= read.lines()
        return lines

    def sections(self) -> list[PlanSection]:
        lines = self.lines()
        return [
            PlanSection(key, str(label), lines.get(key, []))
            for key, label in section_labels().items()
        ]

    def left_behind(self) -> list[PlanSection]:
        lines = self.lines()
        return [
            PlanSection(key, str(label), lines.get(key, []))
            for step in copy_steps()
            for key, label in step.left_behind
        ]

    def has_steering_model(self) -> bool:
        """Whether the source year has perspectives (the steering model's root)."""
        return bool(self.lines().get("perspectives"))


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
    if not source.has_steering_model():
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
    checks = [check for step in copy_steps() for check in step.occupied(year)]
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
        year = year_create(
            organisation=organisation,
            year=to_year,
            custom_end_months=source.custom_end_months,
            via=CHANGE_REASON,
        )
        target = CopyTarget(year=year, user=user)
        for _step, read in source.read_steps:
            read.copy(target)
    return record
