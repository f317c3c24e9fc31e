"""Production hardening: headers, `check --deploy`, login throttling, session timeouts."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from portal.middleware import LOGIN_AT_KEY, SEEN_AT_KEY

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "rätt-lösenord-123"


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client: Client) -> None:
    response = client.get("/logga-in/")
    assert response.status_code == 200
    csp = directives(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {
        **clean,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "styrkort.example.se",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_secure_defaults_without_debug() -> None:
    from django.conf import settings

    # The suite runs with DEBUG off, as production does (the redirect is off for tests).
    assert settings.SECURE_HSTS_SECONDS == 365 * 24 * 3600
    assert settings.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.CSRF_COOKIE_HTTPONLY and settings.SESSION_COOKIE_HTTPONLY


# ------------------------------------------------------------------ login throttling


def post_login(client: Client, username: str, password: str) -> object:
    return client.post("/logga-in/", {"username": username, "password": password})


@pytest.mark.django_db
def test_five_bad_logins_lock_the_user_out_in_swedish(client: Client) -> None:
    User.objects.create_user("kalle", password=PASSWORD)
    for _ in range(4):
        response = post_login(client, "kalle", "fel")
        assert response.status_code == 200  # the form again, with its error
    response = post_login(client, "kalle", "fel")
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()

    # Locked: even the right password is refused, and no session is opened.
    response = post_login(client, "kalle", PASSWORD)
    assert response.status_code == 429
    assert "Försök igen om 15 minuter" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_overlong_user_name_is_refused_by_the_form_not_the_database(client: Client) -> None:
    """django-axes records a failed login's name in a 255-character column: a longer
    name must stop at the form (PostgreSQL answered 500 before)."""
    response = post_login(client, "x" * 300, "fel")
    assert response.status_code == 200
    assert "150 tecken" in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client: Client) -> None:
    User.objects.create_user("kalle", password=PASSWORD)
    User.objects.create_user("lisa", password=PASSWORD)
    for _ in range(5):
        post_login(client, "kalle", "fel")
    # Another user behind the same address still logs in.
    response = post_login(client, "lisa", PASSWORD)
    assert response.status_code == 302
    # The same user from another address too.
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert post_login(other, "kalle", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client: Client) -> None:
    from axes.models import AccessAttempt

    User.objects.create_user("kalle", password=PASSWORD)
    for _ in range(5):
        post_login(client, "kalle", "fel")
    assert post_login(client, "kalle", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert post_login(client, "kalle", PASSWORD).status_code == 302


# ------------------------------------------------------------------ session timeouts


@pytest.fixture
def logged_in(client: Client) -> Client:
    client.force_login(User.objects.create_user("kalle", password=PASSWORD))
    assert client.get("/").status_code == 200
    return client


@pytest.mark.django_db
def test_idle_session_is_logged_out(logged_in: Client) -> None:
    # Nothing for 30 minutes: the session store has let the session expire.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = logged_in.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/logga-in/")


@pytest.mark.django_db
def test_active_session_is_renewed(logged_in: Client) -> None:
    from django.conf import settings

    session = logged_in.session
    session[SEEN_AT_KEY] = time.time() - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    assert logged_in.get("/").status_code == 200
    renewed = Session.objects.get().expire_date
    assert renewed > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


@pytest.mark.django_db
def test_session_older_than_the_absolute_limit_is_logged_out(logged_in: Client) -> None:
    from django.conf import settings

    session = logged_in.session
    session[LOGIN_AT_KEY] = time.time() - settings.SESSION_ABSOLUTE_TIMEOUT - 1
    session.save()
    response = logged_in.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/logga-in/")
    assert logged_in.get("/").status_code == 302  # stays logged out
    login_page = logged_in.get("/logga-in/")
    assert "inloggningen var för gammal" in login_page.content.decode()
