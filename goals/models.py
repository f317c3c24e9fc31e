"""Goals followed up with a prognosis, and indicators computed from counts.

For organisations that steer with goals and indicators (e.g. a gemensam nämnd): per
period a goal gets a comment and a forecast, and an indicator gets the counts its value
is computed from (``goals.rules.indicator_value``; the value itself is never stored).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.limits import COMMENT_CHARS, TextLimit
from scorecards.models import Forecast, Measure, Period, UnitGoal


class GoalFollowUp(models.Model):
    """A unit goal's follow-up for a period: comment and prognosis (uppföljning av mål)."""

    goal = models.ForeignKey(
        UnitGoal, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("mål")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="goal_follow_ups", verbose_name=_("period")
    )
    comment = models.TextField(_("kommentar"), blank=True, validators=[TextLimit(COMMENT_CHARS)])
    forecast = models.CharField(_("prognos"), max_length=30, choices=Forecast.choices, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("uppföljning av mål")
        verbose_name_plural = _("uppföljningar av mål")
        constraints = [
            models.UniqueConstraint(fields=["goal", "period"], name="unique_goal_follow_up")
        ]

    def __str__(self) -> str:
        return f"{self.goal} – {self.period}"


class IndicatorCount(models.Model):
    """The counts an indicator's value is computed from for a period (täljare, nämnare)."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="counts", verbose_name=_("indikator")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="indicator_counts", verbose_name=_("period")
    )
    numerator = models.DecimalField(
        _("täljare"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("nämnare"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("antal för indikator")
        verbose_name_plural = _("antal för indikatorer")
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_indicator_count"),
            models.CheckConstraint(
                condition=Q(numerator__gte=0) | Q(numerator__isnull=True),
                name="indicator_numerator_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(denominator__gte=0) | Q(denominator__isnull=True),
                name="indicator_denominator_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} – {self.period}"
