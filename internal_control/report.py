"""The årsrapport's Internkontroll section: the year's plan with its follow-ups."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from internal_control import selectors
from reports.sections import ReportSection, SectionContext


def build(context: SectionContext) -> list[selectors.ReportRow]:
    return selectors.report_rows(unit=context.unit_period.unit, period=context.period)


INTERNAL_CONTROL_SECTION = ReportSection(
    key="internal_control",
    title=gettext_lazy("Internkontroll"),
    position=80,
    build=build,
    template="internal_control/report_section.html",
    anchor="s-internal-control",
    has_content=bool,
    # It reports on the whole year: interim reports leave it out.
    in_interim_default=False,
)
