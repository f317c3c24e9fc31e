"""Reads of the set-up pages: a fixed number of queries whatever the size of the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q

from scorecards.models import (
    Action,
    Measure,
    Organisation,
    Period,
    Perspective,
    StrategicGoal,
    Unit,
    UnitGoal,
    UnitMembership,
    UnitPeriod,
    Year,
)
from steering import rules

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.contrib.auth.models import User as AuthUser

    User = AbstractBaseUser | AnonymousUser


def organisations_to_set_up(*, user: User) -> list[Organisation]:
    """Superusers: every organisation; an organisation's administrators and managers:
    those where they administer or manage a unit."""
    if rules.is_admin(user):
        return list(Organisation.objects.order_by("name"))
    managed = Unit.objects.for_user(user, Action.APPROVE).values("organisation")
    administered = Unit.objects.for_user(user, Action.ADMIN).values("organisation")
    return list(
        Organisation.objects.filter(Q(pk__in=managed) | Q(pk__in=administered)).order_by("name")
    )


@dataclass(frozen=True)
class OrganisationContents:
    units: list[Unit]
    memberships: list[UnitMembership]
    years: list[Year]


def organisation_contents(
    *, organisation: Organisation, user: User | None = None
) -> OrganisationContents:
    """The unit tree, who has which role where, and the years: three queries.

    With ``user`` (a manager, not an administrator): only the units they administer
    (their subtrees) and the roles on those, so a chef does not see the names, short
    names and people of every other division.
    """
    units_qs = Unit.objects.filter(organisation=organisation)
    if user is not None:
        units_qs = units_qs.filter(pk__in=Unit.objects.for_user(user, Action.APPROVE).values("pk"))
    units = list(units_qs.order_by("path"))
    memberships = list(
        UnitMembership.objects.filter(unit__in=[unit.pk for unit in units])
        .select_related("user", "unit")
        .order_by("unit__path", "role", "user__username")
    )
    years = list(Year.objects.filter(organisation=organisation).order_by("year"))
    return OrganisationContents(units, memberships, years)


def steering_model(*, year: Year) -> list[Perspective]:
    """The year's perspectives with their strategic goals and success factors: three queries."""
    goals = StrategicGoal.objects.order_by("order", "pk").prefetch_related("success_factors")
    return list(
        Perspective.objects.filter(year=year)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("strategic_goals", queryset=goals))
    )


def units_to_set_up(*, user: User, organisation: Organisation) -> list[Unit]:
    """The organisation's units whose goals and measures the user may set: one query."""
    return list(rules.goal_units(user).filter(organisation=organisation).order_by("path"))


def unit_goals(*, unit: Unit, year: Year) -> list[UnitGoal]:
    """A unit's goals of the year with their measures: two queries."""
    return list(
        UnitGoal.objects.filter(unit=unit, perspective__year=year)
        .select_related("perspective", "success_factor")
        .order_by("perspective__order", "order", "pk")
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.order_by("order", "pk")))
    )


@dataclass(frozen=True)
class UserRow:
    """A user of the organisation with their roles there (for the Användare page)."""

    user: AuthUser
    memberships: list[UnitMembership]


def organisation_users(organisation: Organisation) -> list[UserRow]:
    """Everyone with a role in the organisation, by name, with their roles: one query."""
    memberships = list(
        UnitMembership.objects.filter(unit__organisation=organisation)
        .select_related("user", "unit")
        .order_by("user__last_name", "user__first_name", "user__username", "unit__path", "role")
    )
    rows: dict[int, UserRow] = {}
    for membership in memberships:
        row = rows.setdefault(membership.user_id, UserRow(membership.user, []))
        row.memberships.append(membership)
    return list(rows.values())


@dataclass(frozen=True)
class PeriodRow:
    """A period of the year with the units that report in it (Inställningar → Perioder)."""

    period: Period
    unit_periods: list[UnitPeriod]
    # Units of the organisation that do not report in it yet (for "Lägg till").
    others: list[Unit]


def year_periods(*, year: Year) -> list[PeriodRow]:
    """The year's periods by end month, each with its reporting units: three queries."""
    periods = list(Period.objects.filter(year=year).order_by("end_month", "kind"))
    unit_periods = list(
        UnitPeriod.objects.filter(period__year=year).select_related("unit").order_by("unit__path")
    )
    units = list(Unit.objects.filter(organisation=year.organisation_id).order_by("path"))
    rows = []
    for period in periods:
        reporting = [up for up in unit_periods if up.period_id == period.pk]
        taken = {up.unit_id for up in reporting}
        rows.append(PeriodRow(period, reporting, [u for u in units if u.pk not in taken]))
    return rows
