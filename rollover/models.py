"""The record of a year rollover (Nytt verksamhetsår): which year was made from which, by
whom, when and what was copied. One per organisation and new year, so it runs once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scorecards.models import Organisation


class YearRollover(models.Model):
    """A verksamhetsår set up by copying the previous year's steering model (nytt verksamhetsår)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="year_rollovers",
        verbose_name=_("organisation"),
    )
    from_year = models.PositiveSmallIntegerField(_("från år"))
    to_year = models.PositiveSmallIntegerField(_("nytt år"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapat av"),
    )
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    via = models.CharField(_("väg"), max_length=20, blank=True)
    # What was copied, kind → count (the plan's counts at the time it ran).
    counts = models.JSONField(_("antal kopierade"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nytt verksamhetsår")
        verbose_name_plural = _("nya verksamhetsår")
        ordering = ["organisation", "-to_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "to_year"], name="unique_year_rollover"
            ),
            models.CheckConstraint(
                condition=models.Q(to_year=models.F("from_year") + 1),
                name="year_rollover_next_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.from_year} → {self.to_year}"
