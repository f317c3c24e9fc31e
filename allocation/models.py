"""Member organisations of a joint committee, their inhabitants and the budget lines
spread over them. The allocation itself is computed (``allocation.rules``), never stored.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from allocation.rules import STEP, AllocationModel, Rounding
from scorecards.models import Organisation, Year


class MemberOrganisation(models.Model):
    """A municipality or region that is a member of a joint committee (medlemskommun)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="member_organisations",
        verbose_name=_("gemensam nämnd"),
    )
    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemsorganisation")
        verbose_name_plural = _("medlemsorganisationer")
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_member_name")
        ]

    def __str__(self) -> str:
        return self.name


class Inhabitants(models.Model):
    """A member organisation's number of inhabitants in a year (invånarantal)."""

    member = models.ForeignKey(
        MemberOrganisation,
        on_delete=models.CASCADE,
        related_name="inhabitants",
        verbose_name=_("medlemsorganisation"),
    )
    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="inhabitants", verbose_name=_("år")
    )
    count = models.PositiveIntegerField(_("invånare"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invånarantal")
        verbose_name_plural = _("invånarantal")
        ordering = ["year", "member"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="unique_inhabitants_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year.year}: {self.count}"

    def clean(self) -> None:
        if (
            self.member_id
            and self.year_id
            and self.member.organisation_id != self.year.organisation_id
        ):
            raise ValidationError(_("Året hör till en annan organisation än medlemmen."))


class BudgetLine(models.Model):
    """A line of the joint committee's budget to spread over the members (budgetrad)."""

    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("år")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    # In kr, like finance's amounts; a whole multiple of the rounding step.
    amount = models.DecimalField(_("belopp"), max_digits=16, decimal_places=2)
    model = models.CharField(_("fördelningsmodell"), max_length=20, choices=AllocationModel.choices)
    rounding = models.CharField(
        _("avrundning"), max_length=10, choices=Rounding.choices, default=Rounding.KRONA
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        ordering = ["year", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "title"], name="unique_budget_line_title"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="budget_line_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.amount is None or self.rounding not in STEP:
            return
        if self.amount < 0:
            raise ValidationError({"amount": _("Belopp: får inte vara negativt.")})
        if self.amount % STEP[self.rounding]:
            message = _("Belopp: måste gå jämnt upp i %(step)s kr när raden avrundas till %(to)s.")
            values = {"step": STEP[self.rounding], "to": self.get_rounding_display().lower()}
            raise ValidationError({"amount": message % values})
