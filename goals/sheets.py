"""The Indikatorer sheet of the Excel workbook: the counts the goals page computes from."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet

from goals.models import IndicatorCount
from goals.services import indicator_count_set
from scorecards.models import Measure, MeasureOutcome, UnitPeriod
from spreadsheets.sheets import VERSION, Column, Sheet, SheetRow, service_writer


def count_indicators(unit_period: UnitPeriod) -> QuerySet[Measure]:
    """The unit's measures of the year that are followed up as counts (täljare, nämnare).

    A measure is a count indicator when its year has counts for it, or when it is a
    numeric measure with no outcome typed on the scorecard in any period of the year
    yet (it may become either). A measure whose figure is typed on the scorecard is the
    Styrkort sheet's; listing it here too doubled a large file for nothing. One computed
    from occasions is entered as occasions, never as counts.
    """
    year = unit_period.period.year_id
    counted = IndicatorCount.objects.filter(measure=OuterRef("pk"), period__year=year)
    scored = MeasureOutcome.objects.filter(measure=OuterRef("pk"), period__year=year).exclude(
        value=None, text=""
    )
    return Measure.objects.filter(
        Q(Exists(counted)) | ~Q(Exists(scored)),
        goal__unit=unit_period.unit_id,
        goal__perspective__year=year,
        value_kind=Measure.ValueKind.NUMBER,
        value_source=Measure.ValueSource.TYPED,
    )


def _indicator_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The unit's count indicators of the year, in the goals page's order, with the
    counts their values are computed from for the period: two queries."""
    period = unit_period.period
    measures = list(
        count_indicators(unit_period)
        .prefetch_related("goal__perspective")  # shared goals, as in spreadsheets.measures
        .order_by("goal__perspective__order", "goal__order", "goal__pk", "order", "pk")
    )
    stored = {
        c.measure_id: c
        for c in IndicatorCount.objects.filter(
            measure__in=[m.pk for m in measures], period=period.pk
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
