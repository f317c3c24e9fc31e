"""The report's assignment section (Återrapportering av uppdrag): each with its nuläge and,
beside it, its budget of hours and kronor (budget, förbrukat, återstår, prognos, avvikelse).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assignments import rules
from assignments.models import Assignment, AssignmentBudget, AssignmentNote, BudgetUnit
from common.charts import Table, TableRow
from common.numbers import NBSP, AmountFormat, format_number
from reports.sections import ReportSection, SectionContext, SectionOption
from scorecards.models import Period

BUDGET_OPTION = SectionOption("budget", gettext_lazy("Visa budget för uppdrag"), default=True)


@dataclass(frozen=True)
class AssignmentReport:
    assignment: Assignment
    note: AssignmentNote | None
    # The budget as of the report's period, every cell formatted; None: none shown.
    budget: Table | None = None

    @property
    def shown_budget(self) -> Table | None:
        """The budget table as printed: no row or column without a figure (omit, don't pad)."""
        if self.budget is None:
            return None
        shown = self.budget.compact()
        return shown if shown.rows and len(shown.headers) > 1 else None


def latest_budgets(
    budgets: Iterable[AssignmentBudget], period: Period
) -> dict[int, list[AssignmentBudget]]:
    """Per assignment, the budget rows of the latest period up to the report's own.

    A budget is entered per period with "förbrukat hittills"; a period without a new
    entry reports the latest earlier one (its caption names that period). The report's
    own period comes first among periods ending the same month (a jan–apr period and T1).
    """
    rows: dict[int, list[AssignmentBudget]] = {}
    ordered = sorted(
        budgets,
        key=lambda b: (b.period.end_month, b.period_id == period.pk, b.period_id),
        reverse=True,
    )
    for budget in ordered:
        chosen = rows.setdefault(budget.assignment_id, [])
        if not chosen or chosen[0].period_id == budget.period_id:
            chosen.append(budget)
    for chosen in rows.values():
        chosen.sort(key=lambda b: b.unit != BudgetUnit.HOURS)  # hours first, then kronor
    return rows


def format_hours(value: Decimal | None, *, decimals: int, signed: bool = False) -> str:
    """ "1 200 h", "173,5 h", "−2,5 h" (signed: "+12 h"); "" without a value."""
    if value is None:
        return ""
    return f"{format_number(value, decimals=decimals, signed=signed)}{NBSP}h"


def hour_decimals(values: Iterable[Decimal | None]) -> int:
    """Whole hours are written whole ("1 200 h"); a half hour anywhere in the row: one decimal."""
    return 1 if any(v is not None and v != v.to_integral_value() for v in values) else 0


def budget_row(budget: AssignmentBudget, amounts: AmountFormat) -> TableRow:
    """One unit's figures: budget, förbrukat, återstår, prognos and avvikelse (computed)."""
    forecast = rules.budget_forecast(
        budget=budget.budget, outcome=budget.outcome, remaining=budget.remaining
    )
    values = [budget.budget, budget.outcome, budget.remaining, forecast.forecast]
    if budget.unit == BudgetUnit.HOURS:
        places = hour_decimals([*values, forecast.difference])
        cells = [format_hours(v, decimals=places) for v in values]
        cells.append(format_hours(forecast.difference, decimals=places, signed=True))
        label = _("Timmar")
    else:
        cells = [amounts.format(v) for v in values]
        cells.append(amounts.format(forecast.difference, signed=True))
        label = _("Kronor")
    return TableRow(label=label, cells=cells)


def budget_table(
    assignment: Assignment, budgets: list[AssignmentBudget], amounts: AmountFormat
) -> Table | None:
    """The assignment's hours and kronor as of the period; None without a budget row."""
    if not budgets:
        return None
    return Table(
        id=f"assignment-budget-{assignment.slug}",
        caption=_("Budget för uppdraget, %(period)s") % {"period": budgets[0].period.label},
        headers=[
            _("Enhet"),
            _("Budget"),
            _("Förbrukat"),
            _("Återstår (bedömning)"),
            _("Prognos (förbrukat + återstår)"),
            _("Avvikelse (budget − prognos)"),
        ],
        rows=[budget_row(b, amounts) for b in budgets],
    )


def build(context: SectionContext) -> list[AssignmentReport]:
    """The unit's assignments of the year in order: three queries (assignments, nulägen,
    budgets) whatever their number."""
    unit, period = context.unit_period.unit, context.period
    assignments = list(
        Assignment.objects.filter(unit=unit, year=period.year_id).order_by("order", "pk")
    )
    notes = {
        n.assignment_id: n
        for n in AssignmentNote.objects.filter(assignment__unit=unit, period=period)
    }
    budgets: dict[int, list[AssignmentBudget]] = {}
    if context.option(BUDGET_OPTION.key):
        budgets = latest_budgets(
            AssignmentBudget.objects.filter(
                assignment__in=assignments,
                period__year=period.year_id,
                period__end_month__lte=period.end_month,
            ).select_related("period__year"),
            period,
        )
    return [
        AssignmentReport(
            a, notes.get(a.pk), budget_table(a, budgets.get(a.pk, []), context.amounts)
        )
        for a in assignments
    ]


def tables(section: list[AssignmentReport]) -> list[Table]:
    """The budget tables, for the figure diff between editions and periods."""
    return [item.budget for item in section if item.budget is not None]


ASSIGNMENT_SECTION = ReportSection(
    key="assignments",
    title=gettext_lazy("Återrapportering av uppdrag"),
    position=70,
    build=build,
    template="assignments/report_section.html",
    has_content=bool,
    options=(BUDGET_OPTION,),
    tables=tables,
)
