"""Who administers an organisation: the one rule of every set-up page and service.

An organisation's administrator holds the role "Administratör" on its top unit; a
superuser administers every organisation. The set-up services call
``administration_check`` with the organisation they change; the pages reach it through
``scorecards.selectors.organisation_for_admin``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from scorecards.errors import NotAllowed
from scorecards.models import Action, Organisation, Unit, is_admin

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def administers(user: AbstractBaseUser | AnonymousUser, organisation: Organisation | int) -> bool:
    """Whether the user may set the organisation up (one query, none for a superuser)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_admin(user):
        return True
    return Unit.objects.for_user(user, Action.ADMIN).filter(organisation=organisation).exists()


def administration_check(
    actor: AbstractBaseUser | AnonymousUser, organisation: Organisation | int
) -> None:
    """NotAllowed unless ``actor`` administers ``organisation``."""
    if not administers(actor, organisation):
        raise NotAllowed(_("Bara organisationens administratör kan ändra det här."))
