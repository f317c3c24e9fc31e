"""Chart and table builders for the finance key figures: pure functions of the selector data.

The web page draws these figures with plotly.js and the report builder renders the
same figures (and tables) for the PDF, so the two never drift apart. Amounts are kept
in kr until here; tables and charts show them in the unit they are given (the
organisation's on the web page, the report's in the PDF: a region's mnkr, a joint
committee's kr).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import plotly.graph_objects as go
from django.utils.translation import gettext

from common.charts import (
    EMPTY_CELLS,
    PALETTE,
    SHORT_TABLE_ROWS,
    Chart,
    Table,
    TableRow,
    swedish_layout,
)
from common.numbers import AmountFormat, format_number, format_percent
from finance.selectors import Amounts, FinanceKeyFigures, FinanceLine, FollowUp, NetCostRow
from scorecards.models import MONTHS_SHORT


def amount_cell(value: Decimal | None, amounts: AmountFormat, *, signed: bool = False) -> str:
    """An amount in kr as a table cell in ``amounts``' unit, without it: "−1,4", "+85 000"."""
    return amounts.format(value, signed=signed, with_unit=False)


def _plotted(value: Decimal | None, amounts: AmountFormat) -> float | None:
    """The value a chart plots: the amount in ``amounts``' unit."""
    scaled = amounts.scaled(value)
    return None if scaled is None else float(scaled)


def _hover(axis: str, amounts: AmountFormat, *, signed: bool = False) -> str:
    """plotly's hover text for an amount axis: "%{y:,.1f} mnkr" (d3 format, the figure's
    Swedish separators)."""
    sign = "+" if signed else ""
    return f"%{{{axis}:{sign},.{amounts.places}f}} {amounts.unit}"


def _amount_cells(values: Amounts, amounts: AmountFormat) -> list[str]:
    return [
        amount_cell(values.outcome, amounts),
        amount_cell(values.period_budget, amounts),
        amount_cell(values.deviation, amounts, signed=True),
        amount_cell(values.annual_budget, amounts),
        amount_cell(values.annual_forecast, amounts),
        amount_cell(values.forecast_deviation, amounts, signed=True),
    ]


def category_table(data: FinanceKeyFigures, amounts: AmountFormat) -> Table:
    """Utfall, periodbudget, avvikelse, årsbudget, årsprognos, prognosavvikelse per category."""
    rows = [
        TableRow(label=c.name, cells=_amount_cells(c.amounts, amounts)) for c in data.categories
    ]
    rows.append(
        TableRow(label=gettext("Totalt"), cells=_amount_cells(data.total, amounts), is_sum=True)
    )
    return Table(
        id="finance-categories",
        caption=gettext("Utfall, budget och prognos per kostnadskategori, %(period)s (%(unit)s)")
        % {"period": data.unit_period.period.report_label, "unit": amounts.unit},
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


def follow_up_table(follow_up: FollowUp, amounts: AmountFormat, *, index: int) -> Table:
    """A follow-up table (e.g. Covid-19 costs) with its computed "Summa" row."""
    rows = [
        TableRow(label=line.label, cells=[amount_cell(line.amount, amounts)])
        for line in follow_up.lines
    ]
    rows.append(
        TableRow(label=gettext("Summa"), cells=[amount_cell(follow_up.total, amounts)], is_sum=True)
    )
    return Table(
        id=f"finance-follow-up-{index}",
        caption=follow_up.title,
        headers=[gettext("Post"), gettext("Belopp (%(unit)s)") % {"unit": amounts.unit}],
        rows=rows,
    )


def follow_up_tables(data: FinanceKeyFigures, amounts: AmountFormat) -> list[Table]:
    return [follow_up_table(f, amounts, index=i) for i, f in enumerate(data.follow_ups, start=1)]


def deviation_chart(data: FinanceKeyFigures, amounts: AmountFormat) -> Chart:
    """Deviation from the period budget per category, horizontal bars."""
    names = [c.name for c in data.categories]
    deviations = [c.amounts.deviation for c in data.categories]
    title = gettext("Avvikelse mot periodbudget per kostnadskategori, %(period)s (%(unit)s)") % {
        "period": data.unit_period.period.report_label,
        "unit": amounts.unit,
    }
    fig = go.Figure(
        go.Bar(
            y=names,
            x=[_plotted(d, amounts) for d in deviations],
            orientation="h",
            # The sign is written on every bar, so the colour is never the only cue.
            marker={
                "color": [PALETTE[1] if d is not None and d < 0 else PALETTE[2] for d in deviations]
            },
            text=[amount_cell(d, amounts, signed=True) for d in deviations],
            textposition="outside",
            hovertemplate="%{y}: " + _hover("x", amounts, signed=True) + "<extra></extra>",
            showlegend=False,
        )
    )
    swedish_layout(fig, title=title)
    fig.update_layout(
        hovermode="closest",
        height=max(320, 120 + 40 * len(names)),
        xaxis={"title": {"text": amounts.unit}, "zeroline": True, "zerolinecolor": "#1b1b1b"},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return Chart(
        id="finance-deviation",
        title=title,
        figure=fig,
        headers=[
            gettext("Kostnadskategori"),
            gettext("Avvikelse (%(unit)s)") % {"unit": amounts.unit},
        ],
        rows=[
            [n, amount_cell(d, amounts, signed=True)]
            for n, d in zip(names, deviations, strict=True)
        ],
    )


def net_cost_chart(data: FinanceKeyFigures, amounts: AmountFormat) -> Chart:
    """Net cost per cost kind this year against the same period last year."""
    rows = data.net_cost
    labels = [r.label for r in rows]
    title = gettext("Nettokostnad per kostnadsslag, %(year)s och %(previous)s (%(unit)s)") % {
        "year": data.year,
        "previous": data.year - 1,
        "unit": amounts.unit,
    }
    fig = go.Figure()
    # Last year hatched, this year solid; every bar carries its value as text.
    fig.add_trace(
        go.Bar(
            x=labels,
            y=[_plotted(r.previous, amounts) for r in rows],
            name=str(data.year - 1),
            marker={"color": PALETTE[1], "pattern": {"shape": "/", "fgcolor": "#ffffff"}},
            text=[amount_cell(r.previous, amounts) for r in rows],
            textposition="outside",
            hovertemplate=_hover("y", amounts),
        )
    )
    fig.add_trace(
        go.Bar(
            x=labels,
            y=[_plotted(r.current, amounts) for r in rows],
            name=str(data.year),
            marker={"color": PALETTE[0]},
            text=[amount_cell(r.current, amounts) for r in rows],
            textposition="outside",
            hovertemplate=_hover("y", amounts),
        )
    )
    swedish_layout(fig, title=title, y_title=amounts.unit)
    fig.update_layout(barmode="group")
    return Chart(
        id="finance-net-cost-chart",
        title=title,
        figure=fig,
        headers=[gettext("Kostnadsslag"), str(data.year), str(data.year - 1)],
        rows=[
            [r.label, amount_cell(r.current, amounts), amount_cell(r.previous, amounts)]
            for r in rows
        ],
    )


def charts(data: FinanceKeyFigures, amounts: AmountFormat) -> list[Chart]:
    """All finance charts in the order the page and the report show them."""
    return [deviation_chart(data, amounts), net_cost_chart(data, amounts)]


# --- finance by line (Ekonomi per verksamhet) -------------------------------------------


@dataclass(frozen=True)
class RowGroup:
    """Rows under a heading row: a verksamhet's Intäkter, Kostnader and Resultat."""

    label: str
    rows: list[TableRow]


def _filled(cell: str) -> bool:
    return cell.strip() not in EMPTY_CELLS


@dataclass(frozen=True)
class GroupedTable:
    """A table of row groups, each headed by a row of its own (th scope="rowgroup"),
    every value already formatted."""

    id: str
    caption: str
    headers: list[str]
    groups: list[RowGroup]

    @property
    def is_short(self) -> bool:
        """Short enough to keep on one page (heading rows counted)."""
        return sum(1 + len(g.rows) for g in self.groups) <= SHORT_TABLE_ROWS

    @property
    def flat(self) -> Table:
        """One row per figure row, named by its group ("Kansliet › Intäkter"): the table
        as the figure diff compares it, where a row label must be unique."""
        return Table(
            id=self.id,
            caption=self.caption,
            headers=self.headers,
            rows=[replace(r, label=f"{g.label} › {r.label}") for g in self.groups for r in g.rows],
        )

    def compact(self) -> GroupedTable:
        """As printed: no row whose cells are all empty, no group left without rows, no
        column empty in every row (omit, don't pad)."""
        groups = [
            RowGroup(g.label, [r for r in g.rows if any(_filled(c) for c in r.cells)])
            for g in self.groups
        ]
        groups = [g for g in groups if g.rows]
        keep = [
            i
            for i in range(len(self.headers) - 1)
            if any(i < len(r.cells) and _filled(r.cells[i]) for g in groups for r in g.rows)
        ]
        return replace(
            self,
            headers=[self.headers[0], *(self.headers[i + 1] for i in keep)],
            groups=[
                RowGroup(
                    g.label,
                    [
                        replace(r, cells=[r.cells[i] for i in keep if i < len(r.cells)])
                        for r in g.rows
                    ],
                )
                for g in groups
            ],
        )


def _line_cells(values: Amounts, amounts: AmountFormat, *, is_annual: bool) -> list[str]:
    """Budget, Utfall, Avvikelse (+ better), and for a part of the year Helårsbudget and
    Helårsprognos (in an årsrapport the period is the year: they would repeat Budget)."""
    cells = [
        amount_cell(values.period_budget, amounts),
        amount_cell(values.outcome, amounts),
        amount_cell(values.deviation, amounts, signed=True),
    ]
    if not is_annual:
        cells += [
            amount_cell(values.annual_budget, amounts),
            amount_cell(values.annual_forecast, amounts),
        ]
    return cells


def _line_rows(
    line: FinanceLine, amounts: AmountFormat, *, is_annual: bool, with_categories: bool
) -> list[TableRow]:
    """Intäkter, Kostnader (each with its categories when asked) and Resultat.

    With the categories shown, Intäkter and Kostnader head them (level 0) and the
    categories are indented under them; without, the three rows are indented under the
    line's heading row.
    """
    level = 0 if with_categories else 1
    rows: list[TableRow] = []
    for label, total, members in (
        (gettext("Intäkter"), line.income, line.income_categories),
        (gettext("Kostnader"), line.costs, line.cost_categories),
    ):
        if not members:
            continue
        rows.append(TableRow(label, _line_cells(total, amounts, is_annual=is_annual), level))
        if with_categories:
            rows.extend(
                TableRow(c.name, _line_cells(c.amounts, amounts, is_annual=is_annual), 1)
                for c in members
            )
    rows.append(
        TableRow(
            gettext("Resultat"),
            _line_cells(line.result, amounts, is_annual=is_annual),
            level,
            is_sum=True,
        )
    )
    return rows


def lines_table(
    data: FinanceKeyFigures,
    amounts: AmountFormat,
    *,
    is_annual: bool = False,
    with_categories: bool = False,
) -> GroupedTable:
    """Intäkter, kostnader and resultat per verksamhet or project, then the total over
    every line (left out when there is one line: it would repeat it)."""
    lines = data.lines
    groups = [
        RowGroup(
            line.name,
            _line_rows(line, amounts, is_annual=is_annual, with_categories=with_categories),
        )
        for line in lines
    ]
    if len(lines) > 1:
        everything = FinanceLine(gettext("Totalt"), data.categories)
        groups.append(
            RowGroup(
                everything.name,
                _line_rows(everything, amounts, is_annual=is_annual, with_categories=False),
            )
        )
    headers = [
        gettext("Verksamhet eller projekt"),
        gettext("Budget"),
        gettext("Utfall"),
        gettext("Avvikelse"),
    ]
    if not is_annual:
        headers += [gettext("Helårsbudget"), gettext("Helårsprognos")]
    return GroupedTable(
        id="finance-lines",
        caption=gettext("Intäkter, kostnader och resultat per verksamhet, %(period)s (%(unit)s)")
        % {"period": data.unit_period.period.report_label, "unit": amounts.unit},
        headers=headers,
        groups=groups,
    )


# --- resultatutveckling ------------------------------------------------------------------


@dataclass(frozen=True)
class MonthPoint:
    """The result and budget accumulated from 1 January to the end of a month, in kr."""

    month: int
    outcome: Decimal | None
    budget: Decimal | None


def result_development_chart(
    points: list[MonthPoint], *, year: int, amounts: AmountFormat
) -> Chart:
    """Resultatutveckling: the accumulated result month by month against the accumulated
    budget (seeds 000–002), in the report's unit. Utfall solid with circles, budget
    dashed with squares: the two differ in more than colour."""
    months = [MONTHS_SHORT[p.month] for p in points]
    title = gettext("Resultatutveckling %(year)s, ackumulerat utfall och budget (%(unit)s)") % {
        "year": year,
        "unit": amounts.unit,
    }
    fig = go.Figure()
    for name, values, style in (
        (
            gettext("Budget"),
            [p.budget for p in points],
            {"line": {"color": PALETTE[1], "dash": "dash", "width": 2}, "symbol": "square"},
        ),
        (
            gettext("Utfall"),
            [p.outcome for p in points],
            {"line": {"color": PALETTE[0], "width": 3}, "symbol": "circle"},
        ),
    ):
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[_plotted(v, amounts) for v in values],
                name=name,
                mode="lines+markers",
                line=style["line"],
                marker={"symbol": style["symbol"], "size": 8},
                hovertemplate=_hover("y", amounts, signed=True),
            )
        )
    swedish_layout(fig, title=title, y_title=amounts.unit)
    fig.update_xaxes(type="category")
    fig.update_yaxes(zeroline=True, zerolinecolor="#1b1b1b")
    return Chart(
        id="finance-result-development",
        title=title,
        figure=fig,
        headers=[gettext("Månad"), gettext("Utfall"), gettext("Budget")],
        rows=[
            [
                MONTHS_SHORT[p.month],
                amount_cell(p.outcome, amounts, signed=True),
                amount_cell(p.budget, amounts, signed=True),
            ]
            for p in points
        ],
    )
