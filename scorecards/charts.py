"""Chart builders for scorecards: pure functions from selector data to a Chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from common.charts import PALETTE, Chart, swedish_layout
from common.numbers import format_number
from scorecards.models import Attainment, Measure
from scorecards.selectors import HistoryPoint


@dataclass(frozen=True)
class ReferenceRange:
    """Others' values beside a measure's history (a peer group's lowest, median and
    highest per period label), drawn as a range bar with the median marked. An app
    contributes it (``MEASURE_CHART_LAYERS`` in its contributions.py: a function of the
    measure, its history points and the organisation's id); the core does not know whose."""

    name: str
    # period label → (lowest, median, highest)
    by_label: dict[str, tuple[float, float, float]]


MeasureChartLayer = Callable[[Measure, list[HistoryPoint], int], list[ReferenceRange]]


def measure_history(
    measure: Measure, points: list[HistoryPoint], ranges: tuple[ReferenceRange, ...] = ()
) -> Chart:
    """Outcome per period over the years, with the target of each year as a dashed line
    and any reference ranges (peer groups) as range bars with their median."""
    labels = [p.period.label for p in points]
    values = [float(p.outcome.value) if p.outcome.value is not None else None for p in points]
    targets = [
        float(p.measure.target_value) if p.measure.target_value is not None else None
        for p in points
    ]
    unit = measure.unit_of_measurement
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=labels,
            y=values,
            name=_("Utfall"),
            mode="lines+markers",
            line={"color": PALETTE[0], "width": 3},
            marker={"size": 9},
            connectgaps=False,
        )
    )
    if any(t is not None for t in targets):
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=targets,
                name=_("Målvärde"),
                mode="lines",
                line={"color": PALETTE[1], "dash": "dash", "shape": "hv"},
            )
        )
    for index, band in enumerate(r for r in ranges if r.by_label):
        shown = [label for label in labels if label in band.by_label]
        low, median, high = zip(*(band.by_label[label] for label in shown), strict=True)
        fig.add_trace(
            go.Scatter(
                x=shown,
                y=list(median),
                name=band.name,
                mode="markers",
                marker={
                    "color": PALETTE[(2 + index) % len(PALETTE)],
                    "size": 10,
                    "symbol": "diamond",
                },
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [h - m for h, m in zip(high, median, strict=True)],
                    "arrayminus": [m - lo for m, lo in zip(median, low, strict=True)],
                    "thickness": 2,
                    "width": 8,
                },
            )
        )
    swedish_layout(fig, title=measure.name, y_title=unit)
    shown_ranges = [r for r in ranges if r.by_label]
    rows = [
        [
            p.period.label,
            _cell(p.outcome.value, measure)
            if p.outcome.value is not None
            else (p.outcome.text[:60] or "–"),
            _cell(p.measure.target_value, measure)
            if p.measure.target_value is not None
            else (p.measure.target_text or "–"),
            str(Attainment(p.attainment).label),
            *(_range_cell(r.by_label.get(p.period.label), measure) for r in shown_ranges),
        ]
        for p in points
    ]
    return Chart(
        id=f"chart-measure-{measure.key}",
        title=_("Utfall över tid: %(name)s") % {"name": measure.name},
        figure=fig,
        headers=[
            _("Period"),
            _("Utfall"),
            _("Målvärde"),
            _("Måluppfyllelse"),
            *(r.name for r in shown_ranges),
        ],
        rows=rows,
    )


def _cell(value: object, measure: Measure) -> str:
    number = format_number(value, decimals=measure.decimals)  # type: ignore[arg-type]
    return f"{number}\u00a0{measure.unit_of_measurement}" if measure.unit_of_measurement else number


def _range_cell(values: tuple[float, float, float] | None, measure: Measure) -> str:
    """ "median 6,8 (5,9–7,4)" in the measure's unit, or "–"."""
    if values is None:
        return "–"
    low, median, high = (format_number(v, decimals=max(1, measure.decimals)) for v in values)
    unit = f"\u00a0{measure.unit_of_measurement}" if measure.unit_of_measurement else ""
    return _("median %(median)s%(unit)s (%(low)s–%(high)s)") % {
        "median": median,
        "unit": unit,
        "low": low,
        "high": high,
    }
