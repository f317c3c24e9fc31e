"""Member organisations of a joint committee, their inhabitants and the budget lines
spread over them. The allocation itself is computed (``allocation.rules``), never stored.
"""

from __future__ import annotations

from decimal import Decimal

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
    # A fixed key (model "fixed_key"): each member's parts by member id, as written
    # ("50", "12,5"); only the proportions count. Kept on the line so its history holds it.
    keys = models.JSONField(_("fördelningsnyckel"), default=dict, blank=True)
    # The member a direct line (model "direct") is billed to, outside the shared total.
    member = models.ForeignKey(
        MemberOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="direct_lines",
        verbose_name=_("faktureras"),
    )

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

    def key_parts(self) -> dict[int, Decimal]:
        """The fixed key as numbers, by member id (a member without parts: none)."""
        return {int(pk): Decimal(str(parts)) for pk, parts in (self.keys or {}).items()}

    def clean(self) -> None:
        if self.model == AllocationModel.DIRECT and self.member_id is None:
            raise ValidationError({"member": _("Välj medlemmen som raden faktureras.")})
        if self.model != AllocationModel.DIRECT and self.member_id is not None:
            raise ValidationError({"member": _("Bara en rad direkt till en medlem anger medlem.")})
        member = self.member if self.member_id else None
        if member is not None and member.organisation_id != self.year.organisation_id:
            raise ValidationError({"member": _("Medlemmen hör till en annan organisation.")})
        if self.model == AllocationModel.FIXED_KEY:
            parts = self.key_parts().values()
            if any(p < 0 for p in parts) or not any(p > 0 for p in parts):
                raise ValidationError(
                    {"keys": _("Ange minst en medlems andel; ingen andel får vara negativ.")}
                )
        if self.amount is None or self.rounding not in STEP:
            return
        if self.amount < 0:
            raise ValidationError({"amount": _("Belopp: får inte vara negativt.")})
        if self.amount % STEP[self.rounding]:
            message = _("Belopp: måste gå jämnt upp i %(step)s kr när raden avrundas till %(to)s.")
            values = {"step": STEP[self.rounding], "to": self.get_rounding_display().lower()}
            raise ValidationError({"amount": message % values})
