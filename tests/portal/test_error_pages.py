"""Error pages speak Swedish (Django's defaults are English)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def test_404_and_403_pages_are_swedish() -> None:
    client = Client()
    client.force_login(factories.user("utan-roll"))
    missing = client.get("/styrkort/finns-inte/2021-T1/")
    assert missing.status_code == 404
    assert "Sidan finns inte" in missing.content.decode()
    forbidden = client.get("/installningar/")
    assert forbidden.status_code == 403
    assert "Ingen behörighet" in forbidden.content.decode()


def test_500_page_renders_without_a_request() -> None:
    assert "Tekniskt fel" in render_to_string("500.html")
