"""The annual cycle (årshjul): an organisation's recurring reporting deadlines, a
deadline moved for one year, and the reminders sent about them.

A deadline is a rule ("Delårsrapport 1, klarmarkerad senast 19 maj"), not a date: the
date for a concrete period is computed in ``annual_cycle.rules`` from the rule and the
period's year, so a new verksamhetsår needs nothing from this app.
"""

from __future__ import annotations

from calendar import monthrange

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scorecards.models import Organisation, Period, UnitPeriod


class Step(models.TextChoices):
    """What must be done by the deadline (steg)."""

    ENTRY = "entry", _("Registrering klar")
    SUBMISSION = "submission", _("Klarmarkerad")
    APPROVAL = "approval", _("Godkänd")
    EVENT = "event", _("Händelse")


# The unit period statuses that count as having reached a step. Registration is done
# when the controller marks the period ready (klarmarkerad): the status is the one
# signal that the figures are complete, so entry and submission read the same status
# and differ only in their dates.
REACHED_BY: dict[str, frozenset[str]] = {
    Step.ENTRY: frozenset(
        {UnitPeriod.Status.SUBMITTED, UnitPeriod.Status.APPROVED, UnitPeriod.Status.LOCKED}
    ),
    Step.SUBMISSION: frozenset(
        {UnitPeriod.Status.SUBMITTED, UnitPeriod.Status.APPROVED, UnitPeriod.Status.LOCKED}
    ),
    Step.APPROVAL: frozenset({UnitPeriod.Status.APPROVED, UnitPeriod.Status.LOCKED}),
}

# The standard kinds a deadline may concern (a custom span has no fixed place in the year).
PERIOD_KINDS = [
    (Period.Kind.T1.value, Period.Kind.T1.label),
    (Period.Kind.T2.value, Period.Kind.T2.label),
    (Period.Kind.YEAR.value, Period.Kind.YEAR.label),
]


class Deadline(models.Model):
    """A recurring date of the organisation's årshjul (frist), e.g. "Delårsrapport 1,
    klarmarkerad 19 maj"; the date of a year is computed from it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("rubrik"), max_length=200)
    period_kind = models.CharField(
        _("period"),
        max_length=10,
        choices=PERIOD_KINDS,
        blank=True,
        help_text=_("Tom för en händelse som gäller hela organisationen."),
    )
    step = models.CharField(_("steg"), max_length=20, choices=Step.choices)
    month = models.PositiveSmallIntegerField(
        _("månad"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("dag"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    year_offset = models.PositiveSmallIntegerField(
        _("år efter perioden"),
        default=0,
        validators=[MaxValueValidator(1)],
        help_text=_("0 = samma år som perioden, 1 = året efter (t.ex. årsrapporten i mars)."),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("påminn dagar före"),
        default=7,
        validators=[MaxValueValidator(90)],
        help_text=_("Påminnelse skickas från så många dagar före fristen och när den passerats."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("frist i årshjulet")
        verbose_name_plural = _("frister i årshjulet")
        ordering = ["organisation", "year_offset", "month", "day", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="deadline_month_1_12"
            ),
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=31), name="deadline_day_1_31"),
            models.CheckConstraint(
                condition=Q(step="event") | ~Q(period_kind=""), name="deadline_step_needs_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.get_step_display()}"

    def clean(self) -> None:
        # 29 February is allowed (2024 is a leap year): other years it falls on the 28th.
        if self.month in range(1, 13) and self.day and self.day > monthrange(2024, self.month)[1]:
            raise ValidationError({"day": _("Månaden har inte så många dagar.")})
        if self.step and self.step != Step.EVENT and not self.period_kind:
            raise ValidationError(
                {"period_kind": _("Ange vilken period fristen gäller (T1, T2 eller helår).")}
            )


class DeadlineOverride(models.Model):
    """A deadline moved for one year (flyttad frist), e.g. because of a holiday."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("frist")
    )
    # The year the rule is applied for: the period's year (the årsrapport 2020 frist
    # in March 2021 is moved with year 2020).
    year = models.PositiveSmallIntegerField(_("år (periodens)"))
    date = models.DateField(_("nytt datum"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("flyttad frist")
        verbose_name_plural = _("flyttade frister")
        ordering = ["deadline", "year"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "year"], name="unique_deadline_override")
        ]

    def __str__(self) -> str:
        return f"{self.deadline} {self.year}: {self.date.isoformat()}"


class ReminderSent(models.Model):
    """A reminder e-mail sent (skickad påminnelse): at most one per user, unit period and
    deadline, written in the same transaction as the decision to send it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        verbose_name=_("användare"),
    )
    unit_period = models.ForeignKey(
        UnitPeriod,
        on_delete=models.CASCADE,
        related_name="reminders_sent",
        verbose_name=_("enhetens period"),
    )
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="reminders_sent", verbose_name=_("frist")
    )
    due_on = models.DateField(_("fristens datum"))
    email = models.EmailField(_("e-postadress"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("skickad påminnelse")
        verbose_name_plural = _("skickade påminnelser")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit_period", "deadline"], name="unique_reminder_sent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit_period} – {self.deadline}"
