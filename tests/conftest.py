"""Test settings overrides: fast hashing, no static manifest, immediate tasks."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from pytest_django.fixtures import Settings


def pytest_configure(config: pytest.Config) -> None:
    # The test client and the browser tests' live server speak plain HTTP. Production
    # redirects to HTTPS (SECURE_SSL_REDIRECT defaults to on without DEBUG), and
    # SecurityMiddleware reads the setting once, when the live server starts, so a
    # per-test override would come too late.
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False
    # The suite loads the demo data (published passwords) into its own test database.
    settings.DEMO_DATA_ALLOWED = True


@pytest.fixture(autouse=True)
def _fast_settings(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="module")
def demo_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo data loaded once for a module, in a transaction rolled back at the end.

    Tests using it also take ``db``, so each runs in its own savepoint on top.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        call_command("loaddemo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


# ------------------------------------------------------------------------ browser
# One session-wide Chromium for every browser test, wherever it lives (tests/browser,
# tests/steering, …): a second sync_playwright() in the same process fails while the
# first one's event loop runs, so the fixture is defined once, here.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# The flags keep Chromium from reaching out to a closed network at start-up.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls
    # made by the tests themselves (fixtures) are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
