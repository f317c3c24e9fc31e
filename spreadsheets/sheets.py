"""The workbook's layout: one sheet per section, its columns, its rows and its writer.

The exporter and the importer both read this module, so a column exported is a
column imported under the same header, and a row goes back through the same service
the web page uses. Headers are plain Swedish strings, not translated: they are the
file format, and a file exported under one language must import under another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, Protocol

from django.db import models
from django.utils.translation import gettext as _

from assignments.models import (
    Assignment,
    AssignmentBudget,
    AssignmentNote,
    AssignmentStatus,
    BudgetUnit,
)
from assignments.selectors import budget_decimals
from assignments.services import assignment_note_set, budget_set
from finance.models import CostCategory, CostKind, FinanceFigure, FollowUpRow
from finance.services import finance_figure_set, follow_up_row_set
from goals.models import IndicatorCount
from goals.services import indicator_count_set
from internal_control.models import ActivityFollowUp, Assessment, ControlActivity, Risk
from internal_control.services import follow_up_set
from investments.models import InvestmentCategory, InvestmentFrame, InvestmentOutcome
from investments.services import amount_locks, investment_outcome_set
from common.numbers import format_number
from reports.models import NarrativeSection, SectionKind
from reports.services import narrative_set
from scorecards.models import (
    MONTHS_LONG,
    Attainment,
    Direction,
    Forecast,
    Measure,
    MeasureOutcome,
    Perspective,
    UnitPeriod,
)
from scorecards.selectors import measures_followed_up
from scorecards.services import outcome_set
from staff.models import StaffMonth
from staff.selectors import FIGURES as STAFF_FIGURES
from staff.services import closed_months, month_closed_message, staff_month_set

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

ColumnKind = Literal["id", "code", "info", "number", "integer", "text", "choice", "version"]
EDITABLE: frozenset[str] = frozenset({"number", "integer", "text", "choice"})
IDENTITY: frozenset[str] = frozenset({"id", "code"})


def number_format(decimals: int = 0, suffix: str = "") -> str:
    """An Excel number format that a Swedish Excel or LibreOffice shows as "−32 533 999".

    Format codes are stored in the file in Excel's neutral notation ("," groups,
    "." decimals); the program shows the reader's own separators, so a Swedish one
    shows a space and a decimal comma. Negative numbers get the real minus sign.
    """
    base = "#,##0" + ("." + "0" * decimals if decimals else "")
    tail = f'"{suffix}"' if suffix else ""
    return f'{base}{tail};"−"{base}{tail}'


WHOLE = number_format(0)
KR = WHOLE  # amounts in kr: whole kronor shown, öre kept
PERCENT = number_format(2, "\u00a0%")
DECIMAL_1 = number_format(1)


@dataclass(frozen=True)
class Column:
    """A column of a sheet: header, what it holds and, if editable, the model field."""

    header: str
    kind: ColumnKind
    # The model field for editable columns, the identity part for id/code columns and
    # the key in SheetRow.info for read-only ones.
    name: str = ""
    number_format: str = "General"
    choices: type[models.TextChoices] | None = None
    width: float = 14
    wrap: bool = False
    # The smallest value a number column takes (counts: 0), checked with the other
    # cells so every bad row is listed before anything is written.
    minimum: Decimal | None = None

    @property
    def editable(self) -> bool:
        return self.kind in EDITABLE

    def labels(self) -> list[tuple[str, str]]:
        """(stored value, Swedish label) for a choice column."""
        assert self.choices is not None
        return [(str(value), str(label)) for value, label in self.choices.choices]


VERSION = Column("version", "version", width=8)


@dataclass
class SheetRow:
    """A row as exported: what identifies it, what it shows and the stored values."""

    ident: tuple[int | str, ...]
    # The stored row, or an unsaved blank one (version 0) when nothing is stored yet.
    stored: models.Model
    # What the section's service needs to find the row (a measure, a month, …).
    target: Any
    info: dict[str, Any] = field(default_factory=dict)
    # Editable fields that are read-only on this row, with the Swedish reason (a text
    # measure's number, a closed month, an amount that rolls up from sub-types).
    locked: Mapping[str, str] = field(default_factory=dict)
    # Number formats that differ from the column's on this row (a measure's decimals).
    formats: dict[str, str] = field(default_factory=dict)

    @property
    def version(self) -> int:
        if self.stored.pk is None:
            return 0
        version: int = self.stored.version  # type: ignore[attr-defined]
        return version


class Writer(Protocol):
    """Writes one row's changes through the section's service (rights, lock, audit)."""

    def __call__(
        self,
        *,
        actor: User,
        unit_period: UnitPeriod,
        target: Any,
        changes: Mapping[str, Any],
        expected_version: int | None,
        via: str,
    ) -> object: ...


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    rows: Callable[[UnitPeriod], list[SheetRow]]
    write: Writer

    @property
    def identity(self) -> list[Column]:
        return [c for c in self.columns if c.kind in IDENTITY]

    @property
    def editable(self) -> list[Column]:
        return [c for c in self.columns if c.editable]


# --------------------------------------------------------------------------- Styrkort


def _measure_number(measure: Measure, value: Decimal | None) -> str:
    return format_number(value, decimals=measure.decimals) if value is not None else ""


def _baseline(measure: Measure) -> str:
    if measure.baseline_text:
        return measure.baseline_text
    number = _measure_number(measure, measure.baseline_value)
    if number and measure.baseline_label:
        return f"{measure.baseline_label}: {number}"
    return number


def _target(measure: Measure) -> str:
    if measure.target_text:
        return measure.target_text
    direction = Direction(measure.target_direction).label
    return f"{direction} {_measure_number(measure, measure.target_value)}".strip()


def _writer(service: Callable[..., object], target_arg: str) -> Callable[..., object]:
    """A sheet's write: the section's own service, given the row's target under its name."""

    def write(*, target: Any, **kwargs: Any) -> object:
        return service(**{target_arg: target}, **kwargs)

    return write


def _measure_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The measures followed up in the period with their outcomes: two queries."""
    unit, period = unit_period.unit, unit_period.period
    # Prefetched, not joined: 10 000 measures share their few goals and perspectives
    # instead of each building its own copies (a second of a large import).
    measures = list(
        measures_followed_up(unit, period)
        .prefetch_related("goal__perspective")
        .order_by("goal__perspective__order", "goal__order", "order", "pk")
    )
    # The outcomes by the list of ids, not by a subquery: with stale statistics (a unit
    # that just got 10 000 measures) PostgreSQL ran the subquery as a nested loop that
    # took minutes; an id list is planned as index lookups whatever the statistics say.
    outcomes = {
        o.measure_id: o
        for o in MeasureOutcome.objects.filter(measure__in=[m.pk for m in measures], period=period)
    }
    text_measure = _("Styrmåttet har ett textutfall: skriv det i ”Utfall (text)”.")
    rows = []
    for m in measures:
        stored = outcomes.get(m.pk) or MeasureOutcome(measure=m, period=period, version=0)
        rows.append(
            SheetRow(
                ident=(m.pk, m.key),
                stored=stored,
                target=m,
                info={
                    "perspective": m.goal.perspective.name,
                    "goal": m.goal.title,
                    "measure": m.name,
                    "unit": m.unit_of_measurement,
                    "baseline": _baseline(m),
                    "target": _target(m),
                },
                locked={"value": text_measure} if m.value_kind == Measure.ValueKind.TEXT else {},
                formats={"value": number_format(m.decimals)},
            )
        )
    return rows


MEASURES = Sheet(
    title="Styrkort",
    columns=(
        Column("Id", "id", "measure", width=8),
        Column("Nyckel", "code", "key", width=16),
        Column("Perspektiv", "info", "perspective", width=14),
        Column("Mål", "info", "goal", width=30, wrap=True),
        Column("Styrmått", "info", "measure", width=36, wrap=True),
        Column("Enhet", "info", "unit", width=8),
        Column("Ingångsvärde", "info", "baseline", width=16, wrap=True),
        Column("Målvärde", "info", "target", width=16, wrap=True),
        Column("Utfall", "number", "value", width=14),
        Column("Utfall (text)", "text", "text", width=30, wrap=True),
        Column("Kommentar", "text", "comment", width=40, wrap=True),
        Column("Prognos", "choice", "forecast", choices=Forecast, width=24),
        Column(
            "Manuell måluppfyllelse", "choice", "manual_attainment", choices=Attainment, width=22
        ),
        Column("Motivering", "text", "override_justification", width=30, wrap=True),
        VERSION,
    ),
    rows=_measure_rows,
    write=_writer(outcome_set, "measure"),
)


# --------------------------------------------------------------------------- Personal


def _staff_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The months of the period's year up to its end: two queries (months, closed months)."""
    period = unit_period.period
    year = period.year.year
    stored = {
        m.month: m
        for m in StaffMonth.objects.filter(
            unit=unit_period.unit_id, year=year, month__lte=period.end_month
        )
    }
    closed = closed_months(unit_period=unit_period)
    rows = []
    for month in period.months:
        closed_by = closed.get(month)
        reason = (
            month_closed_message(month=month, year=year, closed_by=closed_by)
            if closed_by is not None and closed_by.pk != unit_period.pk
            else ""
        )
        rows.append(
            SheetRow(
                ident=(month,),
                stored=stored.get(month)
                or StaffMonth(unit_id=unit_period.unit_id, year=year, month=month, version=0),
                target=month,
                info={"year": year, "name": MONTHS_LONG[month]},
                locked=dict.fromkeys(STAFF_FIGURES, reason) if reason else {},
            )
        )
    return rows


STAFF = Sheet(
    title="Personal",
    columns=(
        Column("År", "info", "year", width=7),
        Column("Månad", "id", "month", width=8),
        Column("Månadsnamn", "info", "name", width=12),
        Column("Årsarbetare (rullande 12 mån)", "number", "fte_rolling_12", DECIMAL_1, width=16),
        Column("Antal anställda", "integer", "headcount", WHOLE, width=12),
        Column("Extratid (timmar, ackumulerat)", "number", "extra_time_hours", DECIMAL_1, width=16),
        Column("Sjukfrånvaro totalt (%)", "number", "sick_leave_total", PERCENT, width=14),
        Column("Sjukfrånvaro kort (%)", "number", "sick_leave_short", PERCENT, width=14),
        Column("Sjukfrånvaro lång (%)", "number", "sick_leave_long", PERCENT, width=14),
        Column("Sjukfrånvaro kvinnor (%)", "number", "sick_leave_women", PERCENT, width=14),
        Column("Sjukfrånvaro män (%)", "number", "sick_leave_men", PERCENT, width=14),
        VERSION,
    ),
    rows=_staff_rows,
    write=_writer(staff_month_set, "month"),
)


# ---------------------------------------------------------------------------- Ekonomi


def _finance_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The cost categories of the period's year with the unit's figures: two queries."""
    period = unit_period.period
    stored = {
        f.category_id: f
        for f in FinanceFigure.objects.filter(unit=unit_period.unit_id, period=period.pk)
    }
    kinds = dict(CostKind.choices)
    return [
        SheetRow(
            ident=(c.pk, c.slug),
            stored=stored.get(c.pk)
            or FinanceFigure(
                unit_id=unit_period.unit_id, period_id=period.pk, category=c, version=0
            ),
            target=c,
            info={"name": c.name, "kind": str(kinds.get(c.kind, c.kind))},
        )
        for c in CostCategory.objects.filter(year=period.year_id).order_by("order", "pk")
    ]


FINANCE = Sheet(
    title="Ekonomi",
    columns=(
        Column("Id", "id", "category", width=8),
        Column("Kortnamn", "code", "slug", width=16),
        Column("Kategori", "info", "name", width=28, wrap=True),
        Column("Kostnadsslag", "info", "kind", width=16),
        Column("Utfall (kr)", "number", "outcome", KR, width=16),
        Column("Periodbudget (kr)", "number", "period_budget", KR, width=16),
        Column("Årsbudget (kr)", "number", "annual_budget", KR, width=16),
        Column("Årsprognos (kr)", "number", "annual_forecast", KR, width=16),
        Column("Utfall föregående år (kr)", "number", "outcome_previous_year", KR, width=16),
        Column("Förklaring", "text", "comment", width=40, wrap=True),
        VERSION,
    ),
    rows=_finance_rows,
    write=_writer(finance_figure_set, "category"),
)


# ------------------------------------------------------------------------ Uppföljning


def _follow_up_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The rows of the unit's follow-up tables for the period: one query."""
    rows = (
        FollowUpRow.objects.filter(
            table__unit=unit_period.unit_id, table__period=unit_period.period_id
        )
        .select_related("table")
        .order_by("table__order", "table__pk", "order", "pk")
    )
    return [
        SheetRow(ident=(r.pk,), stored=r, target=r, info={"table": r.table.title, "label": r.label})
        for r in rows
    ]


FOLLOW_UP = Sheet(
    title="Uppföljning",
    columns=(
        Column("Id", "id", "row", width=8),
        Column("Tabell", "info", "table", width=36, wrap=True),
        Column("Rad", "info", "label", width=36, wrap=True),
        Column("Belopp (kr)", "number", "amount", KR, width=16),
        VERSION,
    ),
    rows=_follow_up_rows,
    write=_writer(follow_up_row_set, "row"),
)


# ---------------------------------------------------------------------- Investeringar


def _tree_order(categories: list[InvestmentCategory]) -> list[InvestmentCategory]:
    """Each top-level type followed by its sub-types, as the investment table lists them."""
    children: dict[int, list[InvestmentCategory]] = {}
    for c in categories:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    ordered = []
    for parent in (c for c in categories if c.parent_id is None):
        ordered.append(parent)
        ordered.extend(children.get(parent.pk, []))
    return ordered


def _investment_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """Every investment type of the year with the unit's outcome and frame: three queries.

    An amount that rolls up from the sub-types (or is carried by the parent) is locked
    on that row, by the investments app's own rule.
    """
    period = unit_period.period
    categories = _tree_order(
        list(InvestmentCategory.objects.filter(year=period.year_id).order_by("order", "pk"))
    )
    names = {c.pk: c.name for c in categories}
    frames = dict(
        InvestmentFrame.objects.filter(
            unit=unit_period.unit_id, category__year=period.year_id
        ).values_list("category_id", "amount")
    )
    stored = {
        o.category_id: o
        for o in InvestmentOutcome.objects.filter(unit=unit_period.unit_id, period=period.pk)
    }
    locks = amount_locks(
        categories=[(c.pk, c.parent_id, c.name) for c in categories], outcomes=stored
    )
    return [
        SheetRow(
            ident=(c.pk, c.slug),
            stored=stored.get(c.pk)
            or InvestmentOutcome(
                unit_id=unit_period.unit_id, period_id=period.pk, category=c, version=0
            ),
            target=c,
            info={
                "parent": names.get(c.parent_id, "") if c.parent_id else "",
                "name": c.name,
                "frame": frames.get(c.pk),
            },
            locked=locks.get(c.pk, {}),
        )
        for c in categories
    ]


INVESTMENTS = Sheet(
    title="Investeringar",
    columns=(
        Column("Id", "id", "category", width=8),
        Column("Kortnamn", "code", "slug", width=16),
        Column("Överordnad typ", "info", "parent", width=18),
        Column("Typ", "info", "name", width=24, wrap=True),
        Column("Ram (kr)", "info", "frame", KR, width=16),
        Column("Utfall beslut före året (kr)", "number", "outcome_earlier_decisions", KR, width=18),
        Column(
            "Utfall beslut inför/under året (kr)",
            "number",
            "outcome_current_decisions",
            KR,
            width=18,
        ),
        Column("Årsprognos (kr)", "number", "forecast", KR, width=16),
        Column("Kommentar", "text", "comment", width=40, wrap=True),
        VERSION,
    ),
    rows=_investment_rows,
    write=_writer(investment_outcome_set, "category"),
)


# ----------------------------------------------------------------------------- Uppdrag


def _assignment_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The unit's assignments of the year with their note for the period: two queries.

    A period without a note starts from the latest earlier status of the year, as the
    entry page does, so a file that only fills in the nuläge keeps that status.
    """
    period = unit_period.period
    assignments = list(
        Assignment.objects.filter(unit=unit_period.unit_id, year=period.year_id).order_by(
            "order", "pk"
        )
    )
    current: dict[int, AssignmentNote] = {}
    latest: dict[int, str] = {}
    for note in AssignmentNote.objects.filter(
        assignment__in=assignments,
        period__year=period.year_id,
        period__end_month__lte=period.end_month,
    ).order_by("period__end_month", "period__pk"):
        if note.period_id == period.pk:
            current[note.assignment_id] = note
        else:
            latest[note.assignment_id] = note.status
    rows = []
    for a in assignments:
        start = latest.get(a.pk, AssignmentStatus.NOT_STARTED)
        rows.append(
            SheetRow(
                ident=(a.pk, a.slug),
                stored=current.get(a.pk)
                or AssignmentNote(assignment=a, period=period, status=start, version=0),
                target=(a, start),
                info={"title": a.title, "owner": a.owner_title},
            )
        )
    return rows


def _assignment_write(
    *,
    actor: User,
    unit_period: UnitPeriod,
    target: Any,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str,
) -> object:
    assignment, start = target
    if not expected_version and "status" not in changes:
        # A new note: the status the file showed (the earlier period's), not the default.
        changes = {"status": start, **changes}
    return assignment_note_set(
        actor=actor,
        unit_period=unit_period,
        assignment=assignment,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )


ASSIGNMENTS = Sheet(
    title="Uppdrag",
    columns=(
        Column("Id", "id", "assignment", width=8),
        Column("Kortnamn", "code", "slug", width=16),
        Column("Uppdrag", "info", "title", width=40, wrap=True),
        Column("Ansvarig", "info", "owner", width=18),
        Column("Status", "choice", "status", choices=AssignmentStatus, width=22),
        Column("Nuläge", "text", "text", width=60, wrap=True),
        VERSION,
    ),
    rows=_assignment_rows,
    write=_assignment_write,
)


# ---------------------------------------------------------------------- Uppdragsbudget


# The budget's unit as the file names it: fixed Swedish words, not the translated
# labels, since it identifies the row (a file must import under any language).
_BUDGET_UNITS = {BudgetUnit.HOURS.value: "timmar", BudgetUnit.KRONOR.value: "kr"}


def _assignment_budget_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """Each assignment of the year twice, in hours and in kr, with the period's budget
    row of that unit: two queries."""
    period = unit_period.period
    assignments = list(
        Assignment.objects.filter(unit=unit_period.unit_id, year=period.year_id).order_by(
            "order", "pk"
        )
    )
    stored = {
        (b.assignment_id, b.unit): b
        for b in AssignmentBudget.objects.filter(assignment__in=assignments, period=period.pk)
    }
    return [
        SheetRow(
            ident=(a.pk, a.slug, _BUDGET_UNITS[unit]),
            stored=stored.get((a.pk, unit))
            or AssignmentBudget(assignment=a, period=period, unit=unit, version=0),
            target=(a, unit),
            info={"title": a.title},
            formats=dict.fromkeys(
                ("budget", "outcome", "remaining"), number_format(budget_decimals(unit))
            ),
        )
        for a in assignments
        for unit in BudgetUnit.values
    ]


def _assignment_budget_write(
    *,
    actor: User,
    unit_period: UnitPeriod,
    target: Any,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str,
) -> object:
    assignment, unit = target
    return budget_set(
        actor=actor,
        unit_period=unit_period,
        assignment=assignment,
        changes={"unit": unit, **changes},
        expected_version=expected_version,
        via=via,
    )


ASSIGNMENT_BUDGETS = Sheet(
    title="Uppdragsbudget",
    columns=(
        Column("Id", "id", "assignment", width=8),
        Column("Kortnamn", "code", "slug", width=16),
        Column("Enhet", "code", "unit", width=9),
        Column("Uppdrag", "info", "title", width=40, wrap=True),
        Column("Budget", "number", "budget", WHOLE, width=14),
        Column("Utfall hittills", "number", "outcome", WHOLE, width=14),
        Column("Beräknat återstående", "number", "remaining", WHOLE, width=16),
        VERSION,
    ),
    rows=_assignment_budget_rows,
    write=_assignment_budget_write,
)


# ---------------------------------------------------------------------- Internkontroll


def _control_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The control activities of the unit's plan for the year, numbered by risk (R1, R2,
    …) as the plan lists them, with the period's follow-up: three queries."""
    period = unit_period.period
    risks = list(
        Risk.objects.filter(plan__unit=unit_period.unit_id, plan__year=period.year_id)
        .select_related("plan")
        .order_by("order", "pk")
    )
    numbers = {risk.pk: number for number, risk in enumerate(risks, start=1)}
    by_pk = {risk.pk: risk for risk in risks}
    activities = sorted(
        ControlActivity.objects.filter(risk__in=risks).order_by("order", "pk"),
        key=lambda a: numbers[a.risk_id],
    )
    stored = {
        f.activity_id: f
        for f in ActivityFollowUp.objects.filter(activity__in=activities, period=period.pk)
    }
    rows = []
    for activity in activities:
        risk = by_pk[activity.risk_id]
        activity.risk = risk  # the service reads the plan through it
        rows.append(
            SheetRow(
                ident=(activity.pk,),
                stored=stored.get(activity.pk)
                or ActivityFollowUp(activity=activity, period=period, version=0),
                target=activity,
                info={
                    "risk": f"R{numbers[risk.pk]} {risk.description}",
                    "what": activity.what,
                    "responsible": activity.responsible_role,
                    "method": activity.method,
                    "when": activity.when,
                },
            )
        )
    return rows


INTERNAL_CONTROL = Sheet(
    title="Internkontroll",
    columns=(
        Column("Id", "id", "activity", width=8),
        Column("Risk", "info", "risk", width=30, wrap=True),
        Column("Kontrollaktivitet", "info", "what", width=36, wrap=True),
        Column("Ansvarig", "info", "responsible", width=18, wrap=True),
        Column("Kontrollmetod", "info", "method", width=36, wrap=True),
        Column("När", "info", "when", width=14, wrap=True),
        Column("Utfört", "text", "performed", width=16, wrap=True),
        Column("Uppföljning/resultat", "text", "result", width=48, wrap=True),
        Column("Eventuella åtgärder/förändringar", "text", "actions", width=40, wrap=True),
        Column("Bedömning", "choice", "assessment", choices=Assessment, width=16),
        VERSION,
    ),
    rows=_control_rows,
    write=_writer(follow_up_set, "activity"),
)


# -------------------------------------------------------------------------- Indikatorer


def _indicator_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """Every measure of the unit's goals of the year, in the goals page's order, with the
    counts its value is computed from for the period: two queries."""
    period = unit_period.period
    measures = list(
        Measure.objects.filter(
            goal__unit=unit_period.unit_id, goal__perspective__year=period.year_id
        )
        .prefetch_related("goal__perspective")  # shared goals, as in _measure_rows
        .order_by("goal__perspective__order", "goal__order", "goal__pk", "order", "pk")
    )
    stored = {
        c.measure_id: c
        for c in IndicatorCount.objects.filter(
            measure__goal__unit=unit_period.unit_id,
            measure__goal__perspective__year=period.year_id,
            period=period.pk,
        )
    }
    return [
        SheetRow(
            ident=(m.pk, m.key),
            stored=stored.get(m.pk)
            or IndicatorCount(measure_id=m.pk, period_id=period.pk, version=0),
            target=m,
            info={"goal": m.goal.title, "name": m.name},
        )
        for m in measures
    ]


INDICATORS = Sheet(
    title="Indikatorer",
    columns=(
        Column("Id", "id", "measure", width=8),
        Column("Nyckel", "code", "key", width=16),
        Column("Mål", "info", "goal", width=30, wrap=True),
        Column("Indikator", "info", "name", width=36, wrap=True),
        # General: a count is usually whole, and a fraction typed in stays visible.
        Column("Täljare", "number", "numerator", width=12, minimum=Decimal(0)),
        Column("Nämnare", "number", "denominator", width=12, minimum=Decimal(0)),
        VERSION,
    ),
    rows=_indicator_rows,
    write=_writer(indicator_count_set, "measure"),
)


# ------------------------------------------------------------------------------ Texter


def _narrative_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """Every narrative section, the perspective analysis once per perspective: two queries."""
    unit, period = unit_period.unit, unit_period.period
    stored = {
        (n.kind, n.perspective_id): n
        for n in NarrativeSection.objects.filter(unit=unit.pk, period=period.pk)
    }
    perspectives = list(Perspective.objects.filter(year=period.year_id).order_by("order", "pk"))
    rows = []
    for kind in SectionKind:
        for perspective in perspectives if kind == SectionKind.PERSPECTIVE else [None]:
            key = (kind.value, perspective.pk if perspective else None)
            title = f"{kind.label} – {perspective.name}" if perspective else str(kind.label)
            rows.append(
                SheetRow(
                    ident=(kind.value, perspective.slug if perspective else ""),
                    stored=stored.get(key)
                    or NarrativeSection(
                        unit=unit, period=period, kind=kind, perspective=perspective, version=0
                    ),
                    target=(kind.value, perspective),
                    info={"title": title},
                )
            )
    return rows


def _narrative_write(
    *,
    actor: User,
    unit_period: UnitPeriod,
    target: Any,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str,
) -> object:
    kind, perspective = target
    return narrative_set(
        actor=actor,
        unit_period=unit_period,
        kind=kind,
        perspective=perspective,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )


NARRATIVES = Sheet(
    title="Texter",
    columns=(
        Column("Avsnitt", "code", "kind", width=14),
        Column("Perspektiv", "code", "perspective", width=14),
        Column("Rubrik", "info", "title", width=30, wrap=True),
        Column("Text (Markdown)", "text", "body", width=90, wrap=True),
        VERSION,
    ),
    rows=_narrative_rows,
    write=_narrative_write,
)


# The workbook's sheets, in order.
SHEETS: tuple[Sheet, ...] = (
    MEASURES,
    STAFF,
    FINANCE,
    FOLLOW_UP,
    INVESTMENTS,
    ASSIGNMENTS,
    ASSIGNMENT_BUDGETS,
    INTERNAL_CONTROL,
    INDICATORS,
    NARRATIVES,
)
