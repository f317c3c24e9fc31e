"""Narrative sections of a unit's report for a period, stored as Markdown."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.limits import NARRATIVE_CHARS, TextLimit
from scorecards.models import Period, Perspective, Unit


class SectionKind(models.TextChoices):
    SUMMARY = "summary", _("Sammanfattning")
    OUTLOOK = "outlook", _("Förväntad utveckling")
    GOVERNANCE = "governance", _("Styrning och uppföljning")
    PERSPECTIVE = "perspective", _("Analys per perspektiv")
    STAFF = "staff", _("Väsentliga personalförhållanden")
    RESULT = "result", _("Periodens resultat")
    FORECAST = "forecast", _("Årsprognos")
    FORECAST_ASSUMPTIONS = "forecast_assumptions", _("Antaganden för årsprognosen")
    FORECAST_RISKS = "forecast_risks", _("Riskanalys för årsprognosen")
    NET_COST = "net_cost", _("Nettokostnadsutveckling")
    COSTS = "costs", _("Verksamhetens kostnader")
    INVESTMENTS = "investments", _("Investeringar")


class NarrativeSection(models.Model):
    """A narrative text of a unit's report for a period (Sammanfattning, analys, …)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="narratives", verbose_name=_("enhet")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="narratives", verbose_name=_("period")
    )
    kind = models.CharField(_("avsnitt"), max_length=30, choices=SectionKind.choices)
    perspective = models.ForeignKey(
        Perspective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="narratives",
        verbose_name=_("perspektiv"),
    )
    body = models.TextField(
        _("text (Markdown)"), blank=True, validators=[TextLimit(NARRATIVE_CHARS)]
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("text")
        verbose_name_plural = _("texter")
        ordering = ["unit", "period", "kind"]
        constraints = [
            # Two partial constraints instead of nulls_distinct, which SQLite lacks.
            models.UniqueConstraint(
                fields=["unit", "period", "kind"],
                condition=models.Q(perspective__isnull=True),
                name="unique_narrative",
            ),
            models.UniqueConstraint(
                fields=["unit", "period", "kind", "perspective"],
                condition=models.Q(perspective__isnull=False),
                name="unique_narrative_per_perspective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period} – {self.get_kind_display()}"

    def clean(self) -> None:
        if (self.kind == SectionKind.PERSPECTIVE) != (self.perspective_id is not None):
            raise ValidationError(
                {"perspective": _("Analys per perspektiv, och bara den, anger ett perspektiv.")}
            )


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Delårsrapport")
    ANNUAL = "annual", _("Årsrapport")


def default_sections() -> list[str]:
    """The default report's section keys, from the sections the apps contribute.

    The sections themselves are ``reports.sections.ReportSection`` objects listed in each
    app's ``contributions.py`` (``REPORT_SECTIONS``); imported here on call, since the
    sections read the apps' models.
    """
    from reports.sections import default_section_keys

    return default_section_keys()


class ReportTemplate(models.Model):
    """Which sections an organisation's reports of a kind contain, in order (rapportmall)."""

    organisation = models.ForeignKey(
        "scorecards.Organisation",
        on_delete=models.CASCADE,
        related_name="report_templates",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("rapporttyp"), max_length=20, choices=ReportKind.choices)
    sections = models.JSONField(_("avsnitt i ordning"), default=default_sections)

    class Meta:
        verbose_name = _("rapportmall")
        verbose_name_plural = _("rapportmallar")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind"], name="unique_report_template")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_kind_display()}"

    def clean(self) -> None:
        from reports.sections import section_keys

        known = section_keys()
        unknown = [s for s in self.sections if s not in known]
        if unknown:
            raise ValidationError(
                {"sections": _("Okända avsnitt: %(s)s") % {"s": ", ".join(unknown)}}
            )


class ReportEdition(models.Model):
    """A frozen edition of a unit's report (fastställd utgåva): served unchanged forever."""

    unit_period = models.ForeignKey(
        "scorecards.UnitPeriod",
        on_delete=models.PROTECT,
        related_name="editions",
        verbose_name=_("enhetens period"),
    )
    number = models.PositiveIntegerField(_("utgåva"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Every figure of the edition by a stable label, for the diff between editions.
    figures = models.JSONField(_("siffror"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fastställd av"),
    )
    created_at = models.DateTimeField(_("fastställd"), auto_now_add=True)

    class Meta:
        verbose_name = _("fastställd rapport")
        verbose_name_plural = _("fastställda rapporter")
        ordering = ["unit_period", "number"]
        constraints = [
            models.UniqueConstraint(fields=["unit_period", "number"], name="unique_edition_number")
        ]

    def __str__(self) -> str:
        return f"{self.unit_period} – utgåva {self.number}"


class ReportBuild(models.Model):
    """A PDF build requested from the report page, run as a background task (rapportbygge)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        RUNNING = "running", _("Skapas")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    unit_period = models.ForeignKey(
        "scorecards.UnitPeriod",
        on_delete=models.CASCADE,
        related_name="report_builds",
        verbose_name=_("enhetens period"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("beställd av"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    figures = models.JSONField(_("siffror"), default=dict)
    pages = models.PositiveIntegerField(_("sidor"), null=True, blank=True)
    error = models.TextField(_("fel"), blank=True)
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapportbygge")
        verbose_name_plural = _("rapportbyggen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.unit_period} – {self.get_status_display()}"
