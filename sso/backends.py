"""The authentication backend for the identity provider's code flow (mozilla-django-oidc),
with the endpoints from discovery and the ID token's issuer, audience and expiry checked."""

from __future__ import annotations

from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from sso import discovery, services
from sso.config import OidcConfig, config
from sso.discovery import SignInError

# Clock skew allowed between the provider and this server, in seconds.
LEEWAY = 30


class OIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Signs in a person the provider vouches for; password logins pass it by."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Not the parent's __init__: it reads the provider's endpoints from settings, and
        # Django makes every backend for every password login too. The endpoints are
        # found by discovery when a code arrives (authenticate).
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = getattr(settings, "OIDC_RP_CLIENT_ID", "")
        self.OIDC_RP_CLIENT_SECRET = getattr(settings, "OIDC_RP_CLIENT_SECRET", "")
        self.OIDC_RP_SIGN_ALGO = getattr(settings, "OIDC_RP_SIGN_ALGO", "RS256")
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.config: OidcConfig | None = None
        self.provider: discovery.Provider | None = None

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, **kwargs: Any
    ) -> AbstractUser | None:
        found = config()
        # Only the callback passes a nonce: a password login is not this backend's.
        if request is None or found is None or "nonce" not in kwargs:
            return None
        self.config = found
        self.provider = discovery.provider(found)
        self.OIDC_OP_TOKEN_ENDPOINT = self.provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = self.provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = self.provider.jwks_uri
        return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]

    def _verify_jws(self, payload: bytes | str, key: Any) -> dict[str, Any]:
        """The signature, and what mozilla-django-oidc leaves out: issuer, audience and
        expiry (OpenID Connect Core 3.1.3.7), each refused with its own message."""
        assert self.provider is not None
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SignInError(_("Inloggningen avbröts: ID-token har fel signeringsalgoritm."))
        try:
            return jwt.decode(  # type: ignore[no-any-return]
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.provider.issuer,
                leeway=LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise SignInError(
                _("Inloggningen har gått ut (ID-token är för gammal). Logga in igen.")
            ) from None
        except jwt.InvalidAudienceError:
            raise SignInError(
                _("Inloggningen avbröts: ID-token är utfärdad för ett annat system.")
            ) from None
        except jwt.InvalidIssuerError:
            raise SignInError(
                _("Inloggningen avbröts: ID-token kommer från en annan identitetsleverantör.")
            ) from None
        except jwt.InvalidTokenError:
            raise SignInError(_("Inloggningen avbröts: ID-token kunde inte verifieras.")) from None

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The ID token's claims, completed by the userinfo endpoint when there is one
        (Entra ID puts groups in the token, Keycloak the e-mail in both)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            info = super().get_userinfo(access_token, id_token, payload)
            # The same person, or the answer is not about this sign-in (Core 5.3.2).
            if isinstance(info, dict) and info.get("sub") == payload.get("sub"):
                claims = {**info, **payload}
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> AbstractUser:
        assert self.config is not None
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("claims without sub")
        return services.user_for_claims(config=self.config, claims=claims)
