"""Unit choosers name the unit above where two units share a name (issue 15 item 5)."""

from __future__ import annotations

import pytest

from scorecards.models import Unit
from scorecards.selectors import unit_choices
from tests import factories

pytestmark = pytest.mark.django_db


def test_two_units_of_one_name_are_told_apart_by_the_unit_above() -> None:
    root, (north, south) = factories.organisation_tree(2, slug="rc")
    a = Unit.objects.create(
        organisation=root.organisation, parent=north, name="Ekonomi", slug="ekonomi-n"
    )
    b = Unit.objects.create(
        organisation=root.organisation, parent=south, name="Ekonomi", slug="ekonomi-s"
    )
    units = list(Unit.objects.filter(organisation=root.organisation).order_by("path"))
    labels = dict(unit_choices(units))
    assert labels[a.pk] == f"Ekonomi (under {north.name})"
    assert labels[b.pk] == f"Ekonomi (under {south.name})"
    assert labels[north.pk] == north.name  # a unique name stays as it is
    assert len(set(labels.values())) == len(labels)
    indented = dict(unit_choices(units, indent=True))
    assert indented[a.pk] == "\u2003" * a.depth + f"Ekonomi (under {north.name})"


def test_choices_cost_no_query(django_assert_num_queries: object) -> None:
    root, _divisions = factories.organisation_tree(3, slug="rq")
    units = list(Unit.objects.filter(organisation=root.organisation))
    with django_assert_num_queries(0):  # type: ignore[operator]
        unit_choices(units)
