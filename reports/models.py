"""Narrative sections of a unit's report for a period, stored as Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.limits import NARRATIVE_CHARS, TextLimit
from common.numbers import AmountFormat
from scorecards.models import Period, Perspective, Unit
from scorecards.terms import AMOUNT_SCALES


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


# The cover and footer fields a template may print, in their order (reports.builder).
COVER_FIELDS: list[tuple[str, Promise]] = [
    ("unit", _("Gäller för")),
    ("document_id", _("Dokument-ID")),
    ("version", _("Version")),
    ("published_on", _("Publiceringsdatum")),
    ("owner", _("Ansvarig")),
    ("prepared_by", _("Upprättad av")),
]


def default_cover_fields() -> list[str]:
    return [key for key, _label in COVER_FIELDS]


# The placeholders a title pattern may use: {rapport} {år} {period} {enhet} {organisation}.
TITLE_PLACEHOLDERS = ("rapport", "år", "period", "enhet", "organisation")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


def fill_title(pattern: str, values: dict[str, str]) -> str:
    """The title from its pattern: "{rapport} {år}, {period}" -> "Delårsrapport 2023, januari–maj".

    A plain substitution, not ``str.format``: the pattern is typed by a user.
    """
    return _PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), pattern).strip()


@dataclass(frozen=True)
class SectionSpec:
    """One section as a report template chooses it: which, its heading and options."""

    key: str
    # Blank: the section's own title.
    heading: str = ""
    # A mandatory section without data says "Inga uppgifter för perioden" once.
    mandatory: bool = False
    options: dict[str, bool] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "heading": self.heading,
            "mandatory": self.mandatory,
            "options": self.options,
        }

    @classmethod
    def of(cls, entry: str | dict[str, Any]) -> SectionSpec:
        """A stored entry: a bare key (the default heading and options) or a dict."""
        if isinstance(entry, str):
            return cls(key=entry)
        return cls(
            key=str(entry.get("key", "")),
            heading=str(entry.get("heading", "")),
            mandatory=bool(entry.get("mandatory", False)),
            options={str(k): bool(v) for k, v in dict(entry.get("options") or {}).items()},
        )


class ReportTemplate(models.Model):
    """An organisation's report of a kind: its sections in order, title, cover and amounts.

    Edited in the portal (Inställningar → Rapportmallar). A template applies to the
    organisation's periods of its kind; one with an end month (a named kind such as
    "Uppföljning per maj") applies to the periods ending that month and goes before
    the kind's general template. A frozen edition keeps its PDF whatever the template
    becomes.
    """

    organisation = models.ForeignKey(
        "scorecards.Organisation",
        on_delete=models.CASCADE,
        related_name="report_templates",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("rapporttyp"), max_length=20, choices=ReportKind.choices)
    name = models.CharField(_("namn"), max_length=100, blank=True)
    end_month = models.PositiveSmallIntegerField(
        _("gäller perioder som slutar i månad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    title_pattern = models.CharField(
        _("rubrik"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. {rapport} {år}, {period}. Tomt: rapporttypens standardrubrik."),
    )
    sections = models.JSONField(_("avsnitt i ordning"), default=default_sections)
    cover_fields = models.JSONField(_("uppgifter på försättsbladet"), default=default_cover_fields)
    # Blank: the organisation's amount unit.
    amount_scale = models.CharField(
        _("beloppsenhet"), max_length=4, choices=AMOUNT_SCALES, blank=True
    )
    amount_decimals = models.PositiveSmallIntegerField(
        _("decimaler i belopp"), null=True, blank=True, validators=[MaxValueValidator(2)]
    )

    class Meta:
        verbose_name = _("rapportmall")
        verbose_name_plural = _("rapportmallar")
        ordering = ["organisation", "kind", "end_month"]
        constraints = [
            # Two partial constraints instead of nulls_distinct, which SQLite lacks.
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=models.Q(end_month__isnull=True),
                name="unique_report_template",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "end_month"],
                condition=models.Q(end_month__isnull=False),
                name="unique_report_template_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.name or str(self.get_kind_display())

    def specs(self) -> list[SectionSpec]:
        return [SectionSpec.of(entry) for entry in self.sections]

    def amounts(self, organisation_amounts: AmountFormat) -> AmountFormat:
        """The template's amount unit, or the organisation's when it names none."""
        if not self.amount_scale:
            return organisation_amounts
        return AmountFormat(self.amount_scale, self.amount_decimals)  # type: ignore[arg-type]

    def clean(self) -> None:
        from reports.sections import section_keys

        errors: dict[str, str | Promise] = {}
        if not isinstance(self.sections, list):
            errors["sections"] = _("Avsnitten ska vara en lista.")
        else:
            keys = [spec.key for spec in self.specs()]
            unknown = [k for k in keys if k not in section_keys()]
            if unknown:
                errors["sections"] = _("Okända avsnitt: %(s)s") % {"s": ", ".join(unknown)}
            elif len(set(keys)) != len(keys):
                errors["sections"] = _("Ett avsnitt kan bara finnas med en gång.")
        unknown_fields = set(self.cover_fields or []) - set(default_cover_fields())
        if unknown_fields:
            errors["cover_fields"] = _("Okända uppgifter: %(f)s") % {
                "f": ", ".join(sorted(unknown_fields))
            }
        unknown_placeholders = set(_PLACEHOLDER_RE.findall(self.title_pattern)) - set(
            TITLE_PLACEHOLDERS
        )
        if unknown_placeholders:
            errors["title_pattern"] = _(
                "Okänd platshållare %(p)s. Använd {rapport}, {år}, {period}, {enhet} "
                "eller {organisation}."
            ) % {"p": ", ".join("{" + p + "}" for p in sorted(unknown_placeholders))}
        if self.kind == ReportKind.ANNUAL and self.end_month not in (None, 12):
            errors["end_month"] = _("En årsrapport gäller helåret (december).")
        if errors:
            raise ValidationError(errors)


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
