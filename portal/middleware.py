"""Session timeouts and the client address for login throttling.

Idle timeout: ``SESSION_COOKIE_AGE`` (30 min) is the lifetime of a session that is not
used; each request that finds the session's expiry more than ``SESSION_REFRESH_SECONDS``
old saves it again, which pushes the expiry forward (a write per minute per user rather
than per request, unlike ``SESSION_SAVE_EVERY_REQUEST``). An expired session is simply
not found by the session store, so the user is anonymous and sent to the login page.

Absolute timeout: the login time is stored in the session when the user logs in; a
session older than ``SESSION_ABSOLUTE_TIMEOUT`` seconds is logged out however active.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOGIN_AT_KEY = "_portal_login_at"
SEEN_AT_KEY = "_portal_seen_at"


@receiver(user_logged_in, dispatch_uid="portal.session_login_time")
def _remember_login_time(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT_KEY] = now
        request.session[SEEN_AT_KEY] = now


class SessionTimeoutMiddleware:
    """Renew an active session now and then; end one older than the absolute limit.

    After logging out, ``LoginRequiredMiddleware`` sends the user to the login page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.get(LOGIN_AT_KEY)
            if login_at is None:
                # A session from before this middleware: its age counts from now.
                session[LOGIN_AT_KEY] = login_at = now
            if now - float(login_at) > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(request, _("Du har loggats ut eftersom inloggningen var för gammal."))
            elif now - float(session.get(SEEN_AT_KEY, 0)) > settings.SESSION_REFRESH_SECONDS:
                session[SEEN_AT_KEY] = now  # modified: saved with a fresh expiry
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str | None:
    """The client address django-axes counts failed logins against.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` proxies sit in front of the app; then
    the address that the outermost trusted proxy saw, taken from the right of
    ``X-Forwarded-For`` (entries further left are the client's own claim).
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes' answer to a locked-out login: the Swedish lockout page, 429."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request,
        "registration/lockout.html",
        {"cooloff_minutes": minutes},
        status=429,
    )
