"""Finance per unit and period: outcome, budget and forecast per cost category."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.limits import COMMENT_CHARS, TextLimit
from scorecards.models import Period, Unit, Year


class CostKind(models.TextChoices):
    """The account class a category belongs to; the net cost table has one row per kind."""

    STAFF = "staff", _("Personal")
    OTHER = "other", _("Övriga kostnader")
    DEPRECIATION = "depreciation", _("Avskrivningar")
    INCOME = "income", _("Intäkter")


class CostCategory(models.Model):
    """A line the unit follows up (kostnadsslag), e.g. Personalkostnader or MT-reservdelar."""

    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="cost_categories", verbose_name=_("år")
    )
    slug = models.SlugField(_("kortnamn"))
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("kostnadsslag"), max_length=20, choices=CostKind.choices)
    # The verksamhet or project the category belongs to: "Ekonomi per verksamhet" groups
    # the categories by it. Blank: the unit's own line.
    line = models.CharField(_("verksamhet eller projekt"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("kostnadskategori")
        verbose_name_plural = _("kostnadskategorier")
        ordering = ["year", "order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "slug"], name="unique_cost_category")
        ]

    def __str__(self) -> str:
        return self.name


class FinanceFigure(models.Model):
    """A category's figures for a unit and period, in kr; costs negative, income positive.

    All amounts are cumulative from 1 January. ``outcome_previous_year`` is the
    comparison figure for the same period last year as reported by the ledger
    (it may be restated, so it is stored rather than looked up).
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="finance_figures", verbose_name=_("enhet")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="finance_figures", verbose_name=_("period")
    )
    category = models.ForeignKey(
        CostCategory, on_delete=models.PROTECT, related_name="figures", verbose_name=_("kategori")
    )
    outcome = models.DecimalField(
        _("utfall"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    period_budget = models.DecimalField(
        _("periodbudget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    annual_budget = models.DecimalField(
        _("årsbudget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    annual_forecast = models.DecimalField(
        _("årsprognos"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    outcome_previous_year = models.DecimalField(
        _("utfall samma period föregående år"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    comment = models.TextField(_("förklaring"), blank=True, validators=[TextLimit(COMMENT_CHARS)])
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ekonomiskt utfall")
        verbose_name_plural = _("ekonomiska utfall")
        ordering = ["unit", "period", "category__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "category"], name="unique_finance_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period} – {self.category}"


class FollowUpTable(models.Model):
    """A small extra cost table for a period, e.g. costs and lost income due to Covid-19."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="follow_up_tables", verbose_name=_("enhet")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="follow_up_tables", verbose_name=_("period")
    )
    title = models.CharField(_("rubrik"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("uppföljningstabell")
        verbose_name_plural = _("uppföljningstabeller")
        ordering = ["unit", "period", "order"]

    def __str__(self) -> str:
        return self.title


class FollowUpRow(models.Model):
    """A row of a follow-up table: a label and an amount in kr (may be empty)."""

    table = models.ForeignKey(
        FollowUpTable, on_delete=models.CASCADE, related_name="rows", verbose_name=_("tabell")
    )
    label = models.CharField(_("rad"), max_length=200)
    amount = models.DecimalField(
        _("belopp"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rad i uppföljningstabell")
        verbose_name_plural = _("rader i uppföljningstabell")
        ordering = ["table", "order"]

    def __str__(self) -> str:
        return self.label


class MonthlyResult(models.Model):
    """A unit's result and budget accumulated from 1 January to the end of a month
    (resultatutveckling), in kr: what the report's Resultatutveckling chart draws.

    The period tables keep the figures per cost category; this is the month-by-month
    path between them, as the ledger reports it.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="monthly_results", verbose_name=_("enhet")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    month = models.PositiveSmallIntegerField(_("månad"))
    outcome = models.DecimalField(
        _("resultat, ackumulerat"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    budget = models.DecimalField(
        _("budget, ackumulerad"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultat per månad")
        verbose_name_plural = _("resultat per månad")
        ordering = ["unit", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "month"], name="unique_monthly_result"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="monthly_result_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}-{self.month:02d}"
