"""What every chart shares: Swedish number format, the page embedding, a text alternative.

Each app has its own chart builders (``<app>/charts.py``): pure functions from selector
data to a :class:`Chart`. The web page draws ``Chart.figure`` with the local plotly.js;
the report builder renders the same figure to SVG, so the two never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
