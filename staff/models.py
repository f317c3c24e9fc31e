"""Key staff figures (väsentliga personalförhållanden) as monthly series per unit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scorecards.models import Unit


class StaffMonth(models.Model):
    """A unit's staff figures for one month, as the HR system reports them.

    Headcount and FTE are point-in-time values at the end of the month (FTE is
    already a rolling 12-month figure). Extra time and sick leave are accumulated
    from 1 January to the end of the month, so a period's figure is simply the row
    of its last month — the same way the seed reports quote "2019, 04".
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="staff_months", verbose_name=_("enhet")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("månad"))
    fte_rolling_12 = models.DecimalField(
        _("årsarbetare, rullande 12 mån"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    headcount = models.PositiveIntegerField(_("antal anställda"), null=True, blank=True)
    extra_time_hours = models.DecimalField(
        _("extratid (timmar, ackumulerat)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    sick_leave_total = models.DecimalField(
        _("sjukfrånvaro totalt (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    sick_leave_short = models.DecimalField(
        _("sjukfrånvaro kort (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    sick_leave_long = models.DecimalField(
        _("sjukfrånvaro lång (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    sick_leave_women = models.DecimalField(
        _("sjukfrånvaro kvinnor (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    sick_leave_men = models.DecimalField(
        _("sjukfrånvaro män (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personalnyckeltal för månad")
        verbose_name_plural = _("personalnyckeltal per månad")
        ordering = ["unit", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "month"], name="unique_staff_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="staff_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}-{self.month:02d}"

    def clean(self) -> None:
        for name in (
            "sick_leave_total",
            "sick_leave_short",
            "sick_leave_long",
            "sick_leave_women",
            "sick_leave_men",
        ):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 100:
                raise ValidationError({name: _("En andel måste ligga mellan 0 och 100 %.")})
