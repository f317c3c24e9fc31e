"""The organisation's own words and amount unit, with defaults per kind of organisation.

A region, a kommun, a joint committee (gemensam nämnd) and a company name their levels
and bodies differently; pages and reports ask ``Organisation.terms`` and
``Organisation.amounts`` instead of fixing one customer's wording in a template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.numbers import AmountFormat

# The units amounts can be shown in (common.numbers.AmountScale).
AMOUNT_SCALES = [("kr", "kr"), ("tkr", "tkr"), ("mnkr", "mnkr")]


class OrganisationKind(models.TextChoices):
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Kommun")
    JOINT_COMMITTEE = "joint_committee", _("Gemensam nämnd")
    COMPANY = "company", _("Bolag")


@dataclass(frozen=True)
class Terms:
    """What the organisation calls its goals, bodies and units (in the reports and pages)."""

    # The goals set at the top (strategic goals): "Regionens strategiska mål".
    organisation_goals: str
    # A reporting unit's own goals: "Divisionens mål", "Verksamhetens mål".
    unit_goals: str
    # The body that decides frames and budgets, as written mid-sentence: "regionstyrelsen".
    deciding_body: str
    # What a reporting unit is called, lower case: "division", "förvaltning".
    unit: str

    def goals_of(self, *, is_top_unit: bool) -> str:
        """The heading of a unit's goals: the organisation's own unit has the top goals."""
        return self.organisation_goals if is_top_unit else self.unit_goals


# Lazy, so each request reads them in its own language.
DEFAULT_TERMS: dict[str, dict[str, Promise]] = {
    OrganisationKind.REGION: {
        "organisation_goals": _("Regionens strategiska mål"),
        "unit_goals": _("Divisionens mål"),
        "deciding_body": _("regionstyrelsen"),
        "unit": pgettext_lazy("unit kind", "division"),
    },
    OrganisationKind.MUNICIPALITY: {
        "organisation_goals": _("Kommunfullmäktiges mål"),
        "unit_goals": _("Nämndens mål"),
        "deciding_body": _("kommunstyrelsen"),
        "unit": pgettext_lazy("unit kind", "förvaltning"),
    },
    OrganisationKind.JOINT_COMMITTEE: {
        "organisation_goals": _("Nämndens mål"),
        "unit_goals": _("Verksamhetens mål"),
        "deciding_body": _("nämnden"),
        "unit": pgettext_lazy("unit kind", "verksamhet"),
    },
    OrganisationKind.COMPANY: {
        "organisation_goals": _("Bolagets mål"),
        "unit_goals": _("Verksamhetens mål"),
        "deciding_body": _("styrelsen"),
        "unit": pgettext_lazy("unit kind", "avdelning"),
    },
}

# A region reports in mnkr with one decimal; a joint committee's budget of a few
# million is read in kr.
DEFAULT_AMOUNTS: dict[str, AmountFormat] = {
    OrganisationKind.REGION: AmountFormat("mnkr", 1),
    OrganisationKind.MUNICIPALITY: AmountFormat("mnkr", 1),
    OrganisationKind.JOINT_COMMITTEE: AmountFormat("kr", 0),
    OrganisationKind.COMPANY: AmountFormat("tkr", 0),
}


def terms_for(kind: str, **chosen: str) -> Terms:
    """The kind's default words with the organisation's own choices (blank: the default)."""
    defaults = {name: str(word) for name, word in DEFAULT_TERMS[kind].items()}
    return Terms(**(defaults | {k: v for k, v in chosen.items() if v}))


def amounts_for(kind: str, *, scale: str = "", decimals: int | None = None) -> AmountFormat:
    """The kind's default amount unit, or the organisation's choice."""
    default = DEFAULT_AMOUNTS[kind]
    if not scale:
        return default
    return AmountFormat(scale, decimals)  # type: ignore[arg-type]
