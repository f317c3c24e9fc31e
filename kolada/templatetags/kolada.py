"""``{% kolada_peer row.measure up %}``: the Kolada peer median and the own position beside
a measure's outcome (symbol + text, never colour alone). The comparisons of a page are
read once per render (two queries, one without Kolada) whatever the number of measures."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from kolada import selectors
from scorecards.models import Measure, UnitPeriod

register = template.Library()

SYMBOLS = selectors.SYMBOLS


@register.simple_tag(takes_context=True)
def kolada_peer(context: template.Context, measure: Measure, up: UnitPeriod) -> SafeString:
    key = ("kolada", up.period.year.organisation_id, up.period.year.year)
    # One render's comparisons, kept for the next rows (render_context lives per render).
    cache: dict[Any, dict[str, selectors.PeerComparison]] | None = context.render_context.get(
        "kolada_comparisons"
    )
    if cache is None:
        cache = {}
        context.render_context["kolada_comparisons"] = cache
    if key not in cache:
        cache[key] = selectors.comparisons(organisation_id=key[1], year=key[2])
    comparison = cache[key].get(measure.key)
    if comparison is None:
        return mark_safe("")
    return mark_safe(  # the template escapes what it prints
        get_template("kolada/peer.html").render(
            {
                "c": comparison,
                "measure": measure,
                # Kolada publishes one decimal; a whole-number measure would hide the gap.
                "decimals": max(measure.decimals, 1),
                "organisation": up.unit.organisation,
                "symbol": SYMBOLS.get(comparison.verdict or "", ""),
            }
        )
    )
