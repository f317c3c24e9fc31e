"""Chart and table builders for the staff key figures: pure functions of the selector data.

The web page draws these figures with plotly.js and the report builder renders the
same figures (and tables) for the PDF, so the two never drift apart.
"""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext

from common.charts import PALETTE, Chart, Table, TableRow, swedish_layout
from common.numbers import NBSP, format_number, format_percent, percent_change
from scorecards.models import MONTHS_LONG, MONTHS_SHORT
from staff.selectors import SICK_LEAVE, StaffKeyFigures

# How each figure is shown: decimals, and whether it is a percentage.
DECIMALS = {
    "fte_rolling_12": 1,
    "headcount": 0,
    "extra_time_hours": 0,
    **dict.fromkeys(SICK_LEAVE, 2),
}


def figure_labels() -> dict[str, str]:
    """The users' names for the figures (translated when called)."""
    return {
        "fte_rolling_12": gettext("Årsarbetare, rullande 12 mån"),
        "headcount": gettext("Antal anställda"),
        "extra_time_hours": gettext("Extratid, timmar (ackumulerat från januari)"),
        "sick_leave_total": gettext("Sjukfrånvaro totalt"),
        "sick_leave_short": gettext("Sjukfrånvaro kort"),
        "sick_leave_long": gettext("Sjukfrånvaro lång"),
        "sick_leave_women": gettext("Sjukfrånvaro kvinnor"),
        "sick_leave_men": gettext("Sjukfrånvaro män"),
    }


def sick_leave_labels() -> list[str]:
    return [gettext("Totalt"), gettext("Kort"), gettext("Lång"), gettext("Kvinnor"), gettext("Män")]


def format_figure(figure: str, value: Decimal | None) -> str:
    if figure in SICK_LEAVE:
        return format_percent(value, decimals=DECIMALS[figure])
    return format_number(value, decimals=DECIMALS[figure])


def format_change(figure: str, change: Decimal | None) -> str:
    """Signed difference; sick leave differences are in procentenheter, not percent."""
    if change is None:
        return ""
    text = format_number(change, decimals=DECIMALS[figure], signed=True)
    if figure in SICK_LEAVE:
        return f"{text}{NBSP}{gettext('procentenheter')}"
    return text


def month_label(year: int, month: int) -> str:
    """ "april 2021": the month a period's staff figures are read from."""
    return f"{MONTHS_LONG[month]} {year}"


def _floats(values: list[Decimal | None]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _monthly_chart(
    data: StaffKeyFigures, *, figure: str, chart_id: str, title: str, y_title: str
) -> Chart:
    """This year against last year month by month; a missing month is a gap in the line."""
    x = [MONTHS_SHORT[m] for m in data.months]
    current = data.series(figure)
    previous = data.series(figure, last_year=True)
    hover = f"%{{y:,.{DECIMALS[figure]}f}}"
    fig = go.Figure()
    # Last year dashed with squares, this year solid with circles: the two differ in
    # more than colour, also in a grey-scale print.
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_floats(previous),
            name=str(data.previous_year),
            mode="lines+markers",
            line={"color": PALETTE[1], "dash": "dash", "width": 2},
            marker={"symbol": "square", "size": 8},
            hovertemplate=hover,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=_floats(current),
            name=str(data.year),
            mode="lines+markers",
            line={"color": PALETTE[0], "width": 3},
            marker={"symbol": "circle", "size": 9},
            hovertemplate=hover,
        )
    )
    swedish_layout(fig, title=title, y_title=y_title)
    fig.update_xaxes(type="category")
    rows = [
        [MONTHS_SHORT[m], format_figure(figure, c), format_figure(figure, p)]
        for m, c, p in zip(data.months, current, previous, strict=True)
    ]
    return Chart(
        id=chart_id,
        title=title,
        figure=fig,
        headers=[gettext("Månad"), str(data.year), str(data.previous_year)],
        rows=rows,
    )


def fte_chart(data: StaffKeyFigures) -> Chart:
    return _monthly_chart(
        data,
        figure="fte_rolling_12",
        chart_id="staff-fte",
        title=gettext("Arbetad tid omvandlat till årsarbetare, rullande 12 mån"),
        y_title=gettext("Årsarbetare"),
    )


def headcount_chart(data: StaffKeyFigures) -> Chart:
    return _monthly_chart(
        data,
        figure="headcount",
        chart_id="staff-headcount",
        title=gettext("Antal anställda"),
        y_title=gettext("Antal"),
    )


def extra_time_chart(data: StaffKeyFigures) -> Chart:
    return _monthly_chart(
        data,
        figure="extra_time_hours",
        chart_id="staff-extra-time",
        title=gettext("Extratid, timmar ackumulerat från januari"),
        y_title=gettext("Timmar"),
    )


def sick_leave_chart(data: StaffKeyFigures) -> Chart:
    """Sick leave split (total, short, long, women, men): the period against last year's."""
    labels = sick_leave_labels()
    current = [data.change(f).current for f in SICK_LEAVE]
    previous = [data.change(f).previous for f in SICK_LEAVE]
    month = MONTHS_LONG[data.end_month]
    title = gettext("Sjukfrånvaro per %(month)s, %(year)s och %(previous)s (%%)") % {
        "month": month,
        "year": data.year,
        "previous": data.previous_year,
    }
    fig = go.Figure()
    # Last year hatched, this year solid; every bar carries its value as text.
    fig.add_trace(
        go.Bar(
            x=labels,
            y=_floats(previous),
            name=str(data.previous_year),
            marker={"color": PALETTE[1], "pattern": {"shape": "/", "fgcolor": "#ffffff"}},
            text=[format_percent(v) for v in previous],
            textposition="outside",
            hovertemplate="%{y:,.2f} %",
        )
    )
    fig.add_trace(
        go.Bar(
            x=labels,
            y=_floats(current),
            name=str(data.year),
            marker={"color": PALETTE[0]},
            text=[format_percent(v) for v in current],
            textposition="outside",
            hovertemplate="%{y:,.2f} %",
        )
    )
    swedish_layout(fig, title=title, y_title="%")
    fig.update_layout(barmode="group")
    rows = [
        [label, format_percent(c), format_percent(p)]
        for label, c, p in zip(labels, current, previous, strict=True)
    ]
    return Chart(
        id="staff-sick-leave",
        title=title,
        figure=fig,
        headers=[gettext("Sjukfrånvaro"), str(data.year), str(data.previous_year)],
        rows=rows,
    )


def lines_are_drawn(chart: Chart) -> bool:
    """True unless a line of the chart would be a lone point: each series with a value
    has two or more (the report then leaves the chart out; the table has the figures).
    A bar chart has no lines and passes."""
    for trace in chart.figure.data:
        if trace.type != "scatter" or trace.y is None:
            continue
        points = sum(1 for v in trace.y if v is not None)
        if points == 1:
            return False
    return True


def charts(data: StaffKeyFigures) -> list[Chart]:
    """All staff charts in the order the page and the report show them."""
    return [fte_chart(data), headcount_chart(data), extra_time_chart(data), sick_leave_chart(data)]


def key_figure_table(data: StaffKeyFigures) -> Table:
    """This period, the same period last year and the change, one row per figure."""
    current_label = month_label(data.year, data.end_month)
    previous_label = month_label(data.previous_year, data.end_month)
    rows = []
    for figure, label in figure_labels().items():
        change = data.change(figure)
        rows.append(
            TableRow(
                label=label,
                cells=[
                    format_figure(figure, change.current),
                    format_figure(figure, change.previous),
                    format_change(figure, change.change),
                    format_percent_change(figure, change.current, change.previous),
                ],
            )
        )
    return Table(
        id="staff-key-figures",
        caption=gettext("Nyckeltal per %(current)s jämfört med %(previous)s")
        % {"current": current_label, "previous": previous_label},
        headers=[
            gettext("Nyckeltal"),
            current_label,
            previous_label,
            gettext("Förändring"),
            gettext("Förändring (%)"),
        ],
        rows=rows,
    )


def format_percent_change(figure: str, current: Decimal | None, previous: Decimal | None) -> str:
    """The change in percent of last year's figure, for counts and hours ("+14 %": seed
    000's "Extratiden har ökat med 14 %"); sick leave is already a share, so its change
    is only in procentenheter."""
    if figure in SICK_LEAVE:
        return ""
    return format_percent(percent_change(current, previous), decimals=0, signed=True)
