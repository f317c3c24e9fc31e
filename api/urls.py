"""The API's URLs: the ninja operations under /api/v1/ and the token page under /konto/."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_GET

from api import views
from api.v1 import api

app_name = "api_tokens"

urlpatterns = [
    path("", views.tokens, name="list"),
    path("<int:token_id>/aterkalla/", views.token_revoke, name="revoke"),
]


def _open_to_tokens(patterns: list[Any]) -> list[Any]:
    """The operations answer 401 themselves: a bearer token has no session, so Django's
    LoginRequiredMiddleware must not send it to the login page. The documentation page
    stays behind the login (it tries the API with the session)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            _open_to_tokens(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name != "openapi-view":
            if entry.name == "api-root":
                # Ninja's prefix marker (a 404 page): declare its method like every view.
                entry.callback = require_GET(entry.callback)
            entry.callback.login_required = False  # type: ignore[attr-defined]
    return patterns


api_patterns, api_app_name, api_namespace = api.urls
api_urls = (_open_to_tokens(api_patterns), api_app_name, api_namespace)
