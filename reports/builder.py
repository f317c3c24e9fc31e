"""The report builder: everything a delårsrapport or årsrapport shows, read from data.

``report_data`` gathers one unit period's report from the apps' selectors, chart and
table builders (the same ones the web pages use); ``report_html`` renders the one
template used both for the HTML preview and the PDF; ``reports.pdf`` turns that HTML
into an archival PDF. Nothing in a report is typed into the report itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from assignments.models import Assignment, AssignmentNote
from finance import charts as finance_charts
from finance import selectors as finance_selectors
from internal_control import selectors as internal_control_selectors
from investments import charts as investment_charts
from investments import selectors as investment_selectors
from common.chart_svg import svg_data_uri
from common.charts import Chart, Table
from common.numbers import format_amount, format_number, format_percent
from reports.models import (
    NarrativeSection,
    ReportKind,
    ReportTemplate,
    Section,
    default_sections,
)
from scorecards import selectors as scorecard_selectors
from scorecards.models import MONTHS_LONG, Attainment, FocusArea, Period, UnitPeriod
from staff import charts as staff_charts
from staff import selectors as staff_selectors

NBSP = "\u00a0"


@dataclass(frozen=True)
class Figure:
    """A chart as the PDF shows it: the SVG of the web chart's figure, with its text."""

    title: str
    src: str
    table: Chart


@dataclass(frozen=True)
class PerspectiveReport:
    """A perspective's block of the scorecard with the analysis text written for it."""

    block: scorecard_selectors.PerspectiveBlock
    text: str


@dataclass(frozen=True)
class AssignmentReport:
    assignment: Assignment
    note: AssignmentNote | None


@dataclass
class ReportData:
    """One unit period's report, ready for the template."""

    unit_period: UnitPeriod
    kind: str
    title: str
    sections: list[str]
    texts: dict[str, str]
    scorecard: scorecard_selectors.Scorecard
    perspectives: list[PerspectiveReport]
    focus_areas: list[FocusArea]
    key_points: dict[str, list[str]]
    staff_table: Table
    staff_figures: list[Figure]
    finance: finance_selectors.FinanceKeyFigures
    finance_tables: dict[str, Any]
    finance_figures: list[Figure]
    investment_table: Table
    investment_comments: list[Any]
    investment_figures: list[Figure]
    assignments: list[AssignmentReport]
    # The Internkontroll table (annual reports): the year's plan with its follow-ups.
    internal_control: list[internal_control_selectors.ReportRow] = field(default_factory=list)
    figures: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def is_annual(self) -> bool:
        return self.kind == ReportKind.ANNUAL


def report_kind(period: Period) -> str:
    return ReportKind.ANNUAL if period.kind == Period.Kind.YEAR else ReportKind.INTERIM


def report_title(unit_period: UnitPeriod) -> str:
    """ "Årsrapport 2019" / "Delårsrapport per april 2021"."""
    period = unit_period.period
    if report_kind(period) == ReportKind.ANNUAL:
        return _("Årsrapport %(year)s") % {"year": period.year.year}
    return _("Delårsrapport %(period)s") % {"period": period.report_label}


def report_sections(unit_period: UnitPeriod) -> list[str]:
    """The organisation's template for this kind of report, or the seeds' default order.

    Internkontroll reports on the whole year, so interim reports leave it out.
    """
    kind = report_kind(unit_period.period)
    template = ReportTemplate.objects.filter(
        organisation=unit_period.unit.organisation_id, kind=kind
    ).first()
    sections = list(template.sections) if template else default_sections()
    if kind != ReportKind.ANNUAL:
        sections = [s for s in sections if s != Section.INTERNAL_CONTROL]
    return sections


def _figures(charts: list[Chart], *, size: tuple[float, float] = (165, 75)) -> list[Figure]:
    return [
        Figure(
            title=c.title, src=svg_data_uri(c.figure, width_mm=size[0], height_mm=size[1]), table=c
        )
        for c in charts
        if c.has_data
    ]


def report_data(*, unit_period: UnitPeriod, with_figures: bool = True) -> ReportData:
    """Gather the report. ``with_figures=False`` skips drawing charts (for the figure diff)."""
    unit, period = unit_period.unit, unit_period.period
    narratives = list(NarrativeSection.objects.filter(unit=unit, period=period))
    texts = {n.kind: n.body for n in narratives if n.perspective_id is None}
    perspective_texts = {n.perspective_id: n.body for n in narratives if n.perspective_id}
    card = scorecard_selectors.scorecard(unit_period=unit_period)
    staff = staff_selectors.key_figures(unit_period=unit_period)
    finance = finance_selectors.key_figures(unit_period=unit_period)
    investments = investment_selectors.key_figures(unit_period=unit_period)
    notes = {
        n.assignment_id: n
        for n in AssignmentNote.objects.filter(assignment__unit=unit, period=period)
    }
    assignments = [
        AssignmentReport(a, notes.get(a.pk))
        for a in Assignment.objects.filter(unit=unit, year=period.year_id).order_by("order", "pk")
    ]
    draw = _figures if with_figures else (lambda charts, **_: [])
    sections = report_sections(unit_period)
    data = ReportData(
        unit_period=unit_period,
        kind=report_kind(period),
        title=report_title(unit_period),
        sections=sections,
        texts=texts,
        scorecard=card,
        perspectives=[
            PerspectiveReport(b, perspective_texts.get(b.perspective.pk, ""))
            for b in card.perspectives
        ],
        focus_areas=list(
            FocusArea.objects.filter(unit=unit, year=period.year_id).order_by("order")
        ),
        key_points=key_points(unit_period, staff, finance),
        staff_table=staff_charts.key_figure_table(staff),
        staff_figures=draw(staff_charts.charts(staff)),
        finance=finance,
        finance_tables={
            "categories": finance_charts.category_table(finance),
            "net_cost": finance_charts.net_cost_table(finance),
            "follow_ups": finance_charts.follow_up_tables(finance),
        },
        finance_figures=draw(finance_charts.charts(finance)),
        investment_table=investment_charts.investment_table(investments),
        investment_comments=investments.comments,
        investment_figures=draw(investment_charts.charts(investments)),
        assignments=assignments,
        internal_control=internal_control_selectors.report_rows(unit=unit, period=period)
        if Section.INTERNAL_CONTROL in sections
        else [],
    )
    data.figures = figure_snapshot(data)
    return data


def key_points(
    unit_period: UnitPeriod,
    staff: staff_selectors.StaffKeyFigures,
    finance: finance_selectors.FinanceKeyFigures,
) -> dict[str, list[str]]:
    """The summary's bullet figures (seed 002), computed, never typed."""
    period = unit_period.period
    total = finance.total
    money: list[str] = []
    when = (
        _("per %(month)s") % {"month": MONTHS_LONG[period.end_month]}
        if period.kind != Period.Kind.YEAR
        else str(period.year.year)
    )
    if total.outcome is not None:
        line = _("Utfall %(when)s %(outcome)s") % {
            "when": when,
            "outcome": format_amount(total.outcome, scale="mnkr", signed=True),
        }
        if total.deviation is not None:
            better = _("bättre") if total.deviation >= 0 else _("sämre")
            budget = _("periodens budget") if period.kind != Period.Kind.YEAR else _("budget")
            line += _(", %(amount)s %(better)s än %(budget)s") % {
                "amount": format_amount(abs(total.deviation), scale="mnkr"),
                "better": better,
                "budget": budget,
            }
        money.append(line)
    if period.kind != Period.Kind.YEAR and total.forecast_deviation is not None:
        money.append(
            _("Årsprognos %(amount)s")
            % {"amount": format_amount(total.forecast_deviation, scale="mnkr", signed=True)}
        )
    people: list[str] = []
    current = staff.current
    if current is not None and current.headcount is not None:
        line = _("%(n)s anställda") % {"n": format_number(current.headcount)}
        since = staff.headcount_since_december
        if since is not None and since.change is not None:
            word = _("minskning") if since.change < 0 else _("ökning")
            line += _(", %(word)s med %(n)s st i jmf med december %(year)s") % {
                "word": word,
                "n": format_number(abs(since.change)),
                "year": period.year.year - 1,
            }
        people.append(line)
    fte = staff.change("fte_rolling_12")
    if fte.change is not None:
        people.append(
            _("%(n)s årsarbetare i jmf med %(year)s")
            % {"n": format_number(fte.change, signed=True), "year": period.year.year - 1}
        )
    sick = staff.change("sick_leave_total")
    if sick.current is not None:
        line = _("Sjukfrånvaro %(value)s") % {
            "value": format_percent(sick.current, decimals=_places(sick.current))
        }
        if sick.change is not None:
            line += f" ({format_number(sick.change, decimals=1, signed=True)}{NBSP}%-enheter)"
        people.append(line)
    return {"finance": money, "staff": people}


def _places(value: Decimal) -> int:
    """Decimals as entered, at most two: 5,3 % stays "5,3 %", 4,45 % stays "4,45 %"."""
    exponent = value.normalize().as_tuple().exponent
    return min(2, max(0, -exponent)) if isinstance(exponent, int) else 2


def figure_snapshot(data: ReportData) -> dict[str, dict[str, str]]:
    """Every figure of the report, as shown, under a key that is stable across periods.

    Keys name the measure (by its key) or the table, row and column position, so two
    editions — or this period and the previous one — can be compared figure by figure.
    """
    figures: dict[str, dict[str, str]] = {}
    for block in data.scorecard.perspectives:
        for goal in block.goals:
            for row in goal.rows:
                label = f"{block.perspective.name} › {row.measure.name}"
                value = row.outcome.value if row.outcome else None
                shown = (
                    format_number(value, decimals=row.measure.decimals) if value is not None else ""
                )
                figures[f"measure|{row.measure.key}|value"] = {
                    "label": f"{label} › {_('utfall')}",
                    "value": shown,
                }
                figures[f"measure|{row.measure.key}|light"] = {
                    "label": f"{label} › {_('måluppfyllelse')}",
                    "value": str(Attainment(row.attainment).label),
                }
    tables = [
        data.staff_table,
        data.investment_table,
        data.finance_tables["categories"],
        data.finance_tables["net_cost"],
        *data.finance_tables["follow_ups"],
    ]
    for table in tables:
        for row in table.rows:
            for index, (header, cell) in enumerate(zip(table.headers[1:], row.cells, strict=False)):
                figures[f"{table.id}|{row.label}|{index}"] = {
                    "label": f"{table.caption} › {row.label} › {header}",
                    "value": cell,
                }
    return figures


def report_html(data: ReportData, *, for_pdf: bool, stylesheet: str = "") -> str:
    """The report as HTML: the same content template for the web preview and the PDF."""
    return render_to_string(
        "reports/report.html" if for_pdf else "reports/report_body.html",
        {"report": data, "up": data.unit_period, "stylesheet": stylesheet},
    )
