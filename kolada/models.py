"""Kolada (RKA's open database of key figures): which KPI a measure follows, the
organisation's Kolada id and peer group, and the values fetched for them.

The links live here, not on the core's models: a measure is named by its stable key
(the same across years and rollovers), so a KPI named once holds for every year.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from scorecards.models import Organisation

# Kolada ids: "0025" (Region Norrbotten), "2580" (Luleå); KPIs "N00090", "U00405".
AREA_ID = RegexValidator(r"^\d{4}$", _("Ett Kolada-id för kommun eller region är fyra siffror."))
KPI_ID = RegexValidator(r"^[A-Z]\d{5}$", _("Ett nyckeltal i Kolada skrivs som N00090."))


class KoladaProfile(models.Model):
    """The organisation in Kolada: its own id and its peer group (jämförelsegrupp)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="kolada",
        verbose_name=_("organisation"),
    )
    area_id = models.CharField(_("Kolada-id"), max_length=4, validators=[AREA_ID])
    peer_group_name = models.CharField(_("jämförelsegruppens namn"), max_length=200)
    peer_ids = models.JSONField(
        _("jämförelsegruppens Kolada-id"), default=list, help_text=_('T.ex. ["0024", "0023"].')
    )

    class Meta:
        verbose_name = _("Kolada-inställning")
        verbose_name_plural = _("Kolada-inställningar")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.area_id})"

    @property
    def area_ids(self) -> list[str]:
        """The own id first, then the peers (no duplicates)."""
        return list(dict.fromkeys([self.area_id, *self.peer_ids]))


class KpiLink(models.Model):
    """A measure (by its key) compared with a Kolada key figure (nyckeltal)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="kolada_kpis",
        verbose_name=_("organisation"),
    )
    measure_key = models.SlugField(_("styrmåttets nyckel"), max_length=80)
    kpi = models.CharField(_("nyckeltal i Kolada"), max_length=6, validators=[KPI_ID])
    kpi_title = models.CharField(_("nyckeltalets namn"), max_length=300, blank=True)
    # Kolada's key figures carry no direction; sick leave and turnover are better low.
    lower_is_better = models.BooleanField(_("lägre är bättre"), default=True)

    class Meta:
        verbose_name = _("Kolada-nyckeltal för styrmått")
        verbose_name_plural = _("Kolada-nyckeltal för styrmått")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "measure_key"], name="unique_kolada_kpi_per_measure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_key} → {self.kpi}"


class KoladaValue(models.Model):
    """A value fetched from Kolada: a key figure of a municipality or region in a year."""

    kpi = models.CharField(_("nyckeltal"), max_length=6, validators=[KPI_ID])
    area_id = models.CharField(_("Kolada-id"), max_length=4, validators=[AREA_ID])
    year = models.PositiveSmallIntegerField(_("år"))
    # T (totalt), K (kvinnor), M (män): the comparison uses T.
    gender = models.CharField(_("kön"), max_length=1, default="T")
    value = models.DecimalField(_("värde"), max_digits=18, decimal_places=4, null=True)
    fetched_at = models.DateTimeField(_("hämtat"), auto_now=True)

    class Meta:
        verbose_name = _("Kolada-värde")
        verbose_name_plural = _("Kolada-värden")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "area_id", "year", "gender"], name="unique_kolada_value"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.area_id} {self.year}: {self.value}"
