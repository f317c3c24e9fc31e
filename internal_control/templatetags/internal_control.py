"""The assessment of a control activity as a light: symbol + word, as the traffic lights.

Grön (tillräckligt), gul (delvis), röd (otillräckligt) use the symbols and colour
classes of ``scorecards.templatetags.scorecard.light``, so the two never look different.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from internal_control.models import Assessment
from internal_control.rules import Level
from scorecards.models import Attainment
from scorecards.templatetags.scorecard import SYMBOLS

register = template.Library()

AS_ATTAINMENT = {
    Assessment.SUFFICIENT: Attainment.ACHIEVED,
    Assessment.PARTLY: Attainment.PARTLY,
    Assessment.INSUFFICIENT: Attainment.NOT_ACHIEVED,
}


@register.simple_tag
def assessment_light(assessment: str) -> SafeString:
    """``<span class="light light-achieved">● Tillräckligt</span>``; "Ej bedömd" when blank."""
    if assessment:
        value = Assessment(assessment)
        colour, word = AS_ATTAINMENT[value], str(value.label)
    else:
        colour, word = Attainment.NOT_ASSESSED, _("Ej bedömd")
    return format_html(
        '<span class="light light-{}"><span aria-hidden="true">{}</span> {}</span>',
        colour.value,
        SYMBOLS[colour],
        word,
    )


@register.simple_tag
def risk_level(level: str, score: int) -> SafeString:
    """``<span class="risk-level risk-high">Hög (12)</span>``: the level as a word."""
    return format_html(
        '<span class="risk-level risk-{}">{} ({})</span>', level, Level(level).label, score
    )
