"""Start and finish a sign-in with the identity provider. Every failure ends on the login
page with a Swedish message: never a 500, never a trace of the provider's answer."""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from sso import discovery
from sso.config import config
from sso.discovery import SignInError

logger = logging.getLogger(__name__)


def _back_to_login(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return HttpResponseRedirect(reverse("login"))


class Start(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """POST from the login page's button: off to the provider (state, nonce and PKCE
    in the session). A POST, since it writes the session; GET is not allowed."""

    http_method_names = ["post"]

    def __init__(self, **kwargs: Any) -> None:
        # Not the parent's __init__: it reads the endpoint from settings; ours comes
        # from discovery, per request.
        View.__init__(self, **kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        found = config()
        if found is None:
            raise Http404
        try:
            provider = discovery.provider(found)
        except SignInError as error:
            return _back_to_login(request, error.message)
        self.OIDC_OP_AUTH_ENDPOINT = provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = found.client_id
        return self.get(request)  # type: ignore[no-any-return]


class Callback(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """GET from the provider with a code (or an error): the user is signed in, or sent
    to the login page with the reason."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if config() is None:
            raise Http404
        try:
            return super().get(request)  # type: ignore[no-any-return]
        except SignInError as error:
            logger.warning("OIDC sign-in refused: %s", error.message)
            return _back_to_login(request, error.message)
        except SuspiciousOperation as error:
            logger.warning("OIDC callback refused: %s", error)
            return _back_to_login(
                request,
                _(
                    "Inloggningen kunde inte slutföras (okänd eller redan använd inloggning). "
                    "Försök igen."
                ),
            )
        except (requests.RequestException, jwt.PyJWTError, ValueError, KeyError) as error:
            logger.warning("OIDC provider answered unexpectedly: %r", error)
            return _back_to_login(
                request,
                _(
                    "Identitetsleverantören svarade inte som väntat. Försök igen senare eller "
                    "kontakta administratören."
                ),
            )

    def login_failure(self) -> HttpResponse:
        if self.request.GET.get("error") == "access_denied":
            return _back_to_login(self.request, _("Inloggningen avbröts."))
        return _back_to_login(
            self.request, _("Inloggningen med organisationens konto misslyckades. Försök igen.")
        )


start = login_not_required(Start.as_view())
callback = login_not_required(Callback.as_view())
