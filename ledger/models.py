"""How an organisation's ledger (ekonomisystem) maps onto its units and cost categories.

One mapping per organisation and year (``LedgerMapping``, reached through the year):
account ranges → cost categories with the sign convention (``AccountRange``), and the
objects of one dimension (the cost centre, ansvar) → units (``CostCentre``). A range
without a category is ignored on purpose (balance-sheet accounts), so what no range
covers is listed as unmapped, never dropped silently.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from finance.models import CostCategory
from scorecards.models import Unit, Year

# SIE reserves dimension 1 for the cost centre (kostnadsställe / resultatenhet).
DEFAULT_COST_CENTRE_DIMENSION = 1


class LedgerMapping(models.Model):
    """The year's mapping of the ledger onto units and categories (kontoplan och ansvar)."""

    year = models.OneToOneField(
        Year, on_delete=models.CASCADE, related_name="ledger_mapping", verbose_name=_("år")
    )
    cost_centre_dimension = models.PositiveSmallIntegerField(
        _("dimension för kostnadsställe"),
        default=DEFAULT_COST_CENTRE_DIMENSION,
        help_text=_("Dimensionens nummer i SIE-filen (#DIM); 1 är kostnadsställe."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mappning av ekonomisystem")
        verbose_name_plural = _("mappningar av ekonomisystem")

    def __str__(self) -> str:
        return f"{self.year}"


class Sign(models.TextChoices):
    """How a ledger amount becomes a portal amount (costs negative, income positive)."""

    # The ledger books costs as debit (+) and income as credit (−): the usual case.
    REVERSE = "reverse", _("Byt tecken (debet blir kostnad, kredit intäkt)")
    KEEP = "keep", _("Behåll tecknet")


class AccountRange(models.Model):
    """Accounts first–last (kontointervall) summed into one cost category, or ignored."""

    mapping = models.ForeignKey(
        LedgerMapping, on_delete=models.CASCADE, related_name="ranges", verbose_name=_("mappning")
    )
    first = models.PositiveIntegerField(_("från konto"))
    last = models.PositiveIntegerField(_("till konto"))
    # Empty: the accounts are known and left out on purpose (e.g. balance-sheet accounts).
    category = models.ForeignKey(
        CostCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_ranges",
        verbose_name=_("kostnadskategori"),
    )
    sign = models.CharField(_("tecken"), max_length=10, choices=Sign.choices, default=Sign.REVERSE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontointervall")
        verbose_name_plural = _("kontointervall")
        ordering = ["mapping", "first"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first__lte=models.F("last")), name="account_range_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"

    def clean(self) -> None:
        if self.first is not None and self.last is not None and self.first > self.last:
            raise ValidationError(
                {"last": _("Till konto måste vara minst lika stort som från konto.")}
            )


class CostCentre(models.Model):
    """An object of the cost-centre dimension (ansvar, kostnadsställe) that is a unit's."""

    mapping = models.ForeignKey(
        LedgerMapping,
        on_delete=models.CASCADE,
        related_name="cost_centres",
        verbose_name=_("mappning"),
    )
    code = models.CharField(_("kostnadsställe"), max_length=40)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="cost_centres", verbose_name=_("enhet")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kostnadsställe")
        verbose_name_plural = _("kostnadsställen")
        ordering = ["mapping", "code"]
        constraints = [
            models.UniqueConstraint(fields=["mapping", "code"], name="unique_cost_centre_code")
        ]

    def __str__(self) -> str:
        return self.code


class LedgerUpload(models.Model):
    """A ledger file uploaded on an import page (uppladdad fil från ekonomisystemet).

    Kept between the preview and "Spara": the confirm step reads these bytes again, so
    the figures saved are never a copy the browser sent back. ``expected`` holds the
    figure versions the preview showed and ``digest`` its sums, so a figure or mapping
    changed in between refuses the save. After the save the bytes are dropped and the
    row stays as a record of which file was imported, by whom.
    """

    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="ledger_uploads", verbose_name=_("år")
    )
    period = models.ForeignKey(
        "scorecards.Period",
        on_delete=models.CASCADE,
        related_name="ledger_uploads",
        verbose_name=_("period"),
    )
    # Empty: the organisation's import of every unit at once.
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ledger_uploads",
        verbose_name=_("enhet"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ledger_uploads",
        verbose_name=_("uppladdad av"),
    )
    filename = models.CharField(_("filnamn"), max_length=255)
    content = models.BinaryField(_("innehåll"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    expected = models.JSONField(_("förväntade versioner"), default=dict, blank=True)
    digest = models.CharField(_("summornas kontrollsumma"), max_length=64)
    # What the mapping did not cover at the preview (for the mapping page).
    unmapped = models.JSONField(_("omappade rader"), default=dict, blank=True)
    created = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    saved = models.DateTimeField(_("sparad"), null=True, blank=True)

    class Meta:
        verbose_name = _("uppladdad fil från ekonomisystemet")
        verbose_name_plural = _("uppladdade filer från ekonomisystemet")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.filename
