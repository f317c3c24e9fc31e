"""A manager's set-up pages list only the units they administer: not the names, short
names and people of every other division of the organisation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from scorecards.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

ORG = "region-norrbotten"


def _page(username: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("steering:organisation", kwargs={"organisation": ORG}))
    assert response.status_code == 200
    return response.content.decode()


def test_a_manager_sees_only_the_units_they_administer() -> None:
    html = _page("manager")
    others = Unit.objects.filter(organisation__slug=ORG, kind=Unit.Kind.DIVISION).exclude(
        path__startswith=Unit.objects.get(slug="lansteknik").path
    )
    assert others.exists()
    assert "Länsteknik" in html or "lansteknik" in html
    for unit in others:
        assert unit.slug not in html, unit.slug
        assert unit.name not in html, unit.name
    assert "controller_other" not in html  # nor who has roles elsewhere


def test_an_administrator_sees_every_unit() -> None:
    html = _page("admin")
    for unit in Unit.objects.filter(organisation__slug=ORG):
        assert unit.name in html, unit.name
