"""Derived values of internal control: the risk score and its level, never stored.

risk score (riskvärde) = probability (sannolikhet, 1–4) × consequence (konsekvens, 1–4),
so 1–16. The level bands follow the usual four-by-four matrix of Swedish internal
control plans: 1–3 low, 4–8 medium, 9–16 high.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE = (1, 2, 3, 4)  # both axes of the matrix
MEDIUM_FROM = 4
HIGH_FROM = 9


class Level(models.TextChoices):
    """How serious a risk is, told in words (the colour only adds to the word)."""

    LOW = "low", _("Låg")
    MEDIUM = "medium", _("Medel")
    HIGH = "high", _("Hög")


def risk_score(probability: int, consequence: int) -> int:
    """Riskvärde: sannolikhet × konsekvens (3 × 4 = 12).

    Only stored risks (choices and check constraints keep both in 1–4) and the matrix's
    own scale reach this, so a value outside the scale is a programming error, not input.
    """
    if probability not in SCALE or consequence not in SCALE:
        raise ValueError(
            f"Probability and consequence are 1–4, got {probability} and {consequence}."
        )
    return probability * consequence


def risk_level(score: int) -> Level:
    """1–3 låg, 4–8 medel, 9–16 hög."""
    if score >= HIGH_FROM:
        return Level.HIGH
    if score >= MEDIUM_FROM:
        return Level.MEDIUM
    return Level.LOW
