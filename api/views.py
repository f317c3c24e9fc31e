"""The API-nycklar page: the signed-in user's own tokens, made and revoked here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api import selectors, services
from api.forms import TokenForm
from scorecards.errors import DomainError


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware lets only signed-in users reach these views.
    assert isinstance(request.user, User)
    return request.user


def _page(
    request: HttpRequest, form: TokenForm, new: services.NewToken | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": selectors.tokens_of(request.user),
            "new": new,
            "openapi_url": reverse("api:openapi-json"),
            "docs_url": reverse("api:openapi-view"),
            "units_url": reverse("api:units"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """GET: the user's tokens. POST: a new token, whose text is shown on this response
    only (never stored, never put in a message or the session)."""
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=422)
    try:
        new = services.api_token_create(user=_user(request), name=form.cleaned_data["name"])
    except DomainError as error:
        form.add_error("name", error.message)
        return _page(request, form, status=error.status)
    return _page(request, TokenForm(), new=new)


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's own tokens; another user's token answers 404."""
    token = get_object_or_404(selectors.tokens_of(request.user), pk=token_id)
    services.api_token_revoke(actor=_user(request), token=token)
    messages.success(request, _("Nyckeln ”%(name)s” är återkallad.") % {"name": token.name})
    return redirect("api_tokens:list")
