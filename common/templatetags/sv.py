"""Swedish number filters for templates: ``{% load sv %}``.

All formatting rules live in :mod:`common.numbers`; these filters only pass values
through so templates, forms, PDF and Excel export cannot drift apart.

    {{ outcome|sv_number }}          -> "−32 533 999"
    {{ outcome|sv_number:2 }}        -> "−32 533 999,00"
    {{ change|sv_percent }}          -> "22,95 %"
    {{ change|sv_percent:1 }}        -> "23,0 %"
    {{ amount_kr|sv_mnkr }}          -> "−4,8 mnkr"
    {{ difference_kr|sv_signed_mnkr }} -> "+1,5 mnkr"
    {{ amount_kr|sv_amount:amounts }}  -> "85 000 kr" (amounts: a common.numbers.AmountFormat)
    {{ amount_kr|sv_signed_amount:amounts }} -> "+85 000 kr"
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from common.markdown import render_markdown
from common.numbers import AmountFormat, Number, format_amount, format_number, format_percent

register = template.Library()


@register.filter
def sv_number(value: Number | None, decimals: int | str = 0) -> str:
    """Number with NBSP thousands, decimal comma and U+2212 minus."""
    return format_number(value, decimals=int(decimals))


@register.filter
def sv_percent(value: Number | None, decimals: int | str = 2) -> str:
    """Percentage (already in percent, e.g. 22.95) as "22,95 %"."""
    return format_percent(value, decimals=int(decimals))


@register.filter
def sv_mnkr(value: Number | None) -> str:
    """Amount stored in kr shown in mnkr with one decimal: "−4,8 mnkr"."""
    return format_amount(value, scale="mnkr")


@register.filter
def sv_signed_mnkr(value: Number | None) -> str:
    """Like sv_mnkr, with "+" on positive amounts: "+1,5 mnkr"."""
    return format_amount(value, scale="mnkr", signed=True)


@register.filter
def sv_amount(value: Number | None, amounts: AmountFormat) -> str:
    """Amount stored in kr in the organisation's unit: "85 000 kr", "−4,8 mnkr"."""
    return amounts.format(value)


@register.filter
def sv_signed_amount(value: Number | None, amounts: AmountFormat) -> str:
    """Like sv_amount, with "+" on positive amounts."""
    return amounts.format(value, signed=True)


@register.filter(name="markdown")
def markdown_filter(value: str) -> SafeString:
    """Render a stored narrative text (Markdown) as sanitised HTML."""
    return render_markdown(value)
