"""Chart and table builders for the investment key figures: pure functions of selector data.

The web page draws the figure with plotly.js and the report builder renders the same
figure (and table) for the PDF, so the two never drift apart. Amounts are kept in kr
until here and shown in mnkr with one decimal.
"""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext

from common.charts import PALETTE, Chart, Table, TableRow, swedish_layout
from common.numbers import format_amount
from investments.rules import Row
from investments.selectors import InvestmentKeyFigures


def mnkr(value: Decimal | None) -> str:
    """An amount in kr as a cell in mnkr with one decimal ("14,7"); nothing entered → ""."""
    return format_amount(value, scale="mnkr", with_unit=False)


def _mnkr_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value) / 1_000_000


def _cells(row: Row) -> list[str]:
    f = row.figures
    return [mnkr(f.frame), mnkr(f.earlier), mnkr(f.current), mnkr(f.total), mnkr(f.forecast)]


def investment_table(data: InvestmentKeyFigures) -> Table:
    """The investment table of the reports: types with sub-types indented, Totalt last."""
    year = data.year
    rows = [
        TableRow(
            label=row.name,
            cells=_cells(row),
            level=row.level,
            is_sum=row.category_id is None,
        )
        for row in data.rows
    ]
    return Table(
        id="investments-table",
        caption=gettext("Investeringar %(period)s")
        % {"period": data.unit_period.period.report_label},
        headers=[
            gettext("Typ av investering (mnkr)"),
            gettext("Ram beslutad av regionstyrelsen"),
            gettext("Utfall beslut före %(year)s") % {"year": year},
            gettext("Utfall beslut inför/under %(year)s") % {"year": year},
            gettext("Utfall totalt"),
            gettext("Årsprognos"),
        ],
        rows=rows,
    )


def frame_outcome_chart(data: InvestmentKeyFigures) -> Chart:
    """Frame against total outcome per top-level investment type, grouped bars in mnkr."""
    top = data.top_level
    names = [r.name for r in top]
    frames = [r.figures.frame for r in top]
    totals = [r.figures.total for r in top]
    title = gettext("Ram och utfall per typ av investering, %(period)s (mnkr)") % {
        "period": data.unit_period.period.report_label
    }
    fig = go.Figure()
    # Frame hatched, outcome solid; every bar carries its value as text.
    fig.add_trace(
        go.Bar(
            x=names,
            y=[_mnkr_float(v) for v in frames],
            name=gettext("Ram beslutad av regionstyrelsen"),
            marker={"color": PALETTE[1], "pattern": {"shape": "/", "fgcolor": "#ffffff"}},
            text=[mnkr(v) for v in frames],
            textposition="outside",
            hovertemplate="%{y:,.1f} mnkr",
        )
    )
    fig.add_trace(
        go.Bar(
            x=names,
            y=[_mnkr_float(v) for v in totals],
            name=gettext("Utfall totalt"),
            marker={"color": PALETTE[0]},
            text=[mnkr(v) for v in totals],
            textposition="outside",
            hovertemplate="%{y:,.1f} mnkr",
        )
    )
    swedish_layout(fig, title=title, y_title=gettext("mnkr"))
    fig.update_layout(barmode="group")
    return Chart(
        id="investments-frame-outcome",
        title=title,
        figure=fig,
        headers=[
            gettext("Typ av investering (mnkr)"),
            gettext("Ram beslutad av regionstyrelsen"),
            gettext("Utfall totalt"),
        ],
        rows=[[n, mnkr(f), mnkr(t)] for n, f, t in zip(names, frames, totals, strict=True)],
    )


def charts(data: InvestmentKeyFigures) -> list[Chart]:
    """All investment charts in the order the page and the report show them."""
    return [frame_outcome_chart(data)]
