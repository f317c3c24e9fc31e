"""The Indikatorer sheet of the Excel workbook: the counts the goals page computes from."""

from __future__ import annotations

from decimal import Decimal

from goals.models import IndicatorCount
from goals.services import indicator_count_set
from scorecards.models import Measure, UnitPeriod
from spreadsheets.sheets import VERSION, Column, Sheet, SheetRow, service_writer


def _indicator_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """Every measure of the unit's goals of the year, in the goals page's order, with the
    counts its value is computed from for the period: two queries."""
    period = unit_period.period
    measures = list(
        Measure.objects.filter(
            goal__unit=unit_period.unit_id, goal__perspective__year=period.year_id
        )
        .prefetch_related("goal__perspective")  # shared goals, as in spreadsheets.measures
        .order_by("goal__perspective__order", "goal__order", "goal__pk", "order", "pk")
    )
    stored = {
        c.measure_id: c
        for c in IndicatorCount.objects.filter(
            measure__goal__unit=unit_period.unit_id,
            measure__goal__perspective__year=period.year_id,
            period=period.pk,
        )
    }
    return [
        SheetRow(
            ident=(m.pk, m.key),
            stored=stored.get(m.pk)
            or IndicatorCount(measure_id=m.pk, period_id=period.pk, version=0),
            target=m,
            info={"goal": m.goal.title, "name": m.name},
        )
        for m in measures
    ]


INDICATORS = Sheet(
    title="Indikatorer",
    columns=(
        Column("Id", "id", "measure", width=8),
        Column("Nyckel", "code", "key", width=16),
        Column("Mål", "info", "goal", width=30, wrap=True),
        Column("Indikator", "info", "name", width=36, wrap=True),
        # General: a count is usually whole, and a fraction typed in stays visible.
        Column("Täljare", "number", "numerator", width=12, minimum=Decimal(0)),
        Column("Nämnare", "number", "denominator", width=12, minimum=Decimal(0)),
        VERSION,
    ),
    rows=_indicator_rows,
    write=service_writer(indicator_count_set, "measure"),
)
