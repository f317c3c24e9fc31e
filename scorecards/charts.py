"""Chart builders for scorecards: pure functions from selector data to a Chart."""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from common.charts import PALETTE, Chart, swedish_layout
from common.numbers import format_number
from scorecards.models import Attainment, Measure
from scorecards.selectors import HistoryPoint


def measure_history(measure: Measure, points: list[HistoryPoint]) -> Chart:
    """Outcome per period over the years, with the target of each year as a dashed line."""
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
    swedish_layout(fig, title=measure.name, y_title=unit)
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
        ]
        for p in points
    ]
    return Chart(
        id=f"chart-measure-{measure.key}",
        title=_("Utfall över tid: %(name)s") % {"name": measure.name},
        figure=fig,
        headers=[_("Period"), _("Utfall"), _("Målvärde"), _("Måluppfyllelse")],
        rows=rows,
    )


def _cell(value: object, measure: Measure) -> str:
    number = format_number(value, decimals=measure.decimals)  # type: ignore[arg-type]
    return f"{number}\u00a0{measure.unit_of_measurement}" if measure.unit_of_measurement else number
