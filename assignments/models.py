"""Special assignments given by the board and their status note per period."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.limits import COMMENT_CHARS, TextLimit
from scorecards.models import Period, Unit, Year


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ej påbörjat")
    IN_PROGRESS = "in_progress", _("Pågår")
    DONE = "done", _("Klart")
    PAUSED = "paused", _("Vilande/nedprioriterat")
    CLOSED = "closed", _("Avslutat")


class Assignment(models.Model):
    """A task given to the unit by the board (särskilt uppdrag, verksamhetsuppdrag)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("enhet")
    )
    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("år")
    )
    slug = models.SlugField(_("kortnamn"), max_length=80)
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(
        _("uppdraget"), blank=True, validators=[TextLimit(COMMENT_CHARS)]
    )
    decision_body = models.CharField(_("beslutande organ"), max_length=200, blank=True)
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_reference = models.CharField(_("beslut (diarienummer)"), max_length=200, blank=True)
    due_date = models.DateField(_("ska vara klart"), null=True, blank=True)
    owner_title = models.CharField(_("ansvarig"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    # An assignment still open at year end is carried into the next year by "Nytt
    # verksamhetsår"; the link keeps the earlier year's nulägen reachable.
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("fortsätter från"),
    )

    class Meta:
        verbose_name = _("uppdrag")
        verbose_name_plural = _("uppdrag")
        ordering = ["unit", "year", "order"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "slug"], name="unique_assignment")
        ]

    def __str__(self) -> str:
        return self.title


class AssignmentNote(models.Model):
    """The status note of an assignment for a period (nuläge), earlier ones kept."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="notes", verbose_name=_("uppdrag")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="assignment_notes", verbose_name=_("period")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.NOT_STARTED,
    )
    text = models.TextField(_("nuläge"), blank=True, validators=[TextLimit(COMMENT_CHARS)])
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nuläge")
        verbose_name_plural = _("nulägen")
        ordering = ["assignment", "period__end_month"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="unique_assignment_note")
        ]

    def __str__(self) -> str:
        return f"{self.assignment} – {self.period}"


class BudgetUnit(models.TextChoices):
    """What an assignment's budget is counted in."""

    HOURS = "hours", _("timmar")
    KRONOR = "kr", _("kr")


class AssignmentBudget(models.Model):
    """An assignment's budget in hours or kronor for a period, with outcome to date and
    estimated remaining (budget för uppdrag); earlier periods' rows kept.

    The forecast and the difference are never stored: see ``assignments.rules``.
    """

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("uppdrag")
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        related_name="assignment_budgets",
        verbose_name=_("period"),
    )
    unit = models.CharField(_("enhet"), max_length=10, choices=BudgetUnit.choices)
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    outcome = models.DecimalField(
        _("utfall hittills"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    remaining = models.DecimalField(
        _("beräknat återstående"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget för uppdrag")
        verbose_name_plural = _("budgetar för uppdrag")
        ordering = ["assignment", "period__end_month", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "period", "unit"], name="unique_assignment_budget"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment} – {self.period} – {self.get_unit_display()}"
