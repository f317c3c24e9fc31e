"""The allocation rule: spreading a budget line over the member organisations.

Computed, never stored. ``allocate`` is a pure function: exact shares are computed
with fractions, then rounded down to the rounding step, and the steps left over are
handed out by the largest remainder method, so the shares always add up to the line's
amount exactly (to the krona or the hundred kronor) and no share is a whole step or
more away from its exact share.

Tie-breaking, so the same figures always give the same allocation: a left-over step
goes to the member with the larger fractional part (remainder); between equal
remainders, to the member that comes first in the given order (the members' display
order, ``MemberOrganisation.order`` then name).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class AllocationModel(models.TextChoices):
    """How a line is spread (fördelningsmodell)."""

    EQUAL = "equal", _("Lika delar")
    PER_INHABITANT = "per_inhabitant", _("Per invånare")
    HALF_AND_HALF = "half_and_half", _("50 % lika delar, 50 % per invånare")
    # Agreed parts per member (procent eller delar), e.g. a service three members share.
    FIXED_KEY = "fixed_key", _("Fast fördelningsnyckel")
    # Billed to one member only: outside the shared total, shown apart.
    DIRECT = "direct", _("Direkt till en medlem")


class Rounding(models.TextChoices):
    """What each member's share is rounded to (avrundning)."""

    KRONA = "krona", _("Hela kronor")
    HUNDRED = "hundred", _("Hela hundratal kronor")


STEP: dict[str, Decimal] = {Rounding.KRONA: Decimal(1), Rounding.HUNDRED: Decimal(100)}

# Models whose shares depend on the number of inhabitants.
USES_INHABITANTS = frozenset({AllocationModel.PER_INHABITANT, AllocationModel.HALF_AND_HALF})


class AllocationImpossible(ValueError):
    """The line can't be allocated as asked (no members, no inhabitants, odd amount)."""


# Why a line with no weights at all cannot be allocated, per model.
_NO_WEIGHTS: dict[str, Promise] = {
    AllocationModel.PER_INHABITANT: _(
        "Invånarantal saknas, så raden kan inte fördelas per invånare."
    ),
    AllocationModel.HALF_AND_HALF: _(
        "Invånarantal saknas, så raden kan inte fördelas per invånare."
    ),
    AllocationModel.FIXED_KEY: _("Fördelningsnyckeln saknas: ange medlemmarnas andelar."),
    AllocationModel.DIRECT: _("Välj medlemmen som raden faktureras."),
}


def exact_shares(total: Decimal, weights: Sequence[int | Decimal], model: str) -> list[Fraction]:
    """Each member's unrounded share of ``total`` under ``model`` (exact fractions).

    ``weights`` are the members' inhabitants, or for a fixed key their parts (percent or
    any parts: only the proportions count), or for a direct line 1 for the member billed
    and 0 for the others.
    """
    count = len(weights)
    if count == 0:
        raise AllocationImpossible(_("Det finns inga medlemsorganisationer att fördela på."))
    if any(w < 0 for w in weights):
        raise AllocationImpossible(_("Invånarantal och andelar kan inte vara negativa."))
    amount = Fraction(total)
    equal = [amount / count] * count
    if model == AllocationModel.EQUAL:
        return equal
    weight_sum = sum((Fraction(w) for w in weights), Fraction(0))
    if weight_sum == 0:
        raise AllocationImpossible(str(_NO_WEIGHTS.get(model, _NO_WEIGHTS["per_inhabitant"])))
    proportional = [amount * Fraction(w) / weight_sum for w in weights]
    if model in (AllocationModel.FIXED_KEY, AllocationModel.DIRECT):
        return proportional
    by_inhabitants = proportional
    if model == AllocationModel.PER_INHABITANT:
        return by_inhabitants
    if model == AllocationModel.HALF_AND_HALF:
        return [(e + p) / 2 for e, p in zip(equal, by_inhabitants, strict=True)]
    raise ValueError(f"Unknown allocation model {model!r}.")


def allocate(
    total: Decimal, weights: Sequence[int | Decimal], model: str, rounding: str
) -> list[Decimal]:
    """``total`` spread over the members (``weights``: see ``exact_shares``, in order).

    Returns one amount per member, each a whole multiple of the rounding step, adding
    up to ``total`` exactly. ``total`` must be ≥ 0 and a whole multiple of the step.
    Raises ``AllocationImpossible`` (with a Swedish message) when that can't be done.
    """
    step = STEP[rounding]
    if total < 0:
        raise AllocationImpossible(_("Beloppet kan inte vara negativt."))
    units_total = Fraction(total) / Fraction(step)
    if units_total.denominator != 1:
        raise AllocationImpossible(
            _("Beloppet går inte jämnt upp i %(step)s kr, som raden avrundas till.")
            % {"step": step}
        )
    shares = [s / Fraction(step) for s in exact_shares(total, weights, model)]
    floors = [s.numerator // s.denominator for s in shares]
    left_over = int(units_total) - sum(floors)
    # Largest remainder first; equal remainders in the members' order (index).
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in by_remainder[:left_over]:
        floors[i] += 1
    return [Decimal(units) * step for units in floors]


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (None when ``whole`` is 0)."""
    if whole == 0:
        return None
    return Decimal(part) * 100 / Decimal(whole)
