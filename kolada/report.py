"""The report's Kolada section (Jämförelse med andra): for each measure of the unit
that names a Kolada key figure, the period's outcome beside the latest published year's
own value, the peer group's median and the own position, the comparison as symbol and
word. Not in the default report: an organisation adds it in its report template.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.charts import Table, TableRow
from common.numbers import format_number
from kolada import selectors
from reports.sections import ReportSection, SectionContext
from scorecards.models import Measure, MeasureOutcome


@dataclass(frozen=True)
class KoladaSection:
    table: Table | None
    peer_group: str

    @property
    def has_content(self) -> bool:
        return self.table is not None


def _figure(value: Decimal | None, measure: Measure) -> str:
    if value is None:
        return ""
    # Kolada publishes one decimal; a whole-number measure would hide the gap.
    number = format_number(value, decimals=max(measure.decimals, 1))
    unit = measure.unit_of_measurement
    return f"{number}\u00a0{unit}" if unit else number


def build(context: SectionContext) -> KoladaSection:
    """Two queries for the comparisons (one without Kolada), two for the measures."""
    up = context.unit_period
    year = up.period.year
    found = selectors.comparisons(organisation_id=year.organisation_id, year=year.year)
    if not found:
        return KoladaSection(None, "")
    measures = list(
        Measure.objects.filter(
            goal__unit=up.unit_id, goal__perspective__year=year.pk, key__in=list(found)
        ).order_by("goal__perspective__order", "goal__order", "order", "pk")
    )
    outcomes = {
        o.measure_id: o
        for o in MeasureOutcome.objects.filter(measure__in=measures, period=up.period_id)
    }
    organisation = up.unit.organisation.name
    rows = []
    for measure in measures:
        c = found[measure.key]
        outcome = outcomes.get(measure.pk)
        rows.append(
            TableRow(
                # The direction with the name: it decides both the place and the verdict.
                _("%(measure)s (%(direction)s)")
                % {
                    "measure": measure.name,
                    "direction": _("lägre är bättre")
                    if c.lower_is_better
                    else _("högre är bättre"),
                },
                [
                    _figure(outcome.value if outcome else None, measure),
                    str(c.year),
                    _figure(c.own, measure),
                    _figure(c.median, measure),
                    _("%(position)s av %(ranked)s") % {"position": c.position, "ranked": c.ranked}
                    if c.position
                    else "",
                    selectors.verdict_label(c.verdict),
                ],
            )
        )
    if not rows:
        return KoladaSection(None, "")
    peer_group = next(iter(found.values())).peer_group
    table = Table(
        id="kolada",
        caption=_("Jämförelse med %(group)s i Kolada") % {"group": peer_group},
        headers=[
            _("Styrmått"),
            _("Utfall %(period)s") % {"period": up.period.label},
            _("Kolada-år"),
            organisation,
            _("Median"),
            _("Placering"),
            _("Jämfört med medianen"),
        ],
        rows=rows,
    )
    return KoladaSection(table, peer_group)


def tables(data: KoladaSection) -> list[Table]:
    return [data.table] if data.table else []


KOLADA_SECTION = ReportSection(
    # Stable: report templates name it.
    key="kolada",
    title=gettext_lazy("Jämförelse med andra (Kolada)"),
    position=85,
    build=build,
    template="kolada/report_section.html",
    has_content=lambda data: data.has_content,
    in_default=False,
    tables=tables,
)
