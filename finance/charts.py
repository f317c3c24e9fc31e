"""Chart and table builders for the finance key figures: pure functions of the selector data.

The web page draws these figures with plotly.js and the report builder renders the
same figures (and tables) for the PDF, so the two never drift apart. Amounts are kept
in kr until here; charts plot mnkr.
"""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext

from common.charts import PALETTE, Chart, Table, TableRow, swedish_layout
from common.numbers import format_amount, format_number, format_percent
from finance.selectors import Amounts, FinanceKeyFigures, FollowUp, NetCostRow


def mnkr(value: Decimal | None, *, signed: bool = False) -> str:
    """An amount in kr as a table cell in mnkr with one decimal: "−1,4", "+0,8"."""
    return format_amount(value, scale="mnkr", signed=signed, with_unit=False)


def _mnkr_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value) / 1_000_000


def _amount_cells(amounts: Amounts) -> list[str]:
    return [
        mnkr(amounts.outcome),
        mnkr(amounts.period_budget),
        mnkr(amounts.deviation, signed=True),
        mnkr(amounts.annual_budget),
        mnkr(amounts.annual_forecast),
        mnkr(amounts.forecast_deviation, signed=True),
    ]


def category_table(data: FinanceKeyFigures) -> Table:
    """Utfall, periodbudget, avvikelse, årsbudget, årsprognos, prognosavvikelse per category."""
    rows = [TableRow(label=c.name, cells=_amount_cells(c.amounts)) for c in data.categories]
    rows.append(TableRow(label=gettext("Totalt"), cells=_amount_cells(data.total), is_sum=True))
    return Table(
        id="finance-categories",
        caption=gettext("Utfall, budget och prognos per kostnadskategori, %(period)s (mnkr)")
        % {"period": data.unit_period.period.report_label},
        headers=[
            gettext("Kostnadskategori"),
            gettext("Utfall"),
            gettext("Periodbudget"),
            gettext("Avvikelse"),
            gettext("Årsbudget"),
            gettext("Årsprognos"),
            gettext("Prognosavvikelse"),
        ],
        rows=rows,
    )


def _net_cost_cells(row: NetCostRow) -> list[str]:
    change = row.change
    return [
        format_number(row.current),
        format_number(row.previous),
        "" if change is None else format_number(change.change),
        "" if change is None else format_percent(change.percent, decimals=2),
    ]


def net_cost_table(data: FinanceKeyFigures) -> Table:
    """Nettokostnadsutveckling in whole kr: seed 001 "Personal −32 533 999 … 0,21 %"."""
    rows = [TableRow(label=r.label, cells=_net_cost_cells(r)) for r in data.net_cost]
    total = data.net_cost_total
    rows.append(TableRow(label=total.label, cells=_net_cost_cells(total), is_sum=True))
    return Table(
        id="finance-net-cost",
        caption=gettext(
            "Nettokostnadsutveckling %(period)s jämfört med samma period %(previous)s (kr)"
        )
        % {"period": data.unit_period.period.report_label, "previous": data.year - 1},
        headers=[
            gettext("Kostnadsslag"),
            str(data.year),
            str(data.year - 1),
            gettext("Förändring"),
            "%",
        ],
        rows=rows,
    )


def follow_up_table(follow_up: FollowUp, *, index: int) -> Table:
    """A follow-up table (e.g. Covid-19 costs) in mnkr with its computed "Summa" row."""
    rows = [TableRow(label=line.label, cells=[mnkr(line.amount)]) for line in follow_up.lines]
    rows.append(TableRow(label=gettext("Summa"), cells=[mnkr(follow_up.total)], is_sum=True))
    return Table(
        id=f"finance-follow-up-{index}",
        caption=follow_up.title,
        headers=[gettext("Post"), gettext("Mnkr")],
        rows=rows,
    )


def follow_up_tables(data: FinanceKeyFigures) -> list[Table]:
    return [follow_up_table(f, index=i) for i, f in enumerate(data.follow_ups, start=1)]


def deviation_chart(data: FinanceKeyFigures) -> Chart:
    """Deviation from the period budget per category, horizontal bars in mnkr."""
    names = [c.name for c in data.categories]
    deviations = [c.amounts.deviation for c in data.categories]
    title = gettext("Avvikelse mot periodbudget per kostnadskategori, %(period)s (mnkr)") % {
        "period": data.unit_period.period.report_label
    }
    fig = go.Figure(
        go.Bar(
            y=names,
            x=[_mnkr_float(d) for d in deviations],
            orientation="h",
            # The sign is written on every bar, so the colour is never the only cue.
            marker={
                "color": [PALETTE[1] if d is not None and d < 0 else PALETTE[2] for d in deviations]
            },
            text=[mnkr(d, signed=True) for d in deviations],
            textposition="outside",
            hovertemplate="%{y}: %{x:+,.1f} mnkr<extra></extra>",
            showlegend=False,
        )
    )
    swedish_layout(fig, title=title)
    fig.update_layout(
        hovermode="closest",
        height=max(320, 120 + 40 * len(names)),
        xaxis={"title": {"text": gettext("mnkr")}, "zeroline": True, "zerolinecolor": "#1b1b1b"},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return Chart(
        id="finance-deviation",
        title=title,
        figure=fig,
        headers=[gettext("Kostnadskategori"), gettext("Avvikelse (mnkr)")],
        rows=[[n, mnkr(d, signed=True)] for n, d in zip(names, deviations, strict=True)],
    )


def net_cost_chart(data: FinanceKeyFigures) -> Chart:
    """Net cost per cost kind this year against the same period last year, in mnkr."""
    rows = data.net_cost
    labels = [r.label for r in rows]
    title = gettext("Nettokostnad per kostnadsslag, %(year)s och %(previous)s (mnkr)") % {
        "year": data.year,
        "previous": data.year - 1,
    }
    fig = go.Figure()
    # Last year hatched, this year solid; every bar carries its value as text.
    fig.add_trace(
        go.Bar(
            x=labels,
            y=[_mnkr_float(r.previous) for r in rows],
            name=str(data.year - 1),
            marker={"color": PALETTE[1], "pattern": {"shape": "/", "fgcolor": "#ffffff"}},
            text=[mnkr(r.previous) for r in rows],
            textposition="outside",
            hovertemplate="%{y:,.1f} mnkr",
        )
    )
    fig.add_trace(
        go.Bar(
            x=labels,
            y=[_mnkr_float(r.current) for r in rows],
            name=str(data.year),
            marker={"color": PALETTE[0]},
            text=[mnkr(r.current) for r in rows],
            textposition="outside",
            hovertemplate="%{y:,.1f} mnkr",
        )
    )
    swedish_layout(fig, title=title, y_title=gettext("mnkr"))
    fig.update_layout(barmode="group")
    return Chart(
        id="finance-net-cost-chart",
        title=title,
        figure=fig,
        headers=[gettext("Kostnadsslag"), str(data.year), str(data.year - 1)],
        rows=[[r.label, mnkr(r.current), mnkr(r.previous)] for r in rows],
    )


def charts(data: FinanceKeyFigures) -> list[Chart]:
    """All finance charts in the order the page and the report show them."""
    return [deviation_chart(data), net_cost_chart(data)]
