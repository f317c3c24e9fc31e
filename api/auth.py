"""Who is asking the API: a bearer token (``Authorization: Bearer styrkort_…``) or the
browser's session (so the documentation page can try the API as the signed-in user)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from api import selectors, services


class BearerToken(HttpBearer):
    """A token made on the API-nycklar page or by ``manage.py api_token``."""

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser | None:
        found = selectors.token_for(token)
        if found is None:
            return None
        services.api_token_touch(token=found)
        # The visibility rule asks request.user in the selectors shared with the pages.
        request.user = found.user
        return found.user


class Session(SessionAuth):
    """The signed-in browser. Every operation is a GET, so no CSRF token is asked for."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


AUTH = [BearerToken(), Session()]
