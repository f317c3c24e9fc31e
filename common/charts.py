"""What every chart shares: Swedish number format, the page embedding, a text alternative.

Each app has its own chart builders (``<app>/charts.py``): pure functions from selector
data to a :class:`Chart`. The web page draws ``Chart.figure`` with the local plotly.js;
the report builder renders the same figure to SVG, so the two never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# No default template: figures carry only the styles swedish_layout sets (see there).
pio.templates.default = "none"

# The same escapes Django's json_script uses, so "</script>" in a label can't break out.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Accessible, distinguishable colours (Okabe–Ito); lines also differ by dash and marker.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"]


# A chart with at most this many categories spells out every value in its alt text;
# a longer one (a year of months) gives each series' last value.
SPELLED_OUT_ROWS = 6


def _filled_points(trace: Any) -> list[str]:
    """The categories (or x values) at which a trace has a value."""
    horizontal = getattr(trace, "orientation", None) == "h"
    keys, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
    if values is None:
        return []
    keys = keys if keys is not None else range(len(values))
    return [str(k) for k, v in zip(keys, values, strict=False) if v is not None]


@dataclass(frozen=True)
class Chart:
    """A figure plus its text alternative: a caption and the data as a table."""

    id: str
    title: str
    figure: go.Figure
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        """False when every trace is empty: the page then says so instead of an empty grid."""
        for trace in self.figure.data:
            values = trace.x if getattr(trace, "orientation", None) == "h" else trace.y
            if values is not None and any(v is not None for v in values):
                return True
        return False

    @property
    def is_worth_drawing(self) -> bool:
        """False when a drawing would say less than a table: no data, a "line" of one
        point per series, or a bar chart with a single bar. The report then leaves it
        out (its figures are in the section's tables)."""
        if not self.has_data:
            return False
        traces = list(self.figure.data)
        if all(trace.type == "scatter" for trace in traces):
            return any(len(_filled_points(trace)) > 1 for trace in traces)
        # Bars: one category (however many series) is a comparison the table already shows.
        return len({key for trace in traces for key in _filled_points(trace)}) > 1

    @property
    def alt_text(self) -> str:
        """What the chart shows, for the image's alt text: the title, then per series its
        last value (a series over time) or every value (a few categories).

        Read from the chart's own table (``headers``, ``rows``), so it says what the
        drawing says and nothing else.
        """
        if not self.rows or len(self.headers) < 2:
            return self.title
        series = self.headers[1:]
        if len(self.rows) <= SPELLED_OUT_ROWS:
            parts = []
            for row in self.rows:
                values = [
                    f"{name} {value}" if len(series) > 1 else value
                    for name, value in zip(series, row[1:], strict=False)
                    if value
                ]
                if values:
                    parts.append(f"{row[0]}: {', '.join(values)}")
        else:
            parts = []
            for index, name in enumerate(series, start=1):
                last = next((row for row in reversed(self.rows) if row[index]), None)
                if last is not None:
                    parts.append(f"{name}: {last[index]} ({last[0]})")
        return f"{self.title}. {'; '.join(parts)}." if parts else self.title

    @property
    def figure_json(self) -> str:
        return self.figure.to_json()

    @property
    def data_script(self) -> SafeString:
        """The figure as a JSON data block, escaped like ``json_script`` (no inline code).

        plotly serialises its own figure (numpy arrays included), so the JSON text is
        embedded as is rather than passed through ``json_script`` a second time.
        """
        escaped = self.figure_json.translate(_JSON_SCRIPT_ESCAPES)
        return format_html(
            '<script id="{}" type="application/json">{}</script>', self.id, mark_safe(escaped)
        )


def swedish_layout(fig: go.Figure, *, title: str, y_title: str = "") -> go.Figure:
    """Decimal comma and space as thousands separator ("−32 533 999"), plain white theme."""
    fig.update_layout(
        title={"text": title, "x": 0},
        separators=", ",
        # The few styles of plotly_white, set directly: copying a whole template into
        # every figure cost ~50 ms a chart and ~10 kB of JSON on every page.
        template=None,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        xaxis={"gridcolor": "#e3e3e3", "linecolor": "#8a8a8a", "zerolinecolor": "#8a8a8a"},
        yaxis={"gridcolor": "#e3e3e3", "linecolor": "#8a8a8a", "zerolinecolor": "#8a8a8a"},
        colorway=PALETTE,
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13, "color": "#1b1b1b"},
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        legend={"orientation": "h", "y": -0.2},
        yaxis_title=y_title,
        hovermode="x unified",
    )
    return fig


@dataclass(frozen=True)
class TableRow:
    """A table row as shown: the row header, then the formatted cells."""

    label: str
    cells: list[str]
    level: int = 0
    is_sum: bool = False


@dataclass(frozen=True)
class Table:
    """A table as shown on the page and in the report, every value already formatted."""

    id: str
    caption: str
    headers: list[str]
    rows: list[TableRow]

    @property
    def is_short(self) -> bool:
        """Short enough to keep on one page rather than split (the report's print style)."""
        return len(self.rows) <= SHORT_TABLE_ROWS

    def compact(self) -> Table:
        """The table as a report prints it: without rows whose cells are all empty and
        without columns that are empty in every row (omit, don't pad).
        """
        rows = [r for r in self.rows if any(_filled(c) for c in r.cells)]
        width = len(self.headers) - 1
        keep = [
            i for i in range(width) if any(_filled(r.cells[i]) for r in rows if i < len(r.cells))
        ]
        if len(rows) == len(self.rows) and len(keep) == width:
            return self
        return replace(
            self,
            headers=[self.headers[0], *(self.headers[i + 1] for i in keep)],
            rows=[replace(r, cells=[r.cells[i] for i in keep if i < len(r.cells)]) for r in rows],
        )


def _filled(cell: str) -> bool:
    return cell.strip() not in EMPTY_CELLS


# A table of at most this many rows is not split over two pages.
SHORT_TABLE_ROWS = 12

# What an empty cell looks like once formatted: nothing, or a dash standing in for it.
EMPTY_CELLS = {"", "-", "\u2013", "\u2212"}
