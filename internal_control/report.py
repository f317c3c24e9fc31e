"""The report's Internkontroll section: the unit's plan of the year and its follow-up.

The årsrapport prints the seed's table (seed 000): each control activity with the
year's follow-up and assessment. The section is left out of the default interim report,
but an interim template may add it; then it tells where the plan stands mid-year: the
plan, its risks (sannolikhet × konsekvens, riskvärde) and the risk matrix as the plan
page and the plan PDF show them, and the activities with the follow-up written for
the period so far.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from internal_control import selectors
from internal_control.models import ActivityFollowUp, ControlPlan
from reports.sections import ReportSection, SectionContext, SectionOption

RISKS_OPTION = SectionOption(
    "risks", gettext_lazy("Visa riskanalys och riskmatris i delårsrapporten"), default=True
)

# How a cell is printed: plain text, paragraphs, or the assessment as symbol + word.
TEXT, PARAGRAPHS, ASSESSMENT = "text", "paragraphs", "assessment"


@dataclass(frozen=True)
class Cell:
    key: str
    value: str
    kind: str = TEXT

    @property
    def filled(self) -> bool:
        return bool(self.value.strip())


@dataclass(frozen=True)
class ActivityLine:
    """A control activity (the row's label) and its cells, in the table's columns."""

    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class ActivityTable:
    caption: str
    # (key, header) of the columns after the activity's own.
    columns: list[tuple[str, str]]
    rows: list[ActivityLine]

    @property
    def headers(self) -> list[str]:
        return [header for _key, header in self.columns]

    @property
    def is_full(self) -> bool:
        """All six columns of the seed's table: its column widths (report.css) apply."""
        return len(self.columns) == len(annual_columns())

    def compact(self) -> ActivityTable:
        """As printed: a blank cell stays blank, a row with no value after its label and a
        column empty in every row are left out (omit, don't pad)."""
        rows = [r for r in self.rows if any(c.filled for c in r.cells)]
        keep = [i for i in range(len(self.columns)) if any(r.cells[i].filled for r in rows)]
        return replace(
            self,
            columns=[self.columns[i] for i in keep],
            rows=[replace(r, cells=[r.cells[i] for i in keep]) for r in rows],
        )


@dataclass(frozen=True)
class InternalControlSection:
    plan: ControlPlan
    contents: selectors.PlanContents
    activities: ActivityTable
    is_annual: bool
    show_risks: bool

    @property
    def shown_activities(self) -> ActivityTable:
        return self.activities.compact()

    @property
    def shows_register(self) -> bool:
        """The risk register and the matrix: in an interim report, when the plan has risks."""
        return self.show_risks and not self.is_annual and bool(self.contents.risks)

    @property
    def has_content(self) -> bool:
        return bool(self.shown_activities.rows) or self.shows_register


def annual_columns() -> list[tuple[str, str]]:
    """The seed's columns (årsrapport 2019, seed 000)."""
    return [
        ("method", _("Kontrollmetod")),
        ("performed", _("Utfört (datum, vecka, månad, period)")),
        ("result", _("Uppföljning/resultat")),
        ("actions", _("Eventuella åtgärder/förändringar")),
        ("assessment", _("Bedömning")),
    ]


def interim_columns() -> list[tuple[str, str]]:
    """Mid-year the plan's own columns come first: which risk, and when it is checked."""
    return [
        ("risk", _("Risk")),
        ("method", _("Kontrollmetod")),
        ("when", _("När")),
        *annual_columns()[1:],
    ]


def activity_cells(
    item: selectors.ActivityRow, follow_up: ActivityFollowUp | None, keys: list[str]
) -> list[Cell]:
    activity = item.activity
    values = {
        "risk": Cell("risk", item.risk.label),
        "method": Cell("method", activity.method, PARAGRAPHS),
        "when": Cell("when", activity.when),
        "performed": Cell("performed", follow_up.performed if follow_up else ""),
        "result": Cell("result", follow_up.result if follow_up else "", PARAGRAPHS),
        "actions": Cell("actions", follow_up.actions if follow_up else "", PARAGRAPHS),
        "assessment": Cell("assessment", follow_up.assessment if follow_up else "", ASSESSMENT),
    }
    return [values[key] for key in keys]


def activity_table(
    found: selectors.ReportContents, *, is_annual: bool, caption: str
) -> ActivityTable:
    columns = annual_columns() if is_annual else interim_columns()
    keys = [key for key, _header in columns]
    return ActivityTable(
        caption=caption,
        columns=columns,
        rows=[
            ActivityLine(
                item.activity.what,
                activity_cells(item, found.follow_up(item.activity), keys),
            )
            for item in found.contents.activities
        ],
    )


def build(context: SectionContext) -> InternalControlSection | None:
    """The plan of the period's year with the period's follow-ups; None without a plan."""
    period = context.period
    found = selectors.report_contents(unit=context.unit_period.unit, period=period)
    if found is None:
        return None
    if context.is_annual:
        caption = _("Avser år %(year)s") % {"year": period.year.year}
    else:
        caption = _("Uppföljning %(period)s") % {"period": period.report_label}
    return InternalControlSection(
        plan=found.contents.plan,
        contents=found.contents,
        activities=activity_table(found, is_annual=context.is_annual, caption=caption),
        is_annual=context.is_annual,
        show_risks=context.option(RISKS_OPTION.key),
    )


def has_content(section: InternalControlSection | None) -> bool:
    return section is not None and section.has_content


INTERNAL_CONTROL_SECTION = ReportSection(
    key="internal_control",
    title=gettext_lazy("Internkontroll"),
    position=80,
    build=build,
    template="internal_control/report_section.html",
    anchor="s-internal-control",
    has_content=has_content,
    # It reports on the whole year: interim reports leave it out unless a template adds it.
    in_interim_default=False,
    options=(RISKS_OPTION,),
)
