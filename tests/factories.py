"""Small builders for test data (the demo fixtures are for the demo only)."""

from __future__ import annotations

from django.contrib.auth.models import User

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
            goal=goals[i % len(goals)], key=f"m{i}", name=f"Mått {i}",
            target_direction="at_most", target_value=Decimal(10),
        )
        MeasureOutcome.objects.create(measure=measure, period=period, value=Decimal(i))
