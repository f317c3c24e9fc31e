"""Goals followed up with a prognosis, and indicators computed from counts or occasions.

For organisations that steer with goals and indicators (e.g. a gemensam nämnd): per
period a goal gets a comment and a forecast, and an indicator gets the counts its value
is computed from (``goals.rules.indicator_value``; the value itself is never stored).
A goal may also keep its dated occasions (meetings with the members present): the
goal's indicators computed from them (``Measure.value_source``) get their figures
written by ``goals.services`` for every period the occasions fall in.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
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


class Occasion(models.Model):
    """A dated occasion of a goal (tillfälle): a meeting with how many of all members
    attended, an activity held. The goal's indicators computed from occasions count
    them or sum their attendance."""

    goal = models.ForeignKey(
        UnitGoal, on_delete=models.CASCADE, related_name="occasions", verbose_name=_("mål")
    )
    date = models.DateField(_("datum"))
    title = models.CharField(_("tillfälle"), max_length=200)
    attended = models.PositiveIntegerField(_("närvarande"), null=True, blank=True)
    of_total = models.PositiveIntegerField(_("av totalt"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tillfälle")
        verbose_name_plural = _("tillfällen")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attended__isnull=True)
                | Q(of_total__isnull=True)
                | Q(attended__lte=F("of_total")),
                name="occasion_attended_at_most_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        if (self.attended is None) != (self.of_total is None):
            raise ValidationError(
                {
                    "of_total" if self.of_total is None else "attended": _(
                        "Ange både närvarande och av totalt, eller inget av dem."
                    )
                }
            )
        if (
            self.attended is not None
            and self.of_total is not None
            and (self.attended > self.of_total)
        ):
            raise ValidationError(
                {
                    "attended": _(
                        "Närvarande (%(attended)s) kan inte vara fler än totalt (%(total)s)."
                    )
                    % {"attended": self.attended, "total": self.of_total}
                }
            )
