"""Tests for common.numbers, the one Swedish number parser/formatter."""

import os
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Engine
from hypothesis import given
from hypothesis import strategies as st

# gettext needs settings.USE_I18N. When these tests run without portal.settings
# (`DJANGO_SETTINGS_MODULE= pytest -p no:django ...`), give it the minimum; with
# pytest-django and real settings this does nothing.
if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=False)

from common.numbers import (
    MAX_INPUT_LENGTH,
    format_amount,
    format_number,
    format_percent,
    parse_number,
    percent_change,
)
from common.templatetags.sv import (
    sv_mnkr,
    sv_number,
    sv_percent,
    sv_signed_mnkr,
)

NBSP = "\u00a0"
THIN = "\u2009"
NARROW_NBSP = "\u202f"
MINUS = "\u2212"
EN_DASH = "\u2013"


def _nb(text: str) -> str:
    """Expected display text: write it with ordinary spaces, compare with NBSP."""
    return text.replace(" ", NBSP)


def _refusal(text: str, field: str | None = "Utfall") -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_number(text, field=field)
    return info.value


def _message(error: ValidationError) -> str:
    # .messages applies params, exactly as forms/templates will show it.
    return " ".join(error.messages)


# ------------------------------------------------------------------ parse: accepted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4,8", Decimal("4.8")),
        ("−32 533 999", Decimal("-32533999")),
        ("-32 533 999", Decimal("-32533999")),
        ("32533999", Decimal("32533999")),
        ("13 %", Decimal("13")),
        ("0,21%", Decimal("0.21")),
        ("+1,5", Decimal("1.5")),
        ("1 234,56", Decimal("1234.56")),
        ("4.8", Decimal("4.8")),
        ("0", Decimal("0")),
        ("1 000", Decimal("1000")),
        ("12 345 678,9", Decimal("12345678.9")),
    ],
)
def test_parse_accepts_swedish_written_numbers(text: str, expected: Decimal) -> None:
    result = parse_number(text)
    assert result == expected
    assert isinstance(result, Decimal)


def test_parse_accepts_unicode_minus_and_nbsp() -> None:
    assert parse_number(f"{MINUS}32{NBSP}533{NBSP}999") == Decimal("-32533999")


def test_parse_accepts_en_dash_as_minus() -> None:
    assert parse_number(f"{EN_DASH}4,8") == Decimal("-4.8")


@pytest.mark.parametrize("separator", [" ", NBSP, THIN, NARROW_NBSP])
def test_parse_accepts_each_thousands_separator(separator: str) -> None:
    assert parse_number(f"1{separator}234{separator}567,5") == Decimal("1234567.5")


@pytest.mark.parametrize("separator", ["", " ", NBSP, NARROW_NBSP])
def test_parse_strips_trailing_percent_with_or_without_space(separator: str) -> None:
    assert parse_number(f"22,95{separator}%") == Decimal("22.95")


def test_parse_allows_surrounding_whitespace() -> None:
    assert parse_number(f"  \t{NBSP}−4,8 \n") == Decimal("-4.8")


def test_parse_keeps_written_decimals_exactly() -> None:
    assert str(parse_number("4,80")) == "4.80"
    assert str(parse_number("0,1")) == "0.1"


def test_parse_turns_negative_zero_into_zero() -> None:
    result = parse_number("−0,00")
    assert result == 0
    assert not result.is_signed()


# ------------------------------------------------------------------ parse: refused


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("abc", "invalid"),
        ("1,2,3", "several_decimal_separators"),
        ("--1", "misplaced_sign"),
        ("1-", "misplaced_sign"),
        ("- 1", "misplaced_sign"),
        ("1e5", "invalid"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("-inf", "invalid"),
        ("12 kr", "unit"),
        ("−4,8 mnkr", "unit"),
        ("1 23 4", "grouping"),
        ("1 2345", "grouping"),
        ("1234 567", "grouping"),
        ("1  234", "grouping"),
        ("1.234,5", "mixed_separators"),
        ("1.234.567", "several_decimal_separators"),
        ("٣", "non_ascii_digits"),
        ("１２", "non_ascii_digits"),
        ("4,", "invalid"),
        (",5", "invalid"),
        ("%", "invalid"),
        ("13 %%", "invalid"),
        ("1\x002", "invalid"),
        ("0x1F", "invalid"),
    ],
)
def test_parse_refuses_non_numbers_naming_field_and_value(text: str, code: str) -> None:
    error = _refusal(text)
    assert error.code == code
    message = _message(error)
    assert message.startswith("Utfall: ")
    # The user's text is quoted back (control characters replaced, never raw).
    if text.isprintable():
        assert f"”{text}”" in message


def test_parse_refusal_message_matches_house_style() -> None:
    assert _message(_refusal("abc")) == (
        "Utfall: ”abc” är inte ett tal. Skriv till exempel 4,8 eller −32 533 999."
    )


def test_parse_refusal_without_field_has_no_prefix() -> None:
    assert _message(_refusal("abc", field=None)) == (
        "”abc” är inte ett tal. Skriv till exempel 4,8 eller −32 533 999."
    )


@pytest.mark.parametrize("text", ["", "   ", f"{NBSP}\t\n"])
def test_parse_refuses_empty_input(text: str) -> None:
    error = _refusal(text)
    assert error.code == "empty"
    assert "Utfall" in _message(error)


def test_parse_refuses_too_long_input_with_limit_in_message() -> None:
    error = _refusal("1" * 10_000)
    assert error.code == "too_long"
    message = _message(error)
    assert str(MAX_INPUT_LENGTH) in message
    assert len(message) < 200  # the huge input is not echoed back in full


def test_parse_accepts_input_at_length_limit() -> None:
    assert parse_number("1" * MAX_INPUT_LENGTH) == Decimal("1" * MAX_INPUT_LENGTH)


def test_parse_refusal_is_safe_with_percent_signs_in_input_and_field() -> None:
    error = _refusal("%d %s %(x)s", field="Andel %")
    assert _message(error).startswith("Andel %: ”%d %s %(x)s”")


def test_parse_refuses_non_string_input_with_validation_error() -> None:
    with pytest.raises(ValidationError):
        parse_number(None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        parse_number(12)  # type: ignore[arg-type]


# ----------------------------------------------------------------------- formatting


def test_format_number_uses_nbsp_groups_and_unicode_minus() -> None:
    assert format_number(Decimal("-32533999")) == f"{MINUS}32{NBSP}533{NBSP}999"
    assert format_number(-32533999) == _nb("−32 533 999")


def test_format_number_rounds_half_up_to_decimals() -> None:
    assert format_number(Decimal("0.125"), decimals=2) == "0,13"
    assert format_number(Decimal("2.5")) == "3"
    assert format_number(Decimal("-2.5")) == "−3"
    assert format_number(Decimal("1234.5"), decimals=2) == _nb("1 234,50")


def test_format_number_shows_negative_zero_as_zero() -> None:
    assert format_number(Decimal("-0.004"), decimals=2) == "0,00"
    assert format_number(Decimal("-0")) == "0"
    assert format_number(Decimal("-0.4"), signed=True) == "0"


def test_format_number_signed_puts_plus_on_positives() -> None:
    assert format_number(Decimal("1.5"), decimals=1, signed=True) == "+1,5"
    assert format_number(Decimal("-1.5"), decimals=1, signed=True) == "−1,5"


def test_format_number_none_is_blank() -> None:
    assert format_number(None) == ""
    assert format_percent(None) == ""
    assert format_amount(None, scale="mnkr") == ""


def test_format_number_float_uses_shortest_repr() -> None:
    assert format_number(0.1, decimals=20) == "0,10000000000000000000"


def test_format_number_handles_more_digits_than_default_decimal_precision() -> None:
    big = Decimal("1" * 40)
    assert format_number(big, decimals=4).replace(NBSP, "").endswith("1111,0000")


def test_format_number_rejects_non_finite_and_non_numbers() -> None:
    with pytest.raises(ValueError):
        format_number(Decimal("NaN"))
    with pytest.raises(ValueError):
        format_number(float("inf"))
    with pytest.raises(TypeError):
        format_number("12")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        format_number(1, decimals=-1)


def test_format_percent_has_nbsp_before_percent_sign() -> None:
    assert format_percent(Decimal("22.9455")) == f"22,95{NBSP}%"
    assert format_percent(Decimal("0.2118"), signed=True) == _nb("+0,21 %")


def test_format_amount_mnkr_defaults_to_one_decimal() -> None:
    assert format_amount(Decimal("-4812345"), scale="mnkr") == f"{MINUS}4,8{NBSP}mnkr"
    assert format_amount(Decimal("1450000"), scale="mnkr", signed=True) == _nb("+1,5 mnkr")


def test_format_amount_tkr_and_kr_default_to_whole_numbers() -> None:
    assert format_amount(Decimal("-32533999"), scale="tkr") == _nb("−32 534 tkr")
    assert format_amount(Decimal("-32533999")) == _nb("−32 533 999 kr")
    assert format_amount(Decimal("-32533999"), scale="tkr", with_unit=False) == _nb("−32 534")
    assert format_amount(Decimal("-32533999"), scale="mnkr", decimals=2) == _nb("−32,53 mnkr")


def test_format_amount_rejects_unknown_scale() -> None:
    with pytest.raises(ValueError):
        format_amount(1, scale="mdkr")  # type: ignore[arg-type]


# ------------------------------------------------------------------- percent change


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (Decimal("-32533999"), Decimal("-32465224"), _nb("0,21 %")),
        (Decimal("-32120055"), Decimal("-26125442"), _nb("22,95 %")),
        (Decimal("-6077282"), Decimal("-5306925"), _nb("14,52 %")),
        (Decimal("110"), Decimal("100"), _nb("10,00 %")),
        (Decimal("-90"), Decimal("-100"), _nb("−10,00 %")),
    ],
)
def test_percent_change_divides_by_signed_previous(
    current: Decimal, previous: Decimal, expected: str
) -> None:
    assert format_percent(percent_change(current, previous)) == expected


def test_percent_change_is_none_without_previous() -> None:
    assert percent_change(Decimal("5"), Decimal("0")) is None
    assert percent_change(Decimal("5"), None) is None
    assert percent_change(None, Decimal("5")) is None


# -------------------------------------------------------------------- template tags


def test_template_filters_delegate_to_numbers() -> None:
    assert sv_number(Decimal("-32533999")) == _nb("−32 533 999")
    assert sv_number(Decimal("4.75"), 1) == "4,8"
    assert sv_percent(Decimal("22.9455")) == _nb("22,95 %")
    assert sv_percent(Decimal("22.9455"), "1") == _nb("22,9 %")
    assert sv_mnkr(Decimal("-4812345")) == _nb("−4,8 mnkr")
    assert sv_signed_mnkr(Decimal("1450000")) == _nb("+1,5 mnkr")
    assert sv_mnkr(None) == ""


# ------------------------------------------------------------------------ properties

_places = st.integers(min_value=0, max_value=4)


@st.composite
def _decimals_with_places(draw: st.DrawFn) -> tuple[Decimal, int]:
    places = draw(_places)
    value = draw(
        st.decimals(
            min_value=Decimal(-(10**18)),
            max_value=Decimal(10**18),
            places=places,
            allow_nan=False,
            allow_infinity=False,
        )
    )
    return value, draw(_places)


def _quantized(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@given(_decimals_with_places(), st.booleans())
def test_format_number_round_trips_through_parse(case: tuple[Decimal, int], signed: bool) -> None:
    value, decimals = case
    text = format_number(value, decimals=decimals, signed=signed)
    assert parse_number(text) == _quantized(value, decimals)


@given(_decimals_with_places(), st.booleans())
def test_format_percent_round_trips_through_parse(case: tuple[Decimal, int], signed: bool) -> None:
    value, decimals = case
    text = format_percent(value, decimals=decimals, signed=signed)
    assert parse_number(text) == _quantized(value, decimals)


def _parse_or_refuse(text: str) -> None:
    try:
        result = parse_number(text, field="Fält")
    except ValidationError as error:
        assert _message(error).startswith("Fält: ")
    else:
        assert isinstance(result, Decimal)
        assert result.is_finite()


@given(st.text())
def test_parse_never_raises_anything_but_validation_error(text: str) -> None:
    _parse_or_refuse(text)


# Dense alphabet of the characters the parser actually cares about, so hypothesis
# explores near-miss numbers rather than mostly random unicode.
_NUMBERISH = st.text(
    alphabet=st.sampled_from([*"0123456789 ,.-+%e٣", MINUS, EN_DASH, NBSP, THIN]),
    max_size=50,
)


@given(_NUMBERISH)
def test_parse_never_raises_anything_but_validation_error_on_numberish_text(text: str) -> None:
    _parse_or_refuse(text)


def test_template_filters_render_through_load_sv() -> None:
    engine = Engine(libraries={"sv": "common.templatetags.sv"})
    template = engine.from_string(
        "{% load sv %}{{ a|sv_number }}|{{ p|sv_percent:1 }}|{{ a|sv_mnkr }}|{{ d|sv_signed_mnkr }}"
    )
    rendered = template.render(
        Context({"a": Decimal("-32533999"), "p": Decimal("22.9455"), "d": Decimal("1450000")})
    )
    assert rendered == _nb("−32 533 999|22,9 %|−32,5 mnkr|+1,5 mnkr")
