"""The report's staff section (Väsentliga personalförhållanden) and its summary key points."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.charts import Table
from common.numbers import format_number, format_percent, percent_change
from reports.live import live_name
from reports.sections import Figure, ReportSection, SectionContext
from staff import charts, selectors

NBSP = "\u00a0"


@dataclass(frozen=True)
class StaffSection:
    key_figures: selectors.StaffKeyFigures
    table: Table
    figures: list[Figure]
    text: str

    @property
    def shown_table(self) -> Table:
        """The table as printed: figures with no value this year or last are left out."""
        return self.table.compact()

    @property
    def has_content(self) -> bool:
        """Without a staff figure (and without a text written for the section) it is left out."""
        return bool(self.shown_table.rows or self.figures or self.text)


def build(context: SectionContext) -> StaffSection:
    data = selectors.key_figures(unit_period=context.unit_period)
    return StaffSection(
        key_figures=data,
        table=charts.key_figure_table(data),
        # A line of one point says less than the table: such a chart is left out.
        figures=context.draw([c for c in charts.charts(data) if charts.lines_are_drawn(c)]),
        text=context.texts.get("staff", ""),
    )


def key_points(section: StaffSection, context: SectionContext) -> list[str]:
    """The summary's staff bullets (seed 002), computed, never typed."""
    staff, year = section.key_figures, context.period.year.year
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
                "year": year - 1,
            }
        people.append(line)
    fte = staff.change("fte_rolling_12")
    if fte.change is not None:
        people.append(
            _("%(n)s årsarbetare i jmf med %(year)s")
            % {"n": format_number(fte.change, signed=True), "year": year - 1}
        )
    sick = staff.change("sick_leave_total")
    if sick.current is not None:
        line = _("Sjukfrånvaro %(value)s") % {
            "value": format_percent(sick.current, decimals=_places(sick.current))
        }
        if sick.change is not None:
            line += f" ({format_number(sick.change, decimals=1, signed=True)}{NBSP}%-enheter)"
        people.append(line)
    return people


def _places(value: Decimal) -> int:
    """Decimals as entered, at most two: 5,3 % stays "5,3 %", 4,45 % stays "4,45 %"."""
    exponent = value.normalize().as_tuple().exponent
    return min(2, max(0, -exponent)) if isinstance(exponent, int) else 2


# The names a text uses for the staff figures: "[[personal.antal_anställda]]".
LIVE_NAMES = {
    "fte_rolling_12": "årsarbetare",
    "headcount": "antal_anställda",
    "extra_time_hours": "extratid",
    "sick_leave_total": "sjukfrånvaro",
    "sick_leave_short": "sjukfrånvaro_kort",
    "sick_leave_long": "sjukfrånvaro_lång",
    "sick_leave_women": "sjukfrånvaro_kvinnor",
    "sick_leave_men": "sjukfrånvaro_män",
}


def live_figures(section: StaffSection, context: SectionContext) -> dict[str, str]:
    """The period's staff figures a text may name: the value ("[[personal.extratid]]"),
    the change against the same period last year ("….förändring", sick leave in
    procentenheter) and, for counts, the change in percent ("….procent")."""
    figures: dict[str, str] = {}
    staff = section.key_figures
    for figure, name in LIVE_NAMES.items():
        change = staff.change(figure)
        if change.current is None:
            continue
        figures[live_name("personal", name)] = charts.format_figure(figure, change.current)
        if change.change is not None:
            figures[live_name("personal", name, "förändring")] = charts.format_change(
                figure, change.change
            )
        percent = percent_change(change.current, change.previous)
        if figure not in selectors.SICK_LEAVE and percent is not None:
            figures[live_name("personal", name, "procent")] = format_percent(
                percent, decimals=0, signed=True
            )
    since = staff.headcount_since_december
    if since is not None and since.change is not None:
        figures[live_name("personal", "antal_anställda", "sedan_december")] = format_number(
            since.change, signed=True
        )
    return figures


STAFF_SECTION = ReportSection(
    key="staff",
    title=gettext_lazy("Väsentliga personalförhållanden"),
    position=40,
    build=build,
    template="staff/report_section.html",
    has_content=lambda section: section.has_content,
    tables=lambda section: [section.table],
    key_points=key_points,
    key_points_order=20,
    live_figures=live_figures,
)
