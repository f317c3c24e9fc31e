"""Traffic lights and trend arrows as template tags.

One definition of how a light looks (symbol + word + colour class, never colour
alone). Tags rather than included templates: a 60-measure scorecard renders these
hundreds of times and an include costs a template render each.
"""

from __future__ import annotations

import functools

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.numbers import format_number
from scorecards.models import Attainment, Measure, MeasureOutcome
from scorecards.rules import Trend

register = template.Library()

SYMBOLS = {
    Attainment.ACHIEVED: "●",
    Attainment.PARTLY: "◐",
    Attainment.NOT_ACHIEVED: "○",
    Attainment.NOT_ASSESSED: "–",
}
ARROWS = {Trend.IMPROVING: "↑", Trend.UNCHANGED: "→", Trend.WORSENING: "↓"}


@register.simple_tag
def light(attainment: str) -> SafeString:
    """``<span class="light light-partly">◐ Delvis uppnått</span>`` (symbol hidden from AT)."""
    value = Attainment(attainment or Attainment.NOT_ASSESSED)
    return format_html(
        '<span class="light light-{}"><span aria-hidden="true">{}</span> {}</span>',
        value.value,
        SYMBOLS[value],
        value.label,
    )


@register.simple_tag
def trend_arrow(trend: str | None) -> SafeString:
    """``↑ Förbättring`` etc., or "Ingen jämförelse" when there is nothing to compare with."""
    if not trend:
        return format_html('<span class="muted">{}</span>', _("Ingen jämförelse"))
    value = Trend(trend)
    return format_html(
        '<span class="trend trend-{}"><span aria-hidden="true">{}</span> {}</span>',
        value.value,
        ARROWS[value],
        value.label,
    )


@register.simple_tag
def outcome_value(measure: Measure, outcome: MeasureOutcome | None) -> SafeString:
    """The outcome as the scorecard shows it: "11 st", "4,45 %", a text, or "–"."""
    if outcome is not None and outcome.value is not None:
        number = format_number(outcome.value, decimals=measure.decimals)
        if measure.unit_of_measurement:
            return format_html("{}\u00a0{}", number, measure.unit_of_measurement)
        return format_html("{}", number)
    if outcome is not None and outcome.text:
        return format_html(
            '<span class="text-outcome">{}</span>', Truncator(outcome.text).words(25)
        )
    return mark_safe("–")


@functools.cache
def _tile_words(language: str | None) -> dict[str, tuple[str, str, str]]:
    """Per light: its symbol, its label and the word after a count, escaped once per
    language (the region overview draws some 1 600 tiles)."""
    count_words = {
        Attainment.ACHIEVED: _("uppnått"),
        Attainment.PARTLY: _("delvis uppnått"),
        Attainment.NOT_ACHIEVED: _("ej uppnått"),
        Attainment.NOT_ASSESSED: _("ej bedömt"),
    }
    return {
        str(value.value): (SYMBOLS[value], escape(value.label), escape(count_words[value]))
        for value in Attainment
    }


@register.simple_tag
def tile(
    counts: dict[str, int],
    light: str,
    url: str = "",
    perspective: str = "",
    assessment: str | None = None,
) -> SafeString:
    """An overview tile: the light's colour class, symbol and word, then the counts.

    Symbols with numbers for the eye ("●3 ◐1 ○2"), the same counts in words for a
    screen reader; never colour alone. ``url`` makes it a link, to the perspective's
    section of the scorecard when ``perspective`` (its slug) is given. Built as
    plain strings from escaped parts: format_html per piece was most of the page's time.
    """
    words = _tile_words(get_language())
    if not sum(counts.values()):
        return mark_safe(
            f'<span class="tile tile-empty"><span class="muted">{escape(_("Inga styrmått"))}'
            "</span></span>"
        )
    shown = [(name, n) for name, n in counts.items() if n or name != Attainment.NOT_ASSESSED]
    short = " ".join(f"{words[name][0]}{n}" for name, n in shown)
    spoken = ", ".join(f"{n} {words[name][2]}" for name, n in shown)
    symbol, label, _word = words[light]
    judged = ""
    if assessment:
        a_symbol, a_label, _a_word = words[assessment]
        judged = (
            f'<span class="tile-assessment">{escape(_("Bedömning"))}: '
            f'<span aria-hidden="true">{a_symbol}</span> {a_label}</span>'
        )
    body = (
        f'<span class="tile-light"><span aria-hidden="true">{symbol}</span> {label}</span>'
        f'<span class="tile-counts" aria-hidden="true">{short}</span>'
        f'<span class="visually-hidden">. {spoken}.</span>{judged}'
    )
    if url:
        href = escape(f"{url}#p-{perspective}" if perspective else url)
        return mark_safe(f'<a class="tile tile-{light}" href="{href}">{body}</a>')
    return mark_safe(f'<span class="tile tile-{escape(light)}">{body}</span>')
