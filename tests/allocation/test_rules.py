"""The allocation rule: largest remainder, totals exact, shares within one step."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from allocation.rules import (
    STEP,
    AllocationImpossible,
    AllocationModel,
    Rounding,
    allocate,
    exact_shares,
)

MODELS = list(AllocationModel.values)
ROUNDINGS = list(Rounding.values)

weights_st = st.lists(st.integers(min_value=0, max_value=500_000), min_size=1, max_size=30)


@given(
    units=st.integers(min_value=0, max_value=10**10),
    weights=weights_st,
    model=st.sampled_from(MODELS),
    rounding=st.sampled_from(ROUNDINGS),
)
def test_shares_add_up_exactly_and_stay_within_one_step(
    units: int, weights: list[int], model: str, rounding: str
) -> None:
    if model != AllocationModel.EQUAL:
        assume(sum(weights) > 0)
    step = STEP[rounding]
    total = units * step
    shares = allocate(total, weights, model, rounding)
    exact = exact_shares(total, weights, model)

    assert sum(shares) == total
    assert len(shares) == len(weights)
    for share, wanted in zip(shares, exact, strict=True):
        assert share % step == 0
        assert share >= 0
        assert abs(Fraction(share) - wanted) < Fraction(step)


@given(
    per_member=st.integers(min_value=0, max_value=10**7),
    count=st.integers(min_value=1, max_value=40),
    rounding=st.sampled_from(ROUNDINGS),
    weights_seed=st.randoms(use_true_random=False),
)
def test_equal_model_gives_equal_shares_when_divisible(
    per_member: int, count: int, rounding: str, weights_seed: object
) -> None:
    step = STEP[rounding]
    total = per_member * step * count
    weights = [weights_seed.randint(0, 10_000) for _ in range(count)]  # type: ignore[attr-defined]
    shares = allocate(total, weights, AllocationModel.EQUAL, rounding)
    assert set(shares) == {per_member * step}


@given(
    units=st.integers(min_value=0, max_value=10**9),
    count=st.integers(min_value=1, max_value=40),
    rounding=st.sampled_from(ROUNDINGS),
)
def test_equal_model_differs_by_at_most_one_step(units: int, count: int, rounding: str) -> None:
    step = STEP[rounding]
    shares = allocate(units * step, [1] * count, AllocationModel.EQUAL, rounding)
    assert max(shares) - min(shares) <= step
    # The extra steps go to the first members (equal remainders: order decides).
    assert shares == sorted(shares, reverse=True)


@given(
    units=st.integers(min_value=0, max_value=10**9),
    weights=weights_st,
    model=st.sampled_from(MODELS),
    rounding=st.sampled_from(ROUNDINGS),
)
def test_the_same_input_gives_the_same_allocation(
    units: int, weights: list[int], model: str, rounding: str
) -> None:
    if model != AllocationModel.EQUAL:
        assume(sum(weights) > 0)
    total = units * STEP[rounding]
    assert allocate(total, weights, model, rounding) == allocate(total, weights, model, rounding)


def test_1_127_000_over_14_members_is_80_500_each() -> None:
    for rounding in ROUNDINGS:
        shares = allocate(Decimal("1127000"), [1] * 14, AllocationModel.EQUAL, rounding)
        assert shares == [Decimal("80500")] * 14


def test_per_inhabitant_example_checked_by_hand() -> None:
    """1 000 kr over 1, 2 and 4 inhabitants: exactly 142,857…, 285,714… and 571,428….

    Rounded down: 142 + 285 + 571 = 998; the 2 kr left go to the two largest
    remainders (0,857 and 0,714): 143, 286, 571.
    """
    assert allocate(Decimal(1000), [1, 2, 4], AllocationModel.PER_INHABITANT, Rounding.KRONA) == [
        Decimal(143),
        Decimal(286),
        Decimal(571),
    ]


def test_per_inhabitant_to_hundreds_checked_by_hand() -> None:
    """10 000 kr over 1, 2, 4 in hundreds: 14,29 / 28,57 / 57,14 hundreds; rounded down
    14 + 28 + 57 = 99, and the hundred left goes to the largest remainder (0,57)."""
    shares = allocate(Decimal(10000), [1, 2, 4], AllocationModel.PER_INHABITANT, Rounding.HUNDRED)
    assert shares == [Decimal(1400), Decimal(2900), Decimal(5700)]


def test_half_and_half_checked_by_hand() -> None:
    """1 000 kr over 1 and 3 inhabitants: (500 + 250) / 2 and (500 + 750) / 2."""
    shares = allocate(Decimal(1000), [1, 3], AllocationModel.HALF_AND_HALF, Rounding.KRONA)
    assert shares == [Decimal(375), Decimal(625)]


def test_equal_remainders_go_to_the_first_members_in_order() -> None:
    assert allocate(Decimal(100), [1, 1, 1], AllocationModel.EQUAL, Rounding.KRONA) == [
        Decimal(34),
        Decimal(33),
        Decimal(33),
    ]


@pytest.mark.parametrize(
    ("total", "weights", "model", "rounding"),
    [
        (Decimal(1000), [], AllocationModel.EQUAL, Rounding.KRONA),  # no members
        (Decimal(1000), [0, 0], AllocationModel.PER_INHABITANT, Rounding.KRONA),  # no inhabitants
        (Decimal(1000), [0, 0], AllocationModel.HALF_AND_HALF, Rounding.KRONA),
        (Decimal(1050), [1, 2], AllocationModel.EQUAL, Rounding.HUNDRED),  # not whole hundreds
        (Decimal("10.50"), [1, 2], AllocationModel.EQUAL, Rounding.KRONA),  # öre
        (Decimal(-100), [1, 2], AllocationModel.EQUAL, Rounding.KRONA),  # negative
        (Decimal(100), [1, -2], AllocationModel.PER_INHABITANT, Rounding.KRONA),
    ],
)
def test_impossible_allocations_are_refused_with_a_swedish_message(
    total: Decimal, weights: list[int], model: str, rounding: str
) -> None:
    with pytest.raises(AllocationImpossible) as raised:
        allocate(total, weights, model, rounding)
    assert str(raised.value)
    assert any(word in str(raised.value) for word in ("medlems", "Invånar", "Belopp", "negativt"))
