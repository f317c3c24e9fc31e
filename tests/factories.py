"""Small builders for test data (the demo fixtures are for the demo only)."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client

from scorecards.models import Organisation, Period, Unit, UnitMembership, UnitPeriod, Year


def organisation_tree(n_divisions: int = 2, slug: str = "region-test") -> tuple[Unit, list[Unit]]:
    """A region with ``n_divisions`` divisions; returns (root, divisions)."""
    org = Organisation.objects.create(slug=slug, name=f"Region {slug}")
    root = Unit.objects.create(organisation=org, slug=slug, name=org.name, kind="organisation")
    divisions = [
        Unit.objects.create(
            organisation=org,
            parent=root,
            slug=f"{slug}-div{i}",
            name=f"Division {i}",
            kind="division",
        )
        for i in range(n_divisions)
    ]
    return root, divisions


def periods(org: Organisation, year: int = 2021) -> dict[str, Period]:
    y = Year.objects.create(organisation=org, year=year)
    return {
        kind: Period.objects.create(year=y, kind=kind)
        for kind in (Period.Kind.T1, Period.Kind.T2, Period.Kind.YEAR)
    }


def user(
    username: str, *, unit: Unit | None = None, role: str | None = None, superuser: bool = False
) -> User:
    u = User.objects.create_user(
        username=username, password="pw", is_superuser=superuser, is_staff=superuser
    )
    if unit is not None and role is not None:
        UnitMembership.objects.create(user=u, unit=unit, role=role)
    return u


def unit_period(unit: Unit, period: Period, status: str = UnitPeriod.Status.OPEN) -> UnitPeriod:
    return UnitPeriod.objects.create(unit=unit, period=period, status=status)


def scorecard_model(unit: Unit, period: Period, n_measures: int) -> None:
    """Five perspectives, one goal each, ``n_measures`` numeric measures with outcomes."""
    from decimal import Decimal

    from scorecards.models import Measure, MeasureOutcome, Perspective, UnitGoal

    names = ["Samhälle", "Medborgare", "Verksamhet", "Medarbetare", "Ekonomi"]
    goals = []
    for order, name in enumerate(names):
        perspective, _ = Perspective.objects.get_or_create(
            year=period.year, slug=name.lower(), defaults={"name": name, "order": order}
        )
        goals.append(
            UnitGoal.objects.create(unit=unit, perspective=perspective, title=f"Mål {name}")
        )
    for i in range(n_measures):
        measure = Measure.objects.create(
            goal=goals[i % len(goals)],
            key=f"m{i}",
            name=f"Mått {i}",
            target_direction="at_most",
            target_value=Decimal(10),
        )
        MeasureOutcome.objects.create(measure=measure, period=period, value=Decimal(i))


def scorecard_goal(unit: Unit, year: Year, perspective_slug: str) -> object:
    """A unit goal under a (created if missing) perspective of ``year``."""
    from scorecards.models import Perspective, UnitGoal

    perspective, _ = Perspective.objects.get_or_create(
        year=year, slug=perspective_slug, defaults={"name": perspective_slug.title()}
    )
    return UnitGoal.objects.create(unit=unit, perspective=perspective, title="Mål")


# --- key figure pages: staff, finance, investments -------------------------------------

from typing import TYPE_CHECKING  # noqa: E402 (builders are appended; existing lines untouched)

if TYPE_CHECKING:  # appended section: the models are imported inside the builders
    from decimal import Decimal

    from finance.models import CostCategory, FinanceFigure, FollowUpTable
    from investments.models import InvestmentCategory, InvestmentFrame, InvestmentOutcome
    from staff.models import StaffMonth


def _kr(value: str | int | Decimal | None) -> Decimal | None:
    """An amount written as str or int in a test ("-32533999") → Decimal; None stays None."""
    from decimal import Decimal

    return None if value is None else Decimal(str(value))


def staff_month(unit: Unit, year: int, month: int, **figures: str | int | None) -> StaffMonth:
    """A StaffMonth; figures as keyword arguments, e.g. ``sick_leave_total="4.45"``."""
    from staff.models import StaffMonth

    values = {k: v if k == "headcount" else _kr(v) for k, v in figures.items()}
    return StaffMonth.objects.create(unit=unit, year=year, month=month, **values)


def cost_category(
    year: Year, slug: str, kind: str, *, name: str | None = None, order: int = 0
) -> CostCategory:
    from finance.models import CostCategory

    return CostCategory.objects.create(
        year=year, slug=slug, name=name or slug.title(), kind=kind, order=order
    )


def finance_figure(
    unit: Unit, period: Period, category: CostCategory, *, comment: str = "", **amounts: str | None
) -> FinanceFigure:
    """A FinanceFigure; amounts in kr as str, e.g. ``outcome="-32533999"``."""
    from finance.models import FinanceFigure

    values = {k: _kr(v) for k, v in amounts.items()}
    return FinanceFigure.objects.create(
        unit=unit, period=period, category=category, comment=comment, **values
    )


def follow_up_table(
    unit: Unit, period: Period, title: str, rows: list[tuple[str, str | None]], order: int = 0
) -> FollowUpTable:
    """A FollowUpTable with rows of (label, amount in kr or None)."""
    from finance.models import FollowUpRow, FollowUpTable

    table = FollowUpTable.objects.create(unit=unit, period=period, title=title, order=order)
    for i, (label, amount) in enumerate(rows):
        FollowUpRow.objects.create(table=table, label=label, amount=_kr(amount), order=i)
    return table


def investment_category(
    year: Year,
    slug: str,
    *,
    name: str | None = None,
    parent: InvestmentCategory | None = None,
    order: int = 0,
) -> InvestmentCategory:
    from investments.models import InvestmentCategory

    return InvestmentCategory.objects.create(
        year=year, slug=slug, name=name or slug, parent=parent, order=order
    )


def investment_frame(unit: Unit, category: InvestmentCategory, amount: str) -> InvestmentFrame:
    from decimal import Decimal

    from investments.models import InvestmentFrame

    return InvestmentFrame.objects.create(unit=unit, category=category, amount=Decimal(amount))


def investment_outcome(
    unit: Unit,
    period: Period,
    category: InvestmentCategory,
    *,
    earlier: str | None = None,
    current: str | None = None,
    forecast: str | None = None,
    comment: str = "",
) -> InvestmentOutcome:
    from investments.models import InvestmentOutcome

    return InvestmentOutcome.objects.create(
        unit=unit,
        period=period,
        category=category,
        outcome_earlier_decisions=_kr(earlier),
        outcome_current_decisions=_kr(current),
        forecast=_kr(forecast),
        comment=comment,
    )


def client_for(username: str, unit: Unit, role: str) -> Client:
    """A test client logged in as a new user holding ``role`` on ``unit``."""
    client = Client()
    client.force_login(user(username, unit=unit, role=role))
    return client


def inline_scripts(html: str) -> list[str]:
    """<script> tags that are neither a file (src) nor a JSON data block."""
    return [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and not re.search(r'id="[^"]+" type="application/json"', tag)
    ]


# --- assignments and report texts --------------------------------------------------------

if TYPE_CHECKING:
    from assignments.models import Assignment, AssignmentNote
    from reports.models import NarrativeSection
    from scorecards.models import Perspective


def assignment(
    unit: Unit,
    year: Year,
    slug: str,
    *,
    title: str | None = None,
    description: str = "",
    decision_reference: str = "",
    owner_title: str = "",
    order: int = 0,
) -> Assignment:
    """A special assignment (särskilt uppdrag) of a unit for a year."""
    from assignments.models import Assignment

    return Assignment.objects.create(
        unit=unit,
        year=year,
        slug=slug,
        title=title or slug.title(),
        description=description,
        decision_reference=decision_reference,
        owner_title=owner_title,
        order=order,
    )


def assignment_note(
    assignment: Assignment, period: Period, *, status: str = "in_progress", text: str = ""
) -> AssignmentNote:
    """An assignment's nuläge for a period, written directly (no audit user or path)."""
    from assignments.models import AssignmentNote

    return AssignmentNote.objects.create(
        assignment=assignment, period=period, status=status, text=text
    )


def narrative(
    unit: Unit, period: Period, kind: str, body: str, *, perspective: Perspective | None = None
) -> NarrativeSection:
    """A narrative text of a unit's report, written directly (no audit user or path)."""
    from reports.models import NarrativeSection

    return NarrativeSection.objects.create(
        unit=unit, period=period, kind=kind, body=body, perspective=perspective
    )


# --- entry pages: staff, finance, investments ------------------------------------------


def entry_world(slug: str, year: int = 2021) -> dict[str, object]:
    """A region with two divisions and the users of the entry tests.

    Keys: ``root``, ``a`` (the division entered), ``b``, ``periods`` (T1, T2, year),
    ``up`` (a's open T1), ``up_t2``, ``up_year`` (a's open T2 and full year), and users
    ``controller``, ``colleague`` (a second controller of a), ``manager``, ``reader``
    (region reader), ``other`` (b's controller) and ``admin``.
    """
    root, (div_a, div_b) = organisation_tree(2, slug=slug)
    p = periods(root.organisation, year)
    for period in p.values():
        unit_period(div_b, period)
    return {
        "root": root,
        "a": div_a,
        "b": div_b,
        "periods": p,
        "up": unit_period(div_a, p["T1"]),
        "up_t2": unit_period(div_a, p["T2"]),
        "up_year": unit_period(div_a, p["year"]),
        "controller": user(f"{slug}-c", unit=div_a, role="controller"),
        "colleague": user(f"{slug}-c2", unit=div_a, role="controller"),
        "manager": user(f"{slug}-m", unit=div_a, role="manager"),
        "reader": user(f"{slug}-r", unit=root, role="reader"),
        "other": user(f"{slug}-o", unit=div_b, role="controller"),
        "admin": user(f"{slug}-adm", superuser=True),
    }


def logged_in(who: User) -> Client:
    """A test client logged in as ``who``."""
    client = Client()
    client.force_login(who)
    return client


# --- Excel round trip: a large scorecard --------------------------------------------------


def many_measures(unit: Unit, period: Period, n: int, *, with_outcomes: bool = True) -> None:
    """``n`` numeric measures over five perspectives, built with bulk_create (fast for 10 000).

    Each measure ``m{i}`` gets the outcome ``i`` when ``with_outcomes``.
    """
    from decimal import Decimal

    from scorecards.models import Measure, MeasureOutcome, Perspective, UnitGoal

    names = ["Samhälle", "Medborgare", "Verksamhet", "Medarbetare", "Ekonomi"]
    goals = []
    for order, name in enumerate(names):
        perspective, _ = Perspective.objects.get_or_create(
            year=period.year, slug=name.lower(), defaults={"name": name, "order": order}
        )
        goals.append(
            UnitGoal.objects.create(unit=unit, perspective=perspective, title=f"Mål {name}")
        )
    measures = Measure.objects.bulk_create(
        Measure(
            goal=goals[i % len(goals)],
            key=f"m{i}",
            name=f"Mått {i}",
            target_direction="at_most",
            target_value=Decimal(10),
            order=i % 30000,
        )
        for i in range(n)
    )
    if with_outcomes:
        MeasureOutcome.objects.bulk_create(
            MeasureOutcome(measure=m, period=period, value=Decimal(i))
            for i, m in enumerate(measures)
        )
