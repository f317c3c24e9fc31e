"""Hardening of the shell: no caching of authenticated responses, login throttling per
address across user names, SQLite writes that take turns, a busy database as a 503."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from scorecards.models import MeasureOutcome
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    w: dict[str, Any] = factories.entry_world("hard")
    factories.scorecard_model(w["a"], w["periods"]["T1"], 1)
    w["outcome"] = MeasureOutcome.objects.get(measure__goal__unit=w["a"])
    return w


# --------------------------------------------------------------------------- caching


def test_authenticated_pages_and_downloads_are_not_stored(world: dict[str, Any]) -> None:
    client = factories.logged_in(world["controller"])
    up = world["up"]
    for url in (
        reverse("home"),
        reverse("scorecards:scorecard", args=[world["a"].slug, up.period.key]),
        reverse("spreadsheets:export", args=[world["a"].slug, up.period.key]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


# --------------------------------------------------------------------------- throttling


def test_guessing_over_many_user_names_locks_the_address(world: dict[str, Any]) -> None:
    """Password spraying: one guess each at many names never reaches the per-name limit,
    but the address reaches its own, and then even a right password is refused there."""
    url = reverse("login")
    limit = settings.LOGIN_IP_FAILURE_LIMIT
    sprayer = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(limit - 1):
        response = sprayer.post(url, {"username": f"user{number}", "password": "Sommar2024"})
        assert response.status_code == 200, number  # a failed login, not yet locked
    last = sprayer.post(url, {"username": "user-last", "password": "Sommar2024"})
    assert last.status_code == 429  # the address's failure that reaches its limit
    locked = sprayer.post(url, {"username": world["controller"].username, "password": "pw"})
    assert locked.status_code == 429

    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    ok = elsewhere.post(url, {"username": world["controller"].username, "password": "pw"})
    assert ok.status_code == 302


def test_one_name_is_still_locked_at_its_own_lower_limit(world: dict[str, Any]) -> None:
    url = reverse("login")
    client = Client(REMOTE_ADDR="203.0.113.8")
    name = world["controller"].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": name, "password": "fel"})
    assert client.post(url, {"username": name, "password": "pw"}).status_code == 429


# --------------------------------------------------------------------------- SQLite


def test_sqlite_writes_take_the_lock_up_front() -> None:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 5


def test_a_database_lock_that_outlasts_its_wait_answers_503(world: dict[str, Any]) -> None:
    client = factories.logged_in(world["controller"])
    url = reverse(
        "scorecards:entry_outcome",
        args=[world["a"].slug, world["up"].period.key, world["outcome"].measure_id],
    )
    locked = OperationalError("database is locked")
    with (
        mock.patch("scorecards.views.outcome_set", side_effect=locked, create=True),
        mock.patch("scorecards.services.guarded_save", side_effect=locked),
    ):
        response = client.post(url, {"value": "5", "version": world["outcome"].version})
    assert response.status_code == 503
    assert "Databasen är upptagen" in response.content.decode()
    assert response["Retry-After"]


@pytest.mark.django_db(transaction=True)  # no open transaction: the backup can read
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's locking; PostgreSQL has row locks (tests/scorecards)",
)
def test_twenty_threads_saving_one_figure_on_sqlite_give_one_200_and_409s(
    tmp_path: Path,
) -> None:
    """On a SQLite file (the test database lives in memory): one save wins, the others
    meet its version. Before IMMEDIATE transactions some answered "database is locked"."""
    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "db.sqlite3")
    connection.connection.backup(target)  # the migrated schema
    target.close()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only-not-secret",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.portal.sqlite_contention", "20"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    statuses = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert statuses.count(200) == 1, statuses
    assert statuses.count(409) == 19, statuses
