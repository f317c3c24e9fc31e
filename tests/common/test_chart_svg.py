"""The PDF's SVG charts are drawn from the same plotly figures as the web charts."""

from __future__ import annotations

import base64

import plotly.graph_objects as go

from common.chart_svg import figure_svg, svg_data_uri
from common.charts import swedish_layout


def bar_figure() -> go.Figure:
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=["Personal", "Övriga"],
            y=[-32.5, -26.1],
            name="2018",
            marker={"pattern": {"shape": "/"}},
            text=["−32,5", "−26,1"],
        )
    )
    fig.add_trace(
        go.Bar(x=["Personal", "Övriga"], y=[-32.5, -32.1], name="2019", text=["−32,5", "−32,1"])
    )
    return swedish_layout(fig, title="Nettokostnad per kostnadsslag (mnkr)", y_title="mnkr")


def test_svg_keeps_text_as_text_in_swedish_format() -> None:
    svg = figure_svg(bar_figure()).decode()
    assert svg.startswith("<?xml")
    assert "Nettokostnad per kostnadsslag (mnkr)" in svg
    assert "Övriga" in svg and "−32,1" in svg  # labels and values, not paths
    assert "−16" in svg  # tick labels with the minus sign U+2212


def test_svg_is_the_same_bytes_for_the_same_figure() -> None:
    assert figure_svg(bar_figure()) == figure_svg(bar_figure())


def test_line_chart_with_gaps_and_step_target() -> None:
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=["T1 2019", "Helår 2019", "T1 2021"],
            y=[11, None, 4],
            mode="lines+markers",
            name="Utfall",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=["T1 2019", "Helår 2019", "T1 2021"],
            y=[10, 10, 10],
            mode="lines",
            line={"dash": "dash", "shape": "hv"},
            name="Målvärde",
        )
    )
    svg = figure_svg(swedish_layout(fig, title="Antal major incidents")).decode()
    assert "Helår 2019" in svg and "Målvärde" in svg


def test_data_uri_is_base64_svg() -> None:
    uri = svg_data_uri(bar_figure())
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).startswith(b"<?xml")
