"""Investments: a category tree per year, frames decided per category and outcomes per period."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.limits import COMMENT_CHARS, TextLimit
from scorecards.models import Period, Unit, Year


class InvestmentCategory(models.Model):
    """A type of investment (investeringstyp), e.g. IT → Datacenter; a two-level tree."""

    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="investment_categories", verbose_name=_("år")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnad typ"),
    )
    slug = models.SlugField(_("kortnamn"))
    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("investeringstyp")
        verbose_name_plural = _("investeringstyper")
        ordering = ["year", "order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "slug"], name="unique_investment_category")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent = self.parent
        if parent is None:
            return
        if parent.parent_id:
            raise ValidationError({"parent": _("Investeringstyper har högst två nivåer.")})
        if parent.year_id != self.year_id:
            raise ValidationError({"parent": _("Överordnad typ hör till ett annat år.")})


class InvestmentFrame(models.Model):
    """The frame a unit has for a category and year (investeringsram), decided by the
    organisation's deciding body (regionstyrelsen, nämnden: ``Organisation.terms``)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="investment_frames", verbose_name=_("enhet")
    )
    category = models.ForeignKey(
        InvestmentCategory, on_delete=models.CASCADE, related_name="frames", verbose_name=_("typ")
    )
    amount = models.DecimalField(_("ram (kr)"), max_digits=16, decimal_places=2)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investeringsram")
        verbose_name_plural = _("investeringsramar")
        constraints = [
            models.UniqueConstraint(fields=["unit", "category"], name="unique_investment_frame")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.category}"


class InvestmentOutcome(models.Model):
    """Investment outcome for a category and period, split by decision cohort, in kr.

    A parent category's figures are the sum of its children's (computed in
    investments.rules); values typed on a parent that has children are refused.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="investment_outcomes", verbose_name=_("enhet")
    )
    period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        related_name="investment_outcomes",
        verbose_name=_("period"),
    )
    category = models.ForeignKey(
        InvestmentCategory,
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name=_("typ"),
    )
    outcome_earlier_decisions = models.DecimalField(
        _("utfall beslut före året"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    outcome_current_decisions = models.DecimalField(
        _("utfall beslut inför/under året"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    forecast = models.DecimalField(
        _("årsprognos"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("kommentar"), blank=True, validators=[TextLimit(COMMENT_CHARS)])
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investeringsutfall")
        verbose_name_plural = _("investeringsutfall")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "category"], name="unique_investment_outcome"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period} – {self.category}"


class YearlyInvestmentOutcome(models.Model):
    """A unit's total investment outcome for a type in an earlier year (utfall per år), in
    kr: the years before the portal's, for the multi-year chart (e.g. IT-investeringar
    2014–2019). The type is named as the year's top-level category is ("IT"), since
    the category tree is kept per year; years with figures in the portal are read from
    their outcomes instead.
    """

    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="yearly_investment_outcomes",
        verbose_name=_("enhet"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    category_name = models.CharField(_("typ av investering"), max_length=200)
    amount = models.DecimalField(_("utfall (kr)"), max_digits=16, decimal_places=2)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investeringsutfall per år")
        verbose_name_plural = _("investeringsutfall per år")
        ordering = ["unit", "category_name", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "category_name"], name="unique_yearly_investment_outcome"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.category_name} {self.year}"
