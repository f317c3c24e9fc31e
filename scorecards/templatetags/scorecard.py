"""Traffic lights and trend arrows as template tags.

One definition of how a light looks (symbol + word + colour class, never colour
alone). Tags rather than included templates: a 60-measure scorecard renders these
hundreds of times and an include costs a template render each.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
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
