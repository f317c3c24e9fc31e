"""The core's sheet of the workbook: Styrkort, the measures' outcomes of the period.

It is the workbook's first sheet; the domain apps' sheets follow in
``settings.DOMAIN_APPS`` order (see ``spreadsheets.exporters.workbook_sheets``).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from common.numbers import format_number
from scorecards.models import (
    Attainment,
    Direction,
    Forecast,
    Measure,
    MeasureOutcome,
    UnitPeriod,
)
from scorecards.selectors import measures_followed_up
from scorecards.services import outcome_set, outcomes_by_measure
from spreadsheets.sheets import VERSION, Column, Sheet, SheetRow, number_format, service_writer


def _measure_number(measure: Measure, value: Decimal | None) -> str:
    return format_number(value, decimals=measure.decimals) if value is not None else ""


def _baseline(measure: Measure) -> str:
    if measure.baseline_text:
        return measure.baseline_text
    number = _measure_number(measure, measure.baseline_value)
    if number and measure.baseline_label:
        return f"{measure.baseline_label}: {number}"
    return number


def _target(measure: Measure, directions: dict[str, str]) -> str:
    """ "Minst 6": ``directions`` are the directions' labels, translated once per sheet."""
    if measure.target_text:
        return measure.target_text
    direction = directions[measure.target_direction]
    return f"{direction} {_measure_number(measure, measure.target_value)}".strip()


def _measure_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The measures followed up in the period with their outcomes: four queries."""
    unit, period = unit_period.unit, unit_period.period
    # Prefetched, not joined: 10 000 measures share their few goals and perspectives
    # instead of each building its own copies (a second of a large import).
    measures = list(
        measures_followed_up(unit, period)
        .prefetch_related("goal__perspective")
        .order_by("goal__perspective__order", "goal__order", "order", "pk")
    )
    outcomes = outcomes_by_measure(unit_period)
    text_measure = _("Styrmåttet har ett textutfall: skriv det i ”Utfall (text)”.")
    directions = {str(value): str(label) for value, label in Direction.choices}
    rows = []
    for m in measures:
        stored = outcomes.get(m.pk) or MeasureOutcome(measure=m, period=period, version=0)
        rows.append(
            SheetRow(
                ident=(m.pk, m.key),
                stored=stored,
                target=m,
                info={
                    "perspective": m.goal.perspective.name,
                    "goal": m.goal.title,
                    "measure": m.name,
                    "unit": m.unit_of_measurement,
                    "baseline": _baseline(m),
                    "target": _target(m, directions),
                },
                locked={"value": text_measure} if m.value_kind == Measure.ValueKind.TEXT else {},
                formats={"value": number_format(m.decimals)},
            )
        )
    return rows


MEASURES = Sheet(
    title="Styrkort",
    columns=(
        Column("Id", "id", "measure", width=8),
        Column("Nyckel", "code", "key", width=16),
        Column("Perspektiv", "info", "perspective", width=14),
        Column("Mål", "info", "goal", width=30, wrap=True),
        Column("Styrmått", "info", "measure", width=36, wrap=True),
        Column("Enhet", "info", "unit", width=8),
        Column("Ingångsvärde", "info", "baseline", width=16, wrap=True),
        Column("Målvärde", "info", "target", width=16, wrap=True),
        Column("Utfall", "number", "value", width=14),
        Column("Utfall (text)", "text", "text", width=30, wrap=True),
        Column("Kommentar", "text", "comment", width=40, wrap=True),
        Column("Prognos", "choice", "forecast", choices=Forecast, width=24),
        Column(
            "Manuell måluppfyllelse", "choice", "manual_attainment", choices=Attainment, width=22
        ),
        Column("Motivering", "text", "override_justification", width=30, wrap=True),
        VERSION,
    ),
    rows=_measure_rows,
    write=service_writer(outcome_set, "measure"),
)
