"""Links between the identity provider's people and the portal's users."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scorecards.models import UnitMembership


class Identity(models.Model):
    """A person at the identity provider signed in as a user (inloggningskonto)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="identities",
        verbose_name=_("användare"),
    )
    issuer = models.CharField(_("identitetsleverantör"), max_length=300)
    # The provider's stable id for the person ("sub"); e-mail addresses change.
    subject = models.CharField(_("id hos leverantören"), max_length=255)
    created_at = models.DateTimeField(_("första inloggning"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("senaste inloggning"), null=True, blank=True)

    class Meta:
        verbose_name = _("inloggningskonto")
        verbose_name_plural = _("inloggningskonton")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_identity")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"


class MappedRole(models.Model):
    """A role given by the provider's claim (OIDC_ROLE_MAP), taken back when the claim
    no longer gives it; roles an administrator gives are never touched (mappad roll)."""

    identity = models.ForeignKey(
        Identity, on_delete=models.CASCADE, related_name="mapped_roles", verbose_name=_("konto")
    )
    membership = models.OneToOneField(
        UnitMembership,
        on_delete=models.CASCADE,
        related_name="mapped_by",
        verbose_name=_("behörighet"),
    )

    class Meta:
        verbose_name = _("roll från identitetsleverantören")
        verbose_name_plural = _("roller från identitetsleverantören")

    def __str__(self) -> str:
        return str(self.membership)
