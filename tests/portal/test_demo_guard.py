"""``loaddemo`` refuses to run in production: its users have a published password."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from scorecards.models import Organisation


@pytest.mark.django_db
def test_loaddemo_refuses_without_debug_or_explicit_permission() -> None:
    with override_settings(DEMO_DATA_ALLOWED=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("loaddemo", stdout=io.StringIO())
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_loaddemo_runs_where_allowed() -> None:
    with override_settings(DEMO_DATA_ALLOWED=True):
        call_command("loaddemo", stdout=io.StringIO())
    assert User.objects.filter(username="controller").exists()
