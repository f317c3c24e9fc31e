"""Static SVG of a chart for the PDF, drawn by matplotlib from the same plotly figure.

The web draws ``Chart.figure`` with plotly.js. A PDF cannot run JavaScript, and
exporting with kaleido starts Chromium (~2,3 s, then ~0,15 s per figure), so this
module reads the plotly figure the chart builders made and redraws it with matplotlib
(~0,08 s per figure, text kept as text). It covers what the builders use: line and
marker scatter traces (categorical or numeric x, step lines), vertical and horizontal
bars (grouped, per-bar colours, hatching, value labels), titles, axis titles, legend,
a reversed y axis and Swedish number format on the value axis.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import matplotlib as mpl
import plotly.graph_objects as go
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from common.charts import PALETTE
from common.numbers import format_number

MM_PER_INCH = 25.4
DASHES = {"dash": (0, (5, 3)), "dot": (0, (1, 2)), "dashdot": (0, (5, 2, 1, 2))}
MARKERS = {"circle": "o", "square": "s", "diamond": "D", "triangle-up": "^", "x": "x"}
HATCHES = {"/": "///", "\\": "\\\\\\", "x": "xxx", "-": "---", "|": "|||", ".": "..."}

STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text: searchable, accessible, sharp
    "svg.hashsalt": "styrkort",  # stable element ids, so equal figures give equal bytes
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": "#8a8a8a",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e3e3e3",
    "axes.axisbelow": True,
    "hatch.color": "#ffffff",
    "hatch.linewidth": 1.2,
}


def figure_svg(fig: go.Figure, *, width_mm: float = 165, height_mm: float = 75) -> bytes:
    """The figure as standalone SVG bytes, the same for the same figure every time."""
    # A bare Figure (no pyplot): no global figure registry, safe in worker threads.
    with mpl.rc_context(STYLE):  # type: ignore[arg-type]  # keys are checked at run time
        mfig = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH))
        ax = mfig.subplots()
        _draw(fig, ax)
        buffer = io.BytesIO()
        mfig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def svg_data_uri(fig: go.Figure, **size: float) -> str:
    """For ``<img src=…>``: an inline <svg> would lose its alt text in the tagged PDF."""
    encoded = base64.b64encode(figure_svg(fig, **size)).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def _draw(fig: go.Figure, ax: Any) -> None:
    layout = fig.layout
    colours = list(layout.colorway or PALETTE)
    bars = [t for t in fig.data if t.type == "bar"]
    horizontal = any(t.orientation == "h" for t in bars)
    categories = _categories(fig.data, horizontal)
    group = len(bars) if (layout.barmode or "group") == "group" else 1
    width = 0.8 / max(group, 1)
    bar_index = 0
    for index, trace in enumerate(fig.data):
        colour = colours[index % len(colours)]
        if trace.type == "bar":
            offset = (bar_index - (group - 1) / 2) * width if group > 1 else 0.0
            _bar(ax, trace, categories, offset, width, colour, horizontal)
            bar_index += 1
        elif trace.type == "scatter":
            _scatter(ax, trace, categories, colour)
    if categories is not None:
        positions = range(len(categories))
        if horizontal:
            ax.set_yticks(list(positions), categories)
        else:
            ax.set_xticks(list(positions), categories)
    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_axis.set_major_locator(MaxNLocator(nbins=6))
    value_axis.set_major_formatter(FuncFormatter(_swedish_tick))
    if horizontal:
        ax.axvline(0, color="#1b1b1b", linewidth=0.8)
        ax.grid(axis="y", visible=False)
    elif bars:
        ax.axhline(0, color="#1b1b1b", linewidth=0.8)
        ax.grid(axis="x", visible=False)
    if layout.yaxis.autorange == "reversed":
        ax.invert_yaxis()
    if layout.title.text:
        ax.set_title(layout.title.text, loc="left", fontsize=9, fontweight="bold")
    if layout.xaxis.title.text:
        ax.set_xlabel(layout.xaxis.title.text)
    if layout.yaxis.title.text:
        ax.set_ylabel(layout.yaxis.title.text)
    shown = [t for t in fig.data if t.showlegend is not False and t.name]
    if len(shown) > 1 or (shown and layout.showlegend):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(shown), frameon=False)
    ax.margins(x=0.02, y=0.12)


def _categories(traces: Any, horizontal: bool) -> list[str] | None:
    """Category labels in first-seen order, or None when the category axis is numeric."""
    seen: dict[str, None] = {}
    for trace in traces:
        values = trace.y if (trace.type == "bar" and horizontal) else trace.x
        for value in values if values is not None else ():
            if isinstance(value, int | float):
                return None
            seen[str(value)] = None
    return list(seen)


def _positions(values: Any, categories: list[str] | None) -> list[float]:
    if categories is None:
        return [float(v) for v in values]
    return [float(categories.index(str(v))) for v in values]


def _bar(
    ax: Any,
    trace: Any,
    categories: list[str] | None,
    offset: float,
    width: float,
    colour: str,
    horizontal: bool,
) -> None:
    keys, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
    positions = [p + offset for p in _positions(keys, categories)]
    heights = [0.0 if v is None else float(v) for v in values]
    marker = trace.marker
    colour = marker.color if marker and marker.color is not None else colour
    hatch = HATCHES.get(marker.pattern.shape) if marker and marker.pattern else None
    draw = ax.barh if horizontal else ax.bar
    kwargs = {"height" if horizontal else "width": width}
    bars = draw(positions, heights, color=colour, hatch=hatch, label=trace.name or None, **kwargs)
    if trace.text is not None:
        texts = list(trace.text) if not isinstance(trace.text, str) else [trace.text] * len(heights)
        labels = ["" if v is None else t for t, v in zip(texts, values, strict=False)]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=7)


def _scatter(ax: Any, trace: Any, categories: list[str] | None, colour: str) -> None:
    xs = _positions(trace.x, categories)
    ys = [float("nan") if v is None else float(v) for v in trace.y]
    mode = trace.mode or "lines+markers"
    line = trace.line
    colour = line.color if line and line.color else colour
    style: dict[str, Any] = {"color": colour, "label": trace.name or None}
    if "lines" in mode:
        style["linestyle"] = DASHES.get(line.dash, "-") if line and line.dash else "-"
        style["linewidth"] = (line.width or 2) * 0.75 if line else 1.5
        if line and line.shape == "hv":
            style["drawstyle"] = "steps-post"
    else:
        style["linestyle"] = "none"
    if "markers" in mode:
        symbol = trace.marker.symbol if trace.marker else None
        style["marker"] = MARKERS.get(symbol or "circle", "o")
        style["markersize"] = (trace.marker.size or 6) * 0.6 if trace.marker else 4
    ax.plot(xs, ys, **style)


def _swedish_tick(value: float, _position: int) -> str:
    number = float(value)  # matplotlib passes numpy floats
    decimals = 0 if number.is_integer() else 1
    return format_number(round(number, decimals), decimals=decimals)
