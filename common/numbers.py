"""The project's one Swedish number parser and formatter.

Every place that reads or shows a number (forms, Excel import, PDF, templates) goes
through this module so that "−32 533 999", "4,8" and "22,95 %" mean and look the same
everywhere.

Conventions (Swedish typography, as in the seed reports):

* decimal comma: ``4,8``
* thousands grouped in threes, separated by a no-break space: ``32 533 999``
* negative numbers with the real minus sign U+2212: ``−32 533 999``
* a no-break space before units and the percent sign: ``22,95 %``, ``−4,8 mnkr``

Amounts are stored exactly in kronor (``Decimal``); scaling to tkr/mnkr only happens
when displaying.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Literal, NoReturn

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

__all__ = [
    "MAX_INPUT_LENGTH",
    "format_amount",
    "format_number",
    "format_percent",
    "parse_number",
    "percent_change",
]

# Longest input (after stripping surrounding whitespace) that parse_number will look
# at. Real numbers in this domain are far shorter ("−1 234 567 890,1234 %" is 20
# characters); the cap keeps pasted junk and huge strings out of the regex and out of
# error messages.
MAX_INPUT_LENGTH = 40

NBSP = "\u00a0"
MINUS = "\u2212"

# Characters accepted as thousands separators: space, no-break space, thin space and
# narrow no-break space. Word, Excel and our own format_number produce different ones.
_GROUP_SEPARATORS = " \u00a0\u2009\u202f"
# Characters accepted as a leading minus: hyphen-minus, the real minus sign and the en
# dash (Word "autocorrects" a typed hyphen into an en dash).
_MINUS_SIGNS = "-\u2212\u2013"
_SIGNS = "+" + _MINUS_SIGNS

_SEP = "[ \\u00a0\\u2009\\u202f]"
# [0-9] rather than \d: \d also matches other scripts' digits ("٣"), which we refuse.
_NUMBER_RE = re.compile(
    "(?P<sign>[+\\-\\u2212\\u2013])?"
    # Either plain digits, or a first group of 1-3 digits followed by groups of
    # exactly three, each preceded by one separator character.
    f"(?P<integer>[0-9]+|[0-9]{{1,3}}(?:{_SEP}[0-9]{{3}})+)"
    # Comma is the Swedish decimal separator; a dot is accepted too (Excel/CSV exports
    # written with an English locale). Only one of them can occur since the group
    # matches a single character and no other dot or comma is allowed anywhere.
    "(?:(?P<separator>[.,])(?P<fraction>[0-9]+))?"
    # Optional trailing percent sign, with at most one space-like character before it.
    f"(?:{_SEP}?%)?"
)

# "12 kr", "−4,8 mnkr": a number followed by a unit written as letters.
_NUMBER_WITH_UNIT_RE = re.compile(
    f"[+\\-\\u2212\\u2013]?[0-9][0-9.,{_GROUP_SEPARATORS}]*{_SEP}*[^\\W\\d_]+\\.?"
)

_EXAMPLE = "4,8 eller −32 533 999"

# Context for percent_change: explicit so the result does not depend on whatever
# decimal context the caller happens to have set.
_CALC_CONTEXT = Context(prec=34, rounding=ROUND_HALF_UP)

Number = Decimal | int | float
AmountScale = Literal["kr", "tkr", "mnkr"]

# Scale -> (power of ten to divide by, default number of decimals).
_SCALES: dict[str, tuple[int, int]] = {
    "kr": (0, 0),
    "tkr": (3, 0),
    "mnkr": (6, 1),
}


# --------------------------------------------------------------------------- parsing


def parse_number(text: str, *, field: str | None = None) -> Decimal:
    """Parse a number written the Swedish way and return it exactly as a Decimal.

    Accepted: ``"4,8"``, ``"−32 533 999"``, ``"-32 533 999"``, ``"32533999"``,
    ``"13 %"``, ``"0,21%"``, ``"+1,5"``, ``"1 234,56"``, and ``"4.8"`` (dot decimal
    from Excel exports, only when there is no comma).

    * Thousands separators (space, NBSP, thin space, narrow NBSP) must split the
      integer part into groups of exactly three digits after the first group.
    * The sign may be ``+``, ``-``, U+2212 minus or U+2013 en dash, only first.
    * A trailing ``%`` is stripped; the number is returned as written
      (``"13 %"`` -> ``Decimal("13")``, not 0.13).
    * Only ASCII digits 0-9 are accepted.

    Anything else raises ``ValidationError`` with a Swedish message that names the
    problem and, when ``field`` is given, the field. Nothing but ``ValidationError``
    is ever raised, whatever string comes in.
    """
    if not isinstance(text, str):
        # Forms and importers may hand us None or a cell value; refuse it the same way
        # as bad text instead of crashing with AttributeError.
        _refuse("invalid", "" if text is None else str(text)[:MAX_INPUT_LENGTH], field)

    stripped = text.strip()
    if not stripped:
        _refuse("empty", "", field)
    if len(stripped) > MAX_INPUT_LENGTH:
        _refuse("too_long", stripped, field)

    match = _NUMBER_RE.fullmatch(stripped)
    if match is None:
        _refuse(_diagnose(stripped), stripped, field)

    sign = "-" if match["sign"] and match["sign"] in _MINUS_SIGNS else ""
    integer = match["integer"]
    for separator in _GROUP_SEPARATORS:
        integer = integer.replace(separator, "")
    fraction = f".{match['fraction']}" if match["fraction"] else ""

    # Decimal(str) is exact and independent of the decimal context's precision.
    value = Decimal(f"{sign}{integer}{fraction}")
    # "−0" and "-0,00" mean zero; don't let a signed zero leak into storage/display.
    return value.copy_abs() if value.is_zero() else value


def _diagnose(text: str) -> str:
    """Pick the error code that best explains why ``text`` is not a number.

    Only called after the strict pattern failed; the order matters (most specific
    explanation first) and the fallback is the generic "not a number".
    """
    if any(ch.isdigit() and ch not in "0123456789" for ch in text):
        return "non_ascii_digits"
    if _NUMBER_WITH_UNIT_RE.fullmatch(text):
        return "unit"
    if any(ch.isalpha() for ch in text):
        # "abc", "NaN", "Infinity", "1e5": plainly not a number.
        return "invalid"
    if "." in text and "," in text:
        return "mixed_separators"
    if text.count(",") > 1 or text.count(".") > 1:
        return "several_decimal_separators"
    sign_positions = [i for i, ch in enumerate(text) if ch in _SIGNS]
    if len(sign_positions) > 1 or (sign_positions and sign_positions[0] != 0):
        return "misplaced_sign"
    if sign_positions and text[1:2] in tuple(_GROUP_SEPARATORS):
        # "- 5": the sign must be written directly before the digits.
        return "misplaced_sign"
    if any(ch in _GROUP_SEPARATORS for ch in text.rstrip("%").rstrip(_GROUP_SEPARATORS)):
        return "grouping"
    return "invalid"


def _message_template(code: str) -> str:
    """Return the translated message template for ``code``.

    gettext is called here, at raise time, so the active language is the one of the
    current request (and nothing touches translations at import time). Templates keep
    ``%(value)s`` placeholders; the user's text is only inserted through
    ``ValidationError(params=...)``, so a "%" in the input can never break formatting.
    """
    if code == "empty":
        return gettext("Inget tal angivet. Skriv till exempel %(example)s.")
    if code == "too_long":
        return gettext("”%(value)s” är för långt för att vara ett tal (högst %(limit)d tecken).")
    if code == "non_ascii_digits":
        return gettext(
            "”%(value)s” innehåller siffror som inte är 0–9. Skriv till exempel %(example)s."
        )
    if code == "unit":
        return gettext(
            "”%(value)s” innehåller text. Skriv bara talet, utan enhet, till exempel %(example)s."
        )
    if code == "mixed_separators":
        return gettext(
            "”%(value)s” blandar punkt och komma. Skriv decimaler med komma och tusental "
            "med mellanslag, till exempel 1 234,5."
        )
    if code == "several_decimal_separators":
        return gettext(
            "”%(value)s” har mer än ett decimaltecken. Skriv till exempel 4,8 eller 1 234,56."
        )
    if code == "misplaced_sign":
        return gettext(
            "”%(value)s” har plus- eller minustecken på fel ställe. "
            "Skriv till exempel −32 533 999 eller +1,5."
        )
    if code == "grouping":
        return gettext(
            "”%(value)s” har felaktig siffergruppering. Tusental skrivs i grupper om tre "
            "siffror, till exempel 32 533 999."
        )
    return gettext("”%(value)s” är inte ett tal. Skriv till exempel %(example)s.")


def _refuse(code: str, text: str, field: str | None) -> NoReturn:
    """Raise the ValidationError for ``code``, prefixed with the field name if given."""
    message = _message_template(code)
    params: dict[str, object] = {
        "value": _displayable(text),
        "example": _EXAMPLE,
        "limit": MAX_INPUT_LENGTH,
    }
    if field is not None:
        # Keep %(field)s as a placeholder too: a field label containing "%" (e.g.
        # "Andel %") must not be parsed as a format directive.
        message = gettext("%(field)s: %(message)s") % {
            "field": "%(field)s",
            "message": message,
        }
        params["field"] = field
    raise ValidationError(message, code=code, params=params)


def _displayable(text: str, limit: int = 30) -> str:
    """Make user input safe and short enough to quote back in an error message."""
    cleaned = "".join(
        " "
        if ch.isspace()
        else "\ufffd"
        if unicodedata.category(ch).startswith("C")  # control, format, surrogate, ...
        else ch
        for ch in text[: limit + 1]
    )
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"


# ------------------------------------------------------------------------ formatting


def format_number(value: Number | None, *, decimals: int = 0, signed: bool = False) -> str:
    """Format ``value`` the Swedish way: ``−32 533 999``, ``4,80``, ``+1,5``.

    * Rounds half up (what people expect from "0,125 -> 0,13", unlike Python's
      default banker's rounding) to ``decimals`` decimal places.
    * Groups thousands with NBSP so numbers never break across lines.
    * Negative numbers get U+2212 minus; ``signed=True`` adds "+" to positive ones.
    * Zero is always plain "0" (no "−0" after rounding, and no "+0").
    * ``None`` gives ``""`` so templates can show a missing value as blank.
    """
    if value is None:
        return ""
    rounded = _round_half_up(_to_decimal(value), decimals)
    # Python's "," grouping then swap to Swedish separators; the digits are exact
    # because the value is already quantized to the wanted number of decimals.
    digits = f"{rounded.copy_abs():,f}".translate({ord(","): NBSP, ord("."): ","})
    if rounded < 0:
        return MINUS + digits
    if signed and rounded > 0:
        return "+" + digits
    return digits


def format_percent(value: Number | None, *, decimals: int = 2, signed: bool = False) -> str:
    """Format a percentage as written, e.g. ``22.9455`` -> ``"22,95 %"`` (NBSP before %).

    The value is already in percent (13 means 13 %); it is not multiplied by 100.
    """
    if value is None:
        return ""
    return f"{format_number(value, decimals=decimals, signed=signed)}{NBSP}%"


def format_amount(
    value_kr: Number | None,
    *,
    scale: AmountScale = "kr",
    decimals: int | None = None,
    signed: bool = False,
    with_unit: bool = True,
) -> str:
    """Format an amount stored in kronor, displayed in kr, tkr or mnkr.

    ``format_amount(Decimal("-4812345"), scale="mnkr")`` -> ``"−4,8 mnkr"``.
    Default decimals: 1 for mnkr, 0 for tkr and kr. The unit follows after an NBSP
    unless ``with_unit=False``.
    """
    if scale not in _SCALES:
        raise ValueError(f"Unknown amount scale {scale!r}; use 'kr', 'tkr' or 'mnkr'.")
    if value_kr is None:
        return ""
    power, default_decimals = _SCALES[scale]
    scaled = _shift_decimal_point(_to_decimal(value_kr), -power)
    text = format_number(
        scaled, decimals=default_decimals if decimals is None else decimals, signed=signed
    )
    return f"{text}{NBSP}{scale}" if with_unit else text


@dataclass(frozen=True)
class AmountFormat:
    """How an organisation shows amounts: kr, tkr or mnkr, with a number of decimals.

    Amounts are stored in kr; every table, chart, text and sheet that shows one asks
    the organisation's (or its report template's) format, so a joint committee's
    85 000 kr reads "85 000 kr" or "85 tkr", never "0,1 mnkr".
    """

    scale: AmountScale = "kr"
    decimals: int | None = None

    @property
    def unit(self) -> str:
        """The unit written after the figures and in column headers: "mnkr"."""
        return self.scale

    @property
    def places(self) -> int:
        """Decimals shown: as chosen, else the scale's default (1 for mnkr, 0 otherwise)."""
        return _SCALES[self.scale][1] if self.decimals is None else self.decimals

    def scaled(self, value_kr: Number | None) -> Decimal | None:
        """The amount in this unit, unrounded (for charts and sheets)."""
        if value_kr is None:
            return None
        return _shift_decimal_point(_to_decimal(value_kr), -_SCALES[self.scale][0])

    def format(
        self, value_kr: Number | None, *, signed: bool = False, with_unit: bool = True
    ) -> str:
        """ "85 000 kr", "−4,8 mnkr", "+1,5 mnkr" (``signed``), or without the unit."""
        return format_amount(
            value_kr,
            scale=self.scale,
            decimals=self.places,
            signed=signed,
            with_unit=with_unit,
        )


# A region's amounts: what a report built without an organisation's choice shows.
MNKR = AmountFormat("mnkr", 1)


# ------------------------------------------------------------------------ arithmetic


def percent_change(current: Decimal | int | None, previous: Decimal | int | None) -> Decimal | None:
    """THE net cost change rule: ``(current − previous) / previous × 100``.

    Division is by the signed ``previous`` (deliberately not ``abs(previous)``).
    Costs are stored as negative numbers, and the seed reports show growing costs as
    a positive change; with signed division that is what comes out:

    * current −32 533 999, previous −32 465 224 -> 0,2118… -> "0,21 %"
    * current −32 120 055, previous −26 125 442 -> 22,945… -> "22,95 %"
    * current −6 077 282, previous −5 306 925 -> 14,516… -> "14,52 %"

    For positive values (income) it is the ordinary relative change. When the sign
    flips between the years (e.g. −100 -> +50 gives −150) the number is
    mathematically consistent but hard to read; callers may want to show it specially.

    Returns ``None`` when ``previous`` is 0 (no meaningful change) or when either value
    is missing. The result is unrounded; round when formatting.
    """
    if current is None or previous is None:
        return None
    current_d = _to_decimal(current)
    previous_d = _to_decimal(previous)
    if previous_d.is_zero():
        return None
    with localcontext(_CALC_CONTEXT):
        return (current_d - previous_d) / previous_d * 100


# --------------------------------------------------------------------------- helpers


def _to_decimal(value: Number) -> Decimal:
    """Convert an accepted numeric value to a finite Decimal, exactly where possible."""
    if isinstance(value, bool):
        # bool is an int subclass; formatting True as "1" is always a bug upstream.
        raise TypeError("Expected a number, got a bool.")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # repr() gives the shortest string that round-trips, so 0.1 becomes 0.1 and not
        # 0.1000000000000000055511151231257827.
        result = Decimal(repr(value))
    else:
        raise TypeError(f"Expected Decimal, int or float, got {type(value).__name__}.")
    if not result.is_finite():
        raise ValueError(f"Cannot format a non-finite number: {result}.")
    return result


def _round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Quantize to ``decimals`` places, half up, never returning a negative zero."""
    if decimals < 0:
        raise ValueError("decimals must be 0 or more.")
    step = Decimal((0, (1,), -decimals))
    # Enough precision for every digit of the result: quantize raises InvalidOperation
    # when the result would need more digits than the context precision allows.
    with localcontext() as ctx:
        ctx.prec = max(28, value.adjusted() + decimals + 2)
        rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _shift_decimal_point(value: Decimal, places: int) -> Decimal:
    """Multiply by 10**places exactly (scaleb would round to the context precision)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite, checked by _to_decimal
    return Decimal((sign, digits, exponent + places))
