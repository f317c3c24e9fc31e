"""The identity provider's settings (``OIDC_*`` in portal/settings.py), read and checked.

A role map names which value of a claim gives which role on which unit:
``OIDC_ROLE_MAP="styrkort-lansteknik-controller=lansteknik:controller;styrkort-lasare=region-norrbotten:reader"``
with ``OIDC_ROLE_CLAIM=groups`` (Entra ID and Keycloak send group ids or names there).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

ROLES = ("controller", "manager", "reader")


class RoleMapError(ValueError):
    pass


@dataclass(frozen=True)
class RoleGrant:
    """A role on a unit given by a value of the role claim."""

    unit: str
    role: str


def parse_role_map(raw: str) -> dict[str, list[RoleGrant]]:
    """``value=unit:role;…`` → {value: [grants]}; a bad entry raises RoleMapError."""
    grants: dict[str, list[RoleGrant]] = {}
    for entry in (part.strip() for part in raw.replace("\n", ";").split(";")):
        if not entry:
            continue
        value, sep, target = entry.rpartition("=")
        unit, colon, role = target.partition(":")
        if not sep or not colon or not value.strip() or not unit.strip():
            raise RoleMapError(f"OIDC_ROLE_MAP: {entry!r} ska vara <värde>=<enhet>:<roll>")
        if role.strip() not in ROLES:
            raise RoleMapError(
                f"OIDC_ROLE_MAP: okänd roll {role.strip()!r} i {entry!r} "
                "(controller, manager, reader)"
            )
        grants.setdefault(value.strip(), []).append(RoleGrant(unit.strip(), role.strip()))
    return grants


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    organisation_name: str
    role_claim: str
    role_map: dict[str, list[RoleGrant]]
    create_users: bool
    timeout: float

    @property
    def button_label(self) -> str:
        return _("Logga in med %(organisation)s") % {"organisation": self.organisation_name}


def config() -> OidcConfig | None:
    """The configuration, or None when sign-in with an identity provider is off."""
    issuer = getattr(settings, "OIDC_ISSUER", "")
    if not issuer:
        return None
    return OidcConfig(
        issuer=issuer.rstrip("/"),
        client_id=settings.OIDC_RP_CLIENT_ID,
        organisation_name=settings.OIDC_ORGANISATION_NAME or _("organisationens konto"),
        role_claim=settings.OIDC_ROLE_CLAIM,
        role_map=parse_role_map(settings.OIDC_ROLE_MAP),
        create_users=settings.OIDC_CREATE_USERS,
        timeout=float(settings.OIDC_TIMEOUT),
    )
