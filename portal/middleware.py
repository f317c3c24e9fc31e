"""Session timeouts, the client address for login throttling, and the request guards.

Request guards: a body over the size limit is refused before it is read
(``RequestSizeMiddleware``), authenticated responses are never cached
(``NoStoreMiddleware``) and a database lock that outlasts its wait answers 503
(``DatabaseBusyMiddleware``).

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
from django.db import OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from common import limits

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


def _refused(title: str, message: str, status: int) -> HttpResponse:
    """A Swedish page for a request answered without its view (no request context)."""
    html = render_to_string("refused.html", {"title": title, "message": message})
    return HttpResponse(html, status=status)


class RequestSizeMiddleware:
    """Refuse a request body over ``common.limits.REQUEST_BYTES`` from its Content-Length.

    Placed before the session and CSRF middleware: the CSRF check reads ``request.POST``,
    which for a multipart upload reads the whole body, so the size must be judged first.
    A body without a Content-Length is not read by Django at all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refused(_("Felaktig begäran"), _("Begäran har en ogiltig längd."), 400)
        if length > limits.REQUEST_BYTES:
            return _refused(
                _("För stor fil"),
                _("Det du skickade är större än %(limit)s MB och togs inte emot.")
                % {"limit": limits.REQUEST_BYTES // (1024 * 1024)},
                413,
            )
        return self.get_response(request)


class NoStoreMiddleware:
    """Authenticated pages and downloads are never kept by a browser or proxy cache.

    Figures of closed periods, reports and workbooks are confidential until published;
    a shared computer's back button or a caching proxy must not show them to the next
    person. Static files (WhiteNoise, further in) and anonymous pages keep their headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class DatabaseBusyMiddleware:
    """A write that waited out the database's lock answers 503 with a Swedish message.

    On SQLite every write transaction takes the lock up front and waits for it
    (``transaction_mode="IMMEDIATE"`` and ``timeout`` in settings), so a concurrent save
    is serialised and then refused as stale (409) by the version check. Only when the
    wait itself runs out does "database is locked" reach here; nothing was written, so
    the user can simply save again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_busy(exception):
            return None
        message = _(
            "Databasen är upptagen just nu och ingenting sparades. Försök igen om en stund."
        )
        if getattr(request, "htmx", False):
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        else:
            response = _refused(_("Försök igen"), message, 503)
        response["Retry-After"] = "2"
        return response


def is_database_busy(exception: BaseException) -> bool:
    """SQLite's "database is locked" / "database table is locked" (SQLITE_BUSY/LOCKED)."""
    return isinstance(exception, OperationalError) and "is locked" in str(exception)
