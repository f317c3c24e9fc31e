"""Reads for the API: the token behind a bearer header, and a user's tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from api.models import ApiToken
from api.services import TOKEN_PREFIX, digest


def token_for(plain: str) -> ApiToken | None:
    """The active token with this plain text (its user joined), or None."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    return ApiToken.objects.active().select_related("user").filter(digest=digest(plain)).first()


def tokens_of(user: AbstractBaseUser | AnonymousUser) -> QuerySet[ApiToken]:
    if user.pk is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk)
