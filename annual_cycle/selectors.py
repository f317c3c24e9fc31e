"""Reads of the annual cycle: the calendar of a year, what is due for a user (the home
page's "Att göra") and who is to be reminded on a day.

Each costs a fixed number of queries whatever the number of deadlines, units and users.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from annual_cycle import rules
from annual_cycle.models import Deadline, DeadlineOverride, ReminderSent, Step
from scorecards.models import (
    MONTHS_LONG,
    Action,
    Organisation,
    Period,
    Role,
    Unit,
    UnitMembership,
    UnitPeriod,
    user_memberships,
)
from scorecards.selectors import HomeUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

# Who answers for which step: the controller registers and klarmarkerar, the chef godkänner.
ROLE_FOR_STEP: dict[str, str] = {
    Step.ENTRY: Role.CONTROLLER,
    Step.SUBMISSION: Role.CONTROLLER,
    Step.APPROVAL: Role.MANAGER,
}
UNIT_STEPS = tuple(ROLE_FOR_STEP)
# Unit periods that still have a step ahead of them.
UNFINISHED = (UnitPeriod.Status.OPEN, UnitPeriod.Status.SUBMITTED)

Overrides = dict[tuple[int, int], datetime.date]


def overrides_for(deadlines: Iterable[Deadline]) -> Overrides:
    """Moved dates of the deadlines by (deadline id, year): one query."""
    return {
        (o.deadline_id, o.year): o.date
        for o in DeadlineOverride.objects.filter(deadline__in=[d.pk for d in deadlines])
    }


def period_label(kind: str, year: int) -> str:
    """ "T1 2021", "Helår 2020", also for a period not created yet (no query)."""
    if kind == Period.Kind.YEAR:
        return _("Helår %(year)s") % {"year": year}
    return f"{kind} {year}"


# --------------------------------------------------------------------------- calendar


@dataclass(frozen=True)
class UnitState:
    """A unit period against a deadline: klart, ej klart or försenat."""

    unit_period: UnitPeriod
    state: rules.State

    @property
    def unit(self) -> Unit:
        return self.unit_period.unit

    @property
    def symbol(self) -> str:
        return rules.SYMBOLS[self.state]

    @property
    def label(self) -> str:
        return str(self.state.label)


@dataclass(frozen=True)
class CalendarEntry:
    """A deadline on its date of the year, the period it concerns and each unit's state."""

    deadline: Deadline
    date: datetime.date
    moved: bool
    period_label: str  # "" for an organisation-wide event
    period: Period | None  # None: an event, or a period not created yet
    units: list[UnitState]

    @property
    def date_label(self) -> str:
        return rules.format_date(self.date)

    @property
    def is_unit_step(self) -> bool:
        return rules.is_unit_step(self.deadline.step)


@dataclass(frozen=True)
class CalendarMonth:
    month: int
    entries: list[CalendarEntry]

    @property
    def name(self) -> str:
        return MONTHS_LONG[self.month].capitalize()


@dataclass(frozen=True)
class CalendarPage:
    organisation: Organisation
    year: int
    today: datetime.date
    months: list[CalendarMonth]
    deadlines: list[Deadline]  # the rules, in the order of the year
    can_administer: bool

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def next_year(self) -> int:
        return self.year + 1


def calendar(
    *,
    user: User,
    organisation: Organisation,
    year: int,
    today: datetime.date,
    can_administer: bool = False,
) -> CalendarPage:
    """The organisation's deadlines falling in ``year`` by month, with the state of each
    unit period the user may see. Five queries (roles, deadlines, moved dates, periods,
    visible unit periods) whatever the number of deadlines and units."""
    deadlines = list(Deadline.objects.filter(organisation=organisation))
    overrides = overrides_for(deadlines)
    base_years = {rules.base_year(d, year) for d in deadlines}
    periods = {
        (p.year.year, p.kind): p
        for p in Period.objects.filter(
            year__organisation=organisation, year__year__in=base_years
        ).select_related("year")
        if p.kind != Period.Kind.CUSTOM
    }
    unit_periods: dict[int, list[UnitPeriod]] = {}
    if periods:
        visible = (
            UnitPeriod.objects.for_user(user, Action.VIEW)
            .filter(
                period__in=[p.pk for p in periods.values()],
                unit__organisation=organisation,
                unit__reports=True,
            )
            .select_related("unit")
            .order_by("unit__path")
        )
        for up in visible:
            unit_periods.setdefault(up.period_id, []).append(up)
    entries = []
    for deadline in deadlines:
        base = rules.base_year(deadline, year)
        date = rules.deadline_date(deadline, base, overrides)
        period = periods.get((base, deadline.period_kind)) if deadline.period_kind else None
        states = []
        if period is not None and rules.is_unit_step(deadline.step):
            states = [
                UnitState(
                    up, rules.state(step=deadline.step, status=up.status, due=date, today=today)
                )
                for up in unit_periods.get(period.pk, [])
            ]
        entries.append(
            CalendarEntry(
                deadline=deadline,
                date=date,
                moved=(deadline.pk, base) in overrides,
                period_label=period_label(deadline.period_kind, base)
                if deadline.period_kind
                else "",
                period=period,
                units=states,
            )
        )
    entries.sort(key=lambda e: (e.date, e.deadline.order, e.deadline.pk))
    months: dict[int, list[CalendarEntry]] = {}
    for entry in entries:
        months.setdefault(entry.date.month, []).append(entry)
    return CalendarPage(
        organisation=organisation,
        year=year,
        today=today,
        months=[CalendarMonth(month, items) for month, items in sorted(months.items())],
        deadlines=deadlines,
        can_administer=can_administer,
    )


# ------------------------------------------------------------------- due for a user


@dataclass(frozen=True)
class DueItem:
    """A deadline a user answers for and their unit period has not reached."""

    unit_period: UnitPeriod
    deadline: Deadline
    date: datetime.date
    overdue: bool

    @property
    def unit(self) -> Unit:
        return self.unit_period.unit

    @property
    def date_label(self) -> str:
        return rules.format_date(self.date)

    @property
    def step_label(self) -> str:
        return str(self.deadline.get_step_display())


def _covering_roles(path: str, memberships: Iterable[tuple[str, str]]) -> set[str]:
    """The roles held on a unit through itself or an ancestor (roles hold for the subtree)."""
    return {role for role_path, role in memberships if path.startswith(role_path)}


def due_for(*, user: User, today: datetime.date) -> list[DueItem]:
    """What the user answers for, per unit they are controller or chef of: every
    deadline already passed without the step reached (försenad), and the next one ahead.

    Controllers answer for registrering and klarmarkering, chefs for godkännande.
    Four queries (roles, unfinished unit periods, deadlines, moved dates), the roles
    shared with the visibility rule (read once per request); none but the roles when
    the user is neither controller nor chef.
    """
    if not user.is_authenticated or user.pk is None:
        return []
    # The user's roles as the visibility rule reads them: once per request, so the home
    # page's own query of them is shared and a reader's "Att göra" costs nothing.
    memberships = [
        (path, role) for path, role in user_memberships(user) if role in ROLE_FOR_STEP.values()
    ]
    if not memberships:
        return []
    subtree = Q()
    for path, _role in memberships:
        subtree |= Q(unit__path__startswith=path)
    unit_periods = list(
        UnitPeriod.objects.filter(
            subtree,
            unit__reports=True,
            status__in=UNFINISHED,
            # Every unfinished period up to next year's (its T1 may be the next thing
            # due): one left open for years is overdue all the more, not out of sight.
            period__year__year__lte=today.year + 1,
        )
        .exclude(period__kind=Period.Kind.CUSTOM)
        .select_related("unit", "period__year")
        .order_by("unit__path", "period__year__year", "period__end_month")
    )
    if not unit_periods:
        return []
    deadlines = list(
        Deadline.objects.filter(
            organisation__in={up.unit.organisation_id for up in unit_periods},
            step__in=UNIT_STEPS,
        )
    )
    overrides = overrides_for(deadlines)
    by_kind: dict[tuple[int, str], list[Deadline]] = {}
    for deadline in deadlines:
        by_kind.setdefault((deadline.organisation_id, deadline.period_kind), []).append(deadline)

    overdue: list[DueItem] = []
    next_by_unit: dict[int, DueItem] = {}
    for up in unit_periods:
        roles = _covering_roles(up.unit.path, memberships)
        for deadline in by_kind.get((up.unit.organisation_id, up.period.kind), []):
            if ROLE_FOR_STEP[deadline.step] not in roles:
                continue
            if rules.is_reached(deadline.step, up.status):
                continue
            date = rules.deadline_date(deadline, up.period.year.year, overrides)
            item = DueItem(up, deadline, date, overdue=date < today)
            if item.overdue:
                overdue.append(item)
            else:
                current = next_by_unit.get(up.unit_id)
                if current is None or (date, deadline.order) < (
                    current.date,
                    current.deadline.order,
                ):
                    next_by_unit[up.unit_id] = item
    overdue.sort(key=lambda i: (i.date, i.unit.path, i.deadline.order))
    upcoming = sorted(next_by_unit.values(), key=lambda i: (i.date, i.unit.path))
    return overdue + upcoming


# -------------------------------------------------------------------------- reminders


@dataclass(frozen=True)
class Reminder:
    """One reminder due today: who, about which unit period and deadline, and whether it
    went out already (``sent_at``)."""

    user: AbstractBaseUser
    unit_period: UnitPeriod
    deadline: Deadline
    date: datetime.date
    overdue: bool
    sent_at: datetime.datetime | None = None

    @property
    def unit(self) -> Unit:
        return self.unit_period.unit

    @property
    def date_label(self) -> str:
        return rules.format_date(self.date)

    @property
    def email(self) -> str:
        return str(getattr(self.user, "email", "") or "")

    @property
    def why(self) -> str:
        """Why the user is reminded, in the users' words."""
        values = {
            "step": rules.STEP_NOUNS[self.deadline.step][1],
            "title": self.deadline.title,
            "date": self.date_label,
            "status": self.unit_period.get_status_display().lower(),
        }
        if self.overdue:
            return (
                _(
                    "Fristen för %(step)s av %(title)s var %(date)s; "
                    "perioden är fortfarande %(status)s."
                )
                % values
            )
        return _("Fristen för %(step)s av %(title)s är %(date)s; perioden är %(status)s.") % values


def reminders_due(
    *, today: datetime.date, organisation: Organisation | None = None
) -> list[Reminder]:
    """The reminders of ``today``: for each deadline of a unit step whose reminder window
    is open (``remind_days_before`` days before the date, or overdue) and each reporting
    unit whose unit period has not reached the step, the controllers (registrering,
    klarmarkering) or chefs (godkännande) of the unit or a unit above it.

    Includes the ones already sent (``sent_at``), so a preview can show both. Six queries
    (deadlines, moved dates, periods, unit periods, roles, sent reminders).
    """
    deadlines = Deadline.objects.filter(step__in=UNIT_STEPS).select_related("organisation")
    if organisation is not None:
        deadlines = deadlines.filter(organisation=organisation)
    deadline_list = list(deadlines)
    if not deadline_list:
        return []
    overrides = overrides_for(deadline_list)

    # The rule applied to the years around today: which have their window open.
    open_windows: list[tuple[Deadline, int, datetime.date]] = []
    for deadline in deadline_list:
        for offset in (-1, 0, 1):
            base = today.year - deadline.year_offset + offset
            date = rules.deadline_date(deadline, base, overrides)
            if rules.in_reminder_window(
                due=date, days_before=deadline.remind_days_before, today=today
            ):
                open_windows.append((deadline, base, date))
    if not open_windows:
        return []
    organisations = {d.organisation_id for d, _b, _d in open_windows}
    periods = {
        (p.year.organisation_id, p.year.year, p.kind): p
        for p in Period.objects.filter(
            year__organisation__in=organisations,
            year__year__in={b for _d, b, _date in open_windows},
            kind__in={d.period_kind for d, _b, _date in open_windows},
        ).select_related("year")
    }
    unit_periods: dict[int, list[UnitPeriod]] = {}
    for up in (
        UnitPeriod.objects.filter(period__in=[p.pk for p in periods.values()], unit__reports=True)
        .select_related("unit", "period__year")
        .order_by("unit__path")
    ):
        unit_periods.setdefault(up.period_id, []).append(up)
    memberships = list(
        UnitMembership.objects.filter(
            unit__organisation__in=organisations,
            role__in=set(ROLE_FOR_STEP.values()),
            user__is_active=True,
        )
        .select_related("user", "unit")
        .order_by("user__username", "pk")
    )
    sent = {
        (r.user_id, r.unit_period_id, r.deadline_id): r.sent_at
        for r in ReminderSent.objects.filter(deadline__in=[d.pk for d in deadline_list])
    }

    reminders: list[Reminder] = []
    for deadline, base, date in open_windows:
        period = periods.get((deadline.organisation_id, base, deadline.period_kind))
        if period is None:
            continue
        role = ROLE_FOR_STEP[deadline.step]
        for up in unit_periods.get(period.pk, []):
            if rules.is_reached(deadline.step, up.status):
                continue
            seen: set[int] = set()
            for membership in memberships:
                if membership.role != role or membership.user_id in seen:
                    continue
                if not up.unit.path.startswith(membership.unit.path):
                    continue
                seen.add(membership.user_id)
                reminders.append(
                    Reminder(
                        user=membership.user,
                        unit_period=up,
                        deadline=deadline,
                        date=date,
                        overdue=date < today,
                        sent_at=sent.get((membership.user_id, up.pk, deadline.pk)),
                    )
                )
    reminders.sort(key=lambda r: (r.date, r.deadline.order, r.unit.path, r.user.get_username()))
    return reminders


# ------------------------------------------------------------------------ home links


@dataclass(frozen=True)
class CycleLink:
    organisation: Organisation
    year: int


def cycle_links(*, units: Iterable[HomeUnit], today: datetime.date) -> list[CycleLink]:
    """The årshjul of each organisation among the user's units (no queries): of this year,
    or of the latest year the user's unit periods reach when that is earlier."""
    organisations: dict[int, Organisation] = {}
    years: dict[int, int] = {}
    for item in units:
        organisation = item.unit.organisation
        organisations[organisation.pk] = organisation
        for up in item.unit_periods:
            if up.period.year.year <= today.year:
                years[organisation.pk] = max(years.get(organisation.pk, 0), up.period.year.year)
    return [
        CycleLink(organisation, years.get(organisation.pk, today.year))
        for organisation in sorted(organisations.values(), key=lambda o: o.name)
    ]
