"""Internal control (internkontroll): a unit's plan of the year, its scored risks, the
control activities that handle them and each activity's follow-up per period.

The risk score (sannolikhet × konsekvens) and its level are computed in
``internal_control.rules``, never stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.limits import COMMENT_CHARS, TextLimit
from internal_control import rules
from scorecards.models import Period, Unit, Year


class ControlPlan(models.Model):
    """A unit's internal control plan for a year (internkontrollplan)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        APPROVED = "approved", _("Fastställd")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="control_plans", verbose_name=_("enhet")
    )
    year = models.ForeignKey(
        Year, on_delete=models.PROTECT, related_name="control_plans", verbose_name=_("år")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # A role title, like the report metadata: plans name no persons.
    approved_by_title = models.CharField(_("fastställd av"), max_length=200, blank=True)
    approved_on = models.DateField(_("fastställd datum"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internkontrollplan")
        verbose_name_plural = _("internkontrollplaner")
        ordering = ["unit__path", "year__year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_control_plan")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.year.year}"

    def clean(self) -> None:
        if self.unit_id and self.year_id and self.unit.organisation_id != self.year.organisation_id:
            raise ValidationError(_("Året hör till en annan organisation än enheten."))
        if self.status == self.Status.APPROVED and not self.approved_by_title.strip():
            raise ValidationError({"approved_by_title": _("Ange vem som fastställde planen.")})


class Probability(models.IntegerChoices):
    """Sannolikhet, 1–4."""

    UNLIKELY = 1, _("1 – Osannolik")
    LESS_LIKELY = 2, _("2 – Mindre sannolik")
    POSSIBLE = 3, _("3 – Möjlig")
    LIKELY = 4, _("4 – Sannolik")


class Consequence(models.IntegerChoices):
    """Konsekvens, 1–4."""

    NEGLIGIBLE = 1, _("1 – Försumbar")
    MINOR = 2, _("2 – Lindrig")
    SERIOUS = 3, _("3 – Kännbar")
    SEVERE = 4, _("4 – Allvarlig")


class Decision(models.TextChoices):
    """What the plan decides for a risk (beslut)."""

    INTERNAL_CONTROL = "internal_control", _("Hanteras via internkontroll")
    ACCEPT = "accept", _("Accepteras")


class Risk(models.Model):
    """A risk of the plan, scored by probability and consequence (risk i riskanalysen)."""

    plan = models.ForeignKey(
        ControlPlan, on_delete=models.CASCADE, related_name="risks", verbose_name=_("plan")
    )
    description = models.CharField(_("risk"), max_length=500)
    probability = models.PositiveSmallIntegerField(_("sannolikhet"), choices=Probability.choices)
    consequence = models.PositiveSmallIntegerField(_("konsekvens"), choices=Consequence.choices)
    decision = models.CharField(
        _("beslut"), max_length=20, choices=Decision.choices, default=Decision.INTERNAL_CONTROL
    )
    analysis = models.TextField(_("riskanalys"), blank=True, validators=[TextLimit(COMMENT_CHARS)])
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risker")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=4), name="risk_probability_1_4"
            ),
            models.CheckConstraint(
                condition=Q(consequence__gte=1, consequence__lte=4), name="risk_consequence_1_4"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def score(self) -> int:
        """Riskvärde (rules.risk_score), computed each time."""
        return rules.risk_score(self.probability, self.consequence)


class ControlActivity(models.Model):
    """What is checked for a risk, how, by whom and when (kontrollaktivitet, kontrollmetod)."""

    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, related_name="activities", verbose_name=_("risk")
    )
    what = models.CharField(_("kontrollaktivitet"), max_length=500)
    responsible_role = models.CharField(_("ansvarig"), max_length=200, blank=True)
    method = models.TextField(_("kontrollmetod"), validators=[TextLimit(COMMENT_CHARS)])
    when = models.CharField(
        _("när"), max_length=200, blank=True, help_text=_("Datum, vecka, månad eller period.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("kontrollaktivitet")
        verbose_name_plural = _("kontrollaktiviteter")
        ordering = ["risk__order", "risk__pk", "order", "pk"]

    def __str__(self) -> str:
        return self.what


class Assessment(models.TextChoices):
    """How well the control worked (bedömning): grön / gul / röd."""

    SUFFICIENT = "sufficient", _("Tillräckligt")
    PARTLY = "partly", _("Delvis")
    INSUFFICIENT = "insufficient", _("Otillräckligt")


class ActivityFollowUp(models.Model):
    """A control activity's follow-up for a period: utfört, resultat, åtgärder, bedömning."""

    activity = models.ForeignKey(
        ControlActivity,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("kontrollaktivitet"),
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        related_name="control_follow_ups",
        verbose_name=_("period"),
    )
    performed = models.CharField(
        _("utfört"), max_length=200, blank=True, help_text=_("Datum, vecka, månad eller period.")
    )
    result = models.TextField(
        _("uppföljning/resultat"), blank=True, validators=[TextLimit(COMMENT_CHARS)]
    )
    actions = models.TextField(
        _("eventuella åtgärder/förändringar"), blank=True, validators=[TextLimit(COMMENT_CHARS)]
    )
    assessment = models.CharField(
        _("bedömning"), max_length=20, choices=Assessment.choices, blank=True
    )
    # Optimistic locking for concurrent editing: a save names the version it read.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljning av kontrollaktivitet")
        verbose_name_plural = _("uppföljningar av kontrollaktiviteter")
        constraints = [
            models.UniqueConstraint(fields=["activity", "period"], name="unique_activity_follow_up")
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.period}"
