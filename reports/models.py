"""Narrative sections of a unit's report for a period, stored as Markdown."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scorecards.models import Period, Perspective, Unit


class SectionKind(models.TextChoices):
    SUMMARY = "summary", _("Sammanfattning")
    OUTLOOK = "outlook", _("Förväntad utveckling")
    GOVERNANCE = "governance", _("Styrning och uppföljning")
    PERSPECTIVE = "perspective", _("Analys per perspektiv")
    STAFF = "staff", _("Väsentliga personalförhållanden")
    RESULT = "result", _("Periodens resultat")
    FORECAST = "forecast", _("Årsprognos")
    FORECAST_ASSUMPTIONS = "forecast_assumptions", _("Antaganden för årsprognosen")
    FORECAST_RISKS = "forecast_risks", _("Riskanalys för årsprognosen")
    NET_COST = "net_cost", _("Nettokostnadsutveckling")
    COSTS = "costs", _("Verksamhetens kostnader")
    INVESTMENTS = "investments", _("Investeringar")


class NarrativeSection(models.Model):
    """A narrative text of a unit's report for a period (Sammanfattning, analys, …)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="narratives", verbose_name=_("enhet")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="narratives", verbose_name=_("period")
    )
    kind = models.CharField(_("avsnitt"), max_length=30, choices=SectionKind.choices)
    perspective = models.ForeignKey(
        Perspective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="narratives",
        verbose_name=_("perspektiv"),
    )
    body = models.TextField(_("text (Markdown)"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("text")
        verbose_name_plural = _("texter")
        ordering = ["unit", "period", "kind"]
        constraints = [
            # Two partial constraints instead of nulls_distinct, which SQLite lacks.
            models.UniqueConstraint(
                fields=["unit", "period", "kind"],
                condition=models.Q(perspective__isnull=True),
                name="unique_narrative",
            ),
            models.UniqueConstraint(
                fields=["unit", "period", "kind", "perspective"],
                condition=models.Q(perspective__isnull=False),
                name="unique_narrative_per_perspective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period} – {self.get_kind_display()}"

    def clean(self) -> None:
        if (self.kind == SectionKind.PERSPECTIVE) != (self.perspective_id is not None):
            raise ValidationError(
                {"perspective": _("Analys per perspektiv, och bara den, anger ett perspektiv.")}
            )
