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


def figure_svg(
    fig: go.Figure, *, width_mm: float = 165, height_mm: float = 75, with_title: bool = True
) -> bytes:
    """The figure as standalone SVG bytes, the same for the same figure every time.

    ``with_title=False`` leaves the title out, for a page that prints it as the caption.
    """
    # A bare Figure (no pyplot): no global figure registry, safe in worker threads.
    with mpl.rc_context(STYLE):  # type: ignore[arg-type]  # keys are checked at run time
        mfig = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH))
        ax = mfig.subplots()
        _draw(fig, ax, with_title=with_title)
        buffer = io.BytesIO()
        mfig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def svg_data_uri(
    fig: go.Figure, *, width_mm: float = 165, height_mm: float = 75, with_title: bool = True
) -> str:
    """For ``<img src=…>``: an inline <svg> would lose its alt text in the tagged PDF."""
    svg = figure_svg(fig, width_mm=width_mm, height_mm=height_mm, with_title=with_title)
    encoded = base64.b64encode(svg).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def _draw(fig: go.Figure, ax: Any, *, with_title: bool = True) -> None:
    layout = fig.layout
    colours = list(layout.colorway or PALETTE)
    bars = [t for t in fig.data if t.type == "bar"]
    horizontal = any(t.orientation == "h" for t in bars)
    # A bar series without a value is not drawn (nor listed in the legend), and neither is
    # a category without a bar: the print shows what there is, not empty slots.
    bars = [t for t in bars if _has_values(t, horizontal)]
    drawn = {id(t) for t in bars}
    traces = [t for t in fig.data if t.type != "bar" or id(t) in drawn]
    only_bars = bool(bars) and all(t.type == "bar" for t in traces)
    categories = _categories(traces, horizontal, skip_empty=only_bars)
    group = len(bars) if (layout.barmode or "group") == "group" else 1
    width = 0.8 / max(group, 1)
    bar_index = 0
    for index, trace in enumerate(fig.data):
        colour = colours[index % len(colours)]
        if trace.type == "bar" and id(trace) not in drawn:
            continue
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
    if with_title and layout.title.text:
        ax.set_title(layout.title.text, loc="left", fontsize=9, fontweight="bold")
    if layout.xaxis.title.text:
        ax.set_xlabel(layout.xaxis.title.text)
    if layout.yaxis.title.text:
        ax.set_ylabel(layout.yaxis.title.text)
    shown = [t for t in traces if t.showlegend is not False and t.name]
    # A series left alone (the others empty) still says what it is.
    if len(shown) > 1 or (shown and (layout.showlegend or len(fig.data) > 1)):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=len(shown), frameon=False)
    # Value labels sit outside the bar ends: room for them on the value axis, so a label
    # never runs into the category labels or the frame.
    if horizontal:
        ax.margins(x=0.18, y=0.06)
    else:
        ax.margins(x=0.02, y=0.12)


def _has_values(trace: Any, horizontal: bool) -> bool:
    values = trace.x if horizontal else trace.y
    return values is not None and any(v is not None for v in values)


def _categories(traces: Any, horizontal: bool, *, skip_empty: bool = False) -> list[str] | None:
    """Category labels in first-seen order, or None when the category axis is numeric.

    ``skip_empty`` leaves out a category no trace has a value for (bar charts; a line
    keeps its empty months as gaps).
    """
    seen: dict[str, None] = {}
    for trace in traces:
        flipped = trace.type == "bar" and horizontal
        keys, values = (trace.y, trace.x) if flipped else (trace.x, trace.y)
        values = list(values) if values is not None else [None] * len(keys or ())
        for key, value in zip(keys if keys is not None else (), values, strict=False):
            if isinstance(key, int | float):
                return None
            if skip_empty and value is None:
                continue
            seen[str(key)] = None
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
    shown = [
        i
        for i, key in enumerate(keys)
        if i < len(values) and (categories is None or str(key) in categories)
    ]
    texts = _texts(trace.text, len(keys))
    keys = [keys[i] for i in shown]
    values = [values[i] for i in shown]
    texts = [texts[i] for i in shown]
    positions = [p + offset for p in _positions(keys, categories)]
    heights = [0.0 if v is None else float(v) for v in values]
    marker = trace.marker
    colour = marker.color if marker and marker.color is not None else colour
    hatch = HATCHES.get(marker.pattern.shape) if marker and marker.pattern else None
    draw = ax.barh if horizontal else ax.bar
    kwargs = {"height" if horizontal else "width": width}
    bars = draw(positions, heights, color=colour, hatch=hatch, label=trace.name or None, **kwargs)
    if trace.text is not None:
        labels = ["" if v is None else t for t, v in zip(texts, values, strict=False)]
        ax.bar_label(bars, labels=labels, padding=2, fontsize=7)


def _texts(text: Any, count: int) -> list[str]:
    """A trace's value labels, one per point ("" where there is none)."""
    if text is None:
        return [""] * count
    if isinstance(text, str):
        return [text] * count
    labels = [str(t) for t in text]
    return labels + [""] * (count - len(labels))


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
