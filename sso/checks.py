"""``manage.py check`` (and every start) fails on an incomplete OIDC configuration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from sso.config import RoleMapError, parse_role_map


@checks.register(checks.Tags.security)
def oidc_settings(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if not getattr(settings, "OIDC_ISSUER", ""):
        return []
    errors: list[checks.CheckMessage] = []
    if not settings.OIDC_RP_CLIENT_ID:
        errors.append(checks.Error("OIDC_ISSUER is set but OIDC_CLIENT_ID is not.", id="sso.E001"))
    if not settings.OIDC_RP_CLIENT_SECRET:
        errors.append(
            checks.Error(
                "OIDC_ISSUER is set but neither OIDC_CLIENT_SECRET nor OIDC_CLIENT_SECRET_FILE.",
                id="sso.E002",
            )
        )
    try:
        parse_role_map(settings.OIDC_ROLE_MAP)
    except RoleMapError as error:
        errors.append(checks.Error(str(error), id="sso.E003"))
    if settings.OIDC_ROLE_MAP and not settings.OIDC_ROLE_CLAIM:
        errors.append(checks.Error("OIDC_ROLE_MAP needs OIDC_ROLE_CLAIM.", id="sso.E004"))
    return errors
