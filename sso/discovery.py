"""The identity provider's endpoints, read from its discovery document
(``<issuer>/.well-known/openid-configuration``) with httpx and kept in the cache."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

import httpx
from django.core.cache import cache
from django.utils.translation import gettext as _

from scorecards.errors import DomainError
from sso.config import OidcConfig

logger = logging.getLogger(__name__)

# Providers change their endpoints rarely; an hour keeps a key rotation from being
# missed for long (the keys themselves are read per sign-in by mozilla-django-oidc).
CACHE_SECONDS = 3600
REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class SignInError(DomainError):
    """A sign-in that could not be done, with the Swedish message for the login page."""

    status = 403


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str = ""


def _unavailable() -> SignInError:
    return SignInError(
        _(
            "Inloggning med organisationens konto fungerar inte just nu: "
            "identitetsleverantören kunde inte nås eller är felaktigt inställd. "
            "Försök igen senare eller kontakta administratören."
        )
    )


def provider(config: OidcConfig) -> Provider:
    """The provider's endpoints; SignInError when the issuer does not answer as one."""
    key = f"sso:discovery:{config.issuer}"
    cached = cache.get(key)
    if isinstance(cached, dict):
        return Provider(**cached)
    url = f"{config.issuer}/.well-known/openid-configuration"
    try:
        response = httpx.get(url, timeout=config.timeout, follow_redirects=False)
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError) as error:
        logger.warning("OIDC discovery failed for %s: %s", url, error)
        raise _unavailable() from error
    if not isinstance(document, dict):
        logger.warning("OIDC discovery of %s is not a JSON object", url)
        raise _unavailable()
    # The document must be the configured issuer's own (OpenID Connect Discovery 4.3):
    # otherwise tokens from another issuer could be taken for this one's.
    if str(document.get("issuer", "")).rstrip("/") != config.issuer:
        logger.warning("OIDC discovery of %s names issuer %r", url, document.get("issuer"))
        raise _unavailable()
    missing = [name for name in REQUIRED if not isinstance(document.get(name), str)]
    if missing:
        logger.warning("OIDC discovery of %s lacks %s", url, missing)
        raise _unavailable()
    found = Provider(
        issuer=config.issuer,
        authorization_endpoint=document["authorization_endpoint"],
        token_endpoint=document["token_endpoint"],
        jwks_uri=document["jwks_uri"],
        userinfo_endpoint=str(document.get("userinfo_endpoint") or ""),
    )
    cache.set(key, asdict(found), CACHE_SECONDS)
    return found
