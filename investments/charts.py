"""Chart and table builders for the investment key figures: pure functions of selector data.

The web page draws the figure with plotly.js and the report builder renders the same
figure (and table) for the PDF, so the two never drift apart. Amounts are kept in kr
until here and shown in the unit they are given (the organisation's on the web page,
the report's in the PDF); the frame is named after the organisation's deciding body.
"""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext

from common.charts import PALETTE, Chart, Table, TableRow, swedish_layout
from common.numbers import AmountFormat
from investments.rules import Row
from investments.selectors import InvestmentKeyFigures
from scorecards.terms import Terms


def amount_cell(value: Decimal | None, amounts: AmountFormat) -> str:
    """An amount in kr as a cell in ``amounts``' unit ("14,7"); nothing entered → ""."""
    return amounts.format(value, with_unit=False)


def _plotted(value: Decimal | None, amounts: AmountFormat) -> float | None:
    scaled = amounts.scaled(value)
    return None if scaled is None else float(scaled)


def frame_header(terms: Terms) -> str:
    """ "Ram beslutad av regionstyrelsen", "Ram beslutad av nämnden"."""
    return gettext("Ram beslutad av %(body)s") % {"body": terms.deciding_body}


def type_header(amounts: AmountFormat) -> str:
    return gettext("Typ av investering (%(unit)s)") % {"unit": amounts.unit}


def _cells(row: Row, amounts: AmountFormat) -> list[str]:
    f = row.figures
    return [
        amount_cell(value, amounts)
        for value in (f.frame, f.earlier, f.current, f.total, f.forecast)
    ]


def investment_table(data: InvestmentKeyFigures, amounts: AmountFormat, terms: Terms) -> Table:
    """The investment table of the reports: types with sub-types indented, Totalt last."""
    year = data.year
    rows = [
        TableRow(
            label=row.name,
            cells=_cells(row, amounts),
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
            type_header(amounts),
            frame_header(terms),
            gettext("Utfall beslut före %(year)s") % {"year": year},
            gettext("Utfall beslut inför/under %(year)s") % {"year": year},
            gettext("Utfall totalt"),
            gettext("Årsprognos"),
        ],
        rows=rows,
    )


def frame_outcome_chart(data: InvestmentKeyFigures, amounts: AmountFormat, terms: Terms) -> Chart:
    """Frame against total outcome per top-level investment type, grouped bars.

    Without any frame the frame series is left out, and the title says outcome only:
    an empty series would still take a legend entry and a column of the data table.
    """
    top = data.top_level
    names = [r.name for r in top]
    frames = [r.figures.frame for r in top]
    totals = [r.figures.total for r in top]
    with_frames = any(v is not None for v in frames)
    title = (
        gettext("Ram och utfall per typ av investering, %(period)s (%(unit)s)")
        if with_frames
        else gettext("Utfall per typ av investering, %(period)s (%(unit)s)")
    ) % {"period": data.unit_period.period.report_label, "unit": amounts.unit}
    hover = f"%{{y:,.{amounts.places}f}} {amounts.unit}"
    fig = go.Figure()
    # Frame hatched, outcome solid; every bar carries its value as text.
    series: list[tuple[str, list[Decimal | None]]] = []
    if with_frames:
        series.append((frame_header(terms), frames))
        fig.add_trace(
            go.Bar(
                x=names,
                y=[_plotted(v, amounts) for v in frames],
                name=frame_header(terms),
                marker={"color": PALETTE[1], "pattern": {"shape": "/", "fgcolor": "#ffffff"}},
                text=[amount_cell(v, amounts) for v in frames],
                textposition="outside",
                hovertemplate=hover,
            )
        )
    series.append((gettext("Utfall totalt"), totals))
    fig.add_trace(
        go.Bar(
            x=names,
            y=[_plotted(v, amounts) for v in totals],
            name=gettext("Utfall totalt"),
            marker={"color": PALETTE[0]},
            text=[amount_cell(v, amounts) for v in totals],
            textposition="outside",
            hovertemplate=hover,
        )
    )
    swedish_layout(fig, title=title, y_title=amounts.unit)
    fig.update_layout(barmode="group")
    return Chart(
        id="investments-frame-outcome",
        title=title,
        figure=fig,
        headers=[type_header(amounts), *(name for name, _values in series)],
        rows=[
            [name, *(amount_cell(values[i], amounts) for _label, values in series)]
            for i, name in enumerate(names)
        ],
    )


def charts(data: InvestmentKeyFigures, amounts: AmountFormat, terms: Terms) -> list[Chart]:
    """All investment charts in the order the page and the report show them."""
    return [frame_outcome_chart(data, amounts, terms)]


def yearly_chart(name: str, years: list[tuple[int, Decimal]], amounts: AmountFormat) -> Chart:
    """An investment type's total outcome per year ("IT-investeringar 2014–2019"), bars
    with their values written on them."""
    first, last = years[0][0], years[-1][0]
    title = gettext("%(name)s-investeringar %(first)s–%(last)s, utfall per år (%(unit)s)") % {
        "name": name,
        "first": first,
        "last": last,
        "unit": amounts.unit,
    }
    labels = [str(year) for year, _amount in years]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=[_plotted(amount, amounts) for _year, amount in years],
            marker={"color": PALETTE[0]},
            text=[amount_cell(amount, amounts) for _year, amount in years],
            textposition="outside",
            hovertemplate=f"%{{y:,.{amounts.places}f}} {amounts.unit}<extra></extra>",
            showlegend=False,
        )
    )
    swedish_layout(fig, title=title, y_title=amounts.unit)
    fig.update_xaxes(type="category")
    return Chart(
        id=f"investments-yearly-{name.lower()}",
        title=title,
        figure=fig,
        headers=[gettext("År"), gettext("Utfall (%(unit)s)") % {"unit": amounts.unit}],
        rows=[
            [label, amount_cell(amount, amounts)]
            for label, (_y, amount) in zip(labels, years, strict=True)
        ],
    )
