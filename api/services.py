"""Writes of API tokens: create (the plain token is shown once) and revoke."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from scorecards.errors import DomainError

# The prefix tells a leaked token apart in logs and secret scanners; the rest is 32
# random bytes.
TOKEN_PREFIX = "styrkort_"
SHOWN_CHARS = len(TOKEN_PREFIX) + 6
# Writing last_used_at on every request would make every API read a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    plain: str  # shown to the user once, never stored


def digest(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def api_token_create(*, user: User, name: str) -> NewToken:
    """A new token for ``user``; the plain text is returned once and only its hash kept."""
    name = name.strip()
    if not name:
        raise DomainError(
            _("Namn: ge nyckeln ett namn, t.ex. vilket system som använder den."), field="name"
        )
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise DomainError(_("Namn: högst 100 tecken."), field="name")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=plain[:SHOWN_CHARS], digest=digest(plain))
    token.full_clean()
    token.save()
    return NewToken(token=token, plain=plain)


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke the token at once (the row stays, so the user sees when it was revoked)."""
    if token.user_id != actor.pk:
        raise DomainError(_("Du kan bara återkalla dina egna nycklar."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_touch(*, token: ApiToken) -> None:
    """Record that the token was used (at most once per minute)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
