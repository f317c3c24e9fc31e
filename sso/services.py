"""Who signs in: the user matched to the provider's claims (subject, then e-mail), made
on the first sign-in without roles, and the roles a configured claim gives."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scorecards.models import Unit, UnitMembership
from sso.config import OidcConfig
from sso.discovery import SignInError
from sso.models import Identity, MappedRole

logger = logging.getLogger(__name__)


def _claim_values(claims: Mapping[str, Any], name: str) -> set[str]:
    value = claims.get(name)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return set()


def _new_username(claims: Mapping[str, Any], subject: str) -> str:
    """preferred_username or e-mail, made unique; the subject when neither is given."""
    UserModel = get_user_model()
    field = UserModel._meta.get_field(UserModel.USERNAME_FIELD)
    max_length = getattr(field, "max_length", None) or 150
    base = str(claims.get("preferred_username") or claims.get("email") or f"oidc-{subject}")
    base = base[: max_length - 4]
    name, n = base, 1
    while UserModel.objects.filter(**{f"{UserModel.USERNAME_FIELD}__iexact": name}).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _match(config: OidcConfig, claims: Mapping[str, Any], subject: str) -> User | None:
    """The user linked to the subject; else the one user with the (verified) e-mail."""
    identity = (
        Identity.objects.select_related("user")
        .filter(issuer=config.issuer, subject=subject)
        .first()
    )
    if identity is not None:
        return identity.user  # type: ignore[return-value]
    email = str(claims.get("email") or "").strip()
    # An address the provider says is unverified could be anybody's claim to it.
    if not email or claims.get("email_verified") is False:
        return None
    users = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise SignInError(
            _(
                "Flera konton i Styrkort har e-postadressen %(email)s. En administratör "
                "behöver rätta det innan du kan logga in med organisationens konto."
            )
            % {"email": email}
        )
    return users[0] if users else None  # type: ignore[return-value]


@transaction.atomic
def user_for_claims(*, config: OidcConfig, claims: Mapping[str, Any]) -> User:
    """The user for verified claims: matched, or made without roles (``create_users``).

    Raises SignInError with the reason for the login page.
    """
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SignInError(_("Identitetsleverantören skickade ingen användaridentitet (sub)."))
    user = _match(config, claims, subject)
    if user is None:
        if not config.create_users:
            raise SignInError(
                _(
                    "Du har inget konto i Styrkort. Be en administratör att lägga upp dig "
                    "med din e-postadress."
                )
            )
        UserModel = get_user_model()
        user = UserModel(
            **{UserModel.USERNAME_FIELD: _new_username(claims, subject)},
            email=str(claims.get("email") or ""),
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )
        # The provider checks who the person is: no password in the portal.
        user.set_unusable_password()
        user.save()
        logger.info("OIDC: created user %s for subject %s", user.pk, subject)
    if not user.is_active:
        raise SignInError(_("Ditt konto i Styrkort är inaktiverat. Kontakta administratören."))
    identity, _created = Identity.objects.get_or_create(
        issuer=config.issuer, subject=subject, defaults={"user": user}
    )
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["last_login_at"])
    if config.role_claim:
        roles_sync(config=config, identity=identity, claims=claims)
    return user


def roles_sync(*, config: OidcConfig, identity: Identity, claims: Mapping[str, Any]) -> None:
    """Give the roles the claim's values map to; take back mapped roles no longer given."""
    wanted = {
        (grant.unit, grant.role)
        for value in _claim_values(claims, config.role_claim)
        for grant in config.role_map.get(value, [])
    }
    units = {u.slug: u for u in Unit.objects.filter(slug__in={unit for unit, _r in wanted})}
    for slug in {unit for unit, _r in wanted} - units.keys():
        logger.warning("OIDC_ROLE_MAP names the unit %r, which does not exist", slug)
    have = {
        (m.membership.unit.slug, m.membership.role): m
        for m in identity.mapped_roles.select_related("membership__unit")
    }
    for key, mapped in have.items():
        if key not in wanted:
            mapped.membership.delete()  # cascades to the MappedRole
    for slug, role in wanted - have.keys():
        if slug not in units:
            continue
        membership, created = UnitMembership.objects.get_or_create(
            user=identity.user, unit=units[slug], role=role
        )
        # A role the administrator already gave stays theirs: never taken back here.
        if created:
            MappedRole.objects.create(identity=identity, membership=membership)
