"""Reads for the report pages: the texts to enter, and the change history of a unit period.

Each returns what a page needs in a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assignments.models import AssignmentBudget, AssignmentNote, BudgetUnit
from finance.models import FinanceFigure, FollowUpRow
from goals.models import GoalFollowUp, IndicatorCount
from internal_control.models import ActivityFollowUp
from investments.models import InvestmentOutcome
from common.numbers import format_number
from reports.models import NarrativeSection, SectionKind
from scorecards.models import (
    MONTHS_LONG,
    MeasureOutcome,
    Perspective,
    PerspectiveAssessment,
    UnitPeriod,
)
from staff.models import StaffMonth

# ------------------------------------------------------------------------- text entry


@dataclass(frozen=True)
class TextSlot:
    """A place for a narrative text in the report: a kind, once per perspective for analyses."""

    kind: str
    label: str
    perspective: Perspective | None
    section: NarrativeSection | None
    # The perspective's overall assessment (perspective analyses only).
    assessment: PerspectiveAssessment | None = None

    @property
    def key(self) -> str:
        """A stable name for the slot in the page and the URL ("summary", "perspective-ekonomi")."""
        if self.perspective is None:
            return self.kind
        return f"{self.kind}-{self.perspective.slug}"


def text_slots(*, unit_period: UnitPeriod) -> list[TextSlot]:
    """Every narrative of the period in the report's order, with its stored text if any.

    The perspective analysis appears once per perspective of the year, with the
    perspective's assessment. Three queries: perspectives, texts, assessments.
    """
    unit, period = unit_period.unit, unit_period.period
    perspectives = list(Perspective.objects.filter(year=period.year_id).order_by("order", "pk"))
    sections = {
        (s.kind, s.perspective_id): s
        for s in NarrativeSection.objects.filter(unit=unit, period=period)
    }
    assessments = {
        a.perspective_id: a for a in PerspectiveAssessment.objects.filter(unit=unit, period=period)
    }
    slots: list[TextSlot] = []
    for kind in SectionKind:
        if kind == SectionKind.PERSPECTIVE:
            slots.extend(
                TextSlot(
                    kind,
                    str(kind.label),
                    p,
                    sections.get((kind.value, p.pk)),
                    assessments.get(p.pk),
                )
                for p in perspectives
            )
        else:
            slots.append(TextSlot(kind, str(kind.label), None, sections.get((kind.value, None))))
    return slots


# ---------------------------------------------------------------------------- history


@dataclass(frozen=True)
class Change:
    """One field of one row changed once: who, when, through which path, old → new."""

    when: datetime
    who: str
    via: str  # the change reason: webb, import, admin, kommando (+ a reopen reason)
    what: str  # section and row, e.g. "Styrmått: Antal major incidents"
    row: str  # the row's key for filtering (?rad=styrmatt-12)
    field: str  # the model field's name ("" for a deleted row)
    field_label: str
    old: str
    new: str
    history_id: int


@dataclass(frozen=True)
class Source:
    """An audited model whose rows belong to the unit period, and how to name its rows."""

    slug: str  # row key prefix, used in ?rad=
    model: type[models.Model]
    section: str | Promise  # translated when shown
    fields: tuple[str, ...]
    records: Callable[[QuerySet[Any], UnitPeriod], QuerySet[Any]]
    row_label: Callable[[Any], str]


def _assessment_label(record: Any) -> str:
    return record.perspective.name if record.perspective else "–"


def _budget_label(record: Any) -> str:
    title = record.assignment.title if record.assignment else "–"
    unit = dict(BudgetUnit.choices).get(record.unit, record.unit)
    return f"{title} ({unit})"


def _narrative_label(record: Any) -> str:
    label = (
        str(SectionKind(record.kind).label) if record.kind in SectionKind.values else record.kind
    )
    if record.perspective is not None:
        return f"{label} – {record.perspective.name}"
    return label


SOURCES: tuple[Source, ...] = (
    Source(
        "styrmatt",
        MeasureOutcome,
        gettext_lazy("Styrmått"),
        ("value", "text", "forecast", "manual_attainment", "override_justification", "comment"),
        lambda qs, up: qs.filter(
            period=up.period_id, measure__goal__unit=up.unit_id
        ).select_related("measure"),
        lambda r: r.measure.name if r.measure else "–",
    ),
    Source(
        "bedomning",
        PerspectiveAssessment,
        gettext_lazy("Bedömning"),
        ("attainment", "text"),
        lambda qs, up: qs.filter(unit=up.unit_id, period=up.period_id).select_related(
            "perspective"
        ),
        _assessment_label,
    ),
    Source(
        "personal",
        StaffMonth,
        gettext_lazy("Personal"),
        (
            "fte_rolling_12",
            "headcount",
            "extra_time_hours",
            "sick_leave_total",
            "sick_leave_short",
            "sick_leave_long",
            "sick_leave_women",
            "sick_leave_men",
        ),
        # The months of the period's year up to its end: the figures the period shows.
        lambda qs, up: qs.filter(
            unit=up.unit_id, year=up.period.year.year, month__lte=up.period.end_month
        ),
        lambda r: MONTHS_LONG.get(r.month, str(r.month)),
    ),
    Source(
        "ekonomi",
        FinanceFigure,
        gettext_lazy("Ekonomi"),
        (
            "outcome",
            "period_budget",
            "annual_budget",
            "annual_forecast",
            "outcome_previous_year",
            "comment",
        ),
        lambda qs, up: qs.filter(unit=up.unit_id, period=up.period_id).select_related("category"),
        lambda r: r.category.name if r.category else "–",
    ),
    Source(
        "uppfoljning",
        FollowUpRow,
        gettext_lazy("Ekonomi"),
        ("label", "amount"),
        lambda qs, up: qs.filter(table__unit=up.unit_id, table__period=up.period_id).select_related(
            "table"
        ),
        lambda r: f"{r.table.title} – {r.label}" if r.table else r.label,
    ),
    Source(
        "investering",
        InvestmentOutcome,
        gettext_lazy("Investeringar"),
        ("outcome_earlier_decisions", "outcome_current_decisions", "forecast", "comment"),
        lambda qs, up: qs.filter(unit=up.unit_id, period=up.period_id).select_related("category"),
        lambda r: r.category.name if r.category else "–",
    ),
    Source(
        "uppdrag",
        AssignmentNote,
        gettext_lazy("Uppdrag"),
        ("status", "text"),
        lambda qs, up: qs.filter(period=up.period_id, assignment__unit=up.unit_id).select_related(
            "assignment"
        ),
        lambda r: r.assignment.title if r.assignment else "–",
    ),
    Source(
        "uppdragsbudget",
        AssignmentBudget,
        gettext_lazy("Uppdrag"),
        ("budget", "outcome", "remaining"),
        lambda qs, up: qs.filter(period=up.period_id, assignment__unit=up.unit_id).select_related(
            "assignment"
        ),
        _budget_label,
    ),
    Source(
        "internkontroll",
        ActivityFollowUp,
        gettext_lazy("Internkontroll"),
        ("performed", "result", "actions", "assessment"),
        lambda qs, up: qs.filter(
            period=up.period_id, activity__risk__plan__unit=up.unit_id
        ).select_related("activity"),
        lambda r: r.activity.what if r.activity else "–",
    ),
    Source(
        "mal",
        GoalFollowUp,
        gettext_lazy("Mål"),
        ("forecast", "comment"),
        lambda qs, up: qs.filter(period=up.period_id, goal__unit=up.unit_id).select_related("goal"),
        lambda r: r.goal.title if r.goal else "–",
    ),
    Source(
        "indikator",
        IndicatorCount,
        gettext_lazy("Indikatorer"),
        ("numerator", "denominator"),
        lambda qs, up: qs.filter(
            period=up.period_id, measure__goal__unit=up.unit_id
        ).select_related("measure"),
        lambda r: r.measure.name if r.measure else "–",
    ),
    Source(
        "text",
        NarrativeSection,
        gettext_lazy("Text"),
        ("body",),
        lambda qs, up: qs.filter(unit=up.unit_id, period=up.period_id).select_related(
            "perspective"
        ),
        _narrative_label,
    ),
    Source(
        "period",
        UnitPeriod,
        gettext_lazy("Period"),
        ("status", "document_id", "version", "published_on", "owner_title", "prepared_by_title"),
        lambda qs, up: qs.filter(id=up.pk).select_related("period__year"),
        lambda r: r.period.label if r.period else "–",
    ),
)
SOURCES_BY_SLUG = {s.slug: s for s in SOURCES}


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def display_value(field: models.Field[Any, Any], value: Any) -> str:
    """A stored value as the pages show it: choice labels, Swedish numbers, ISO dates."""
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, Decimal):
        return format_number(value, decimals=_places(value))
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _who(record: Any) -> str:
    user = record.history_user
    if user is None:
        return _("systemet")
    return str(user.get_full_name() or user.get_username())


def _record_changes(source: Source, record: Any, previous: Any | None) -> Iterable[Change]:
    """The field changes of one history record against the record before it."""
    meta = source.model._meta
    what = f"{source.section}: {source.row_label(record)}"
    common = {
        "when": record.history_date,
        "who": _who(record),
        "via": record.history_change_reason or "",
        "what": what,
        "row": f"{source.slug}-{record.id}",
        "history_id": record.history_id,
    }
    if record.history_type == "-":
        yield Change(field="", field_label=_("Raden togs bort"), old="", new="", **common)
        return
    if previous is None:
        # The row was created: every field given a value is a change from nothing.
        pairs = [(name, None, getattr(record, name)) for name in source.fields]
    else:
        delta = record.diff_against(previous, included_fields=source.fields)
        pairs = [(c.field, c.old, c.new) for c in delta.changes]
        pairs.sort(key=lambda pair: source.fields.index(pair[0]))
    for name, old, new in pairs:
        field = cast("models.Field[Any, Any]", meta.get_field(name))
        old_text, new_text = display_value(field, old), display_value(field, new)
        if old_text == new_text:
            continue
        yield Change(
            field=name,
            field_label=capfirst(str(field.verbose_name)),
            old=old_text,
            new=new_text,
            **common,
        )


@dataclass(frozen=True)
class RowFilter:
    """?rad=styrmatt-12 (one row) and ?falt=value (one field of it)."""

    source: str = ""
    object_id: int | None = None
    field: str = ""

    @classmethod
    def parse(cls, row: str | None, field: str | None) -> RowFilter:
        slug, _sep, pk = (row or "").rpartition("-")
        if slug not in SOURCES_BY_SLUG or not pk.isdigit():
            return cls()
        fields = SOURCES_BY_SLUG[slug].fields
        return cls(slug, int(pk), field if field in fields else "")

    @property
    def row(self) -> str:
        return f"{self.source}-{self.object_id}" if self.source else ""

    @property
    def active(self) -> bool:
        return bool(self.source)


def history(*, unit_period: UnitPeriod, only: RowFilter | None = None) -> list[Change]:
    """Every change of the unit period's figures and texts, newest first.

    One query per audited model (with the user and the row's names joined), so the
    cost does not grow with the number of changes. Each record is diffed against the
    record before it of the same row (django-simple-history's ``diff_against``).
    ``only`` narrows to one row, or one field of it: one query.
    """
    only = only or RowFilter()
    changes: list[Change] = []
    for source in SOURCES:
        if only.active and source.slug != only.source:
            continue
        records = source.records(source.model.history.all(), unit_period)  # type: ignore[attr-defined]
        if only.active:
            records = records.filter(id=only.object_id)
        records = records.select_related("history_user").order_by(
            "id", "history_date", "history_id"
        )
        previous: Any | None = None
        for record in records:
            same_row = previous is not None and previous.id == record.id
            changes.extend(_record_changes(source, record, previous if same_row else None))
            previous = record
    if only.field:
        changes = [c for c in changes if c.field == only.field]
    changes.sort(key=lambda c: (c.when, c.history_id), reverse=True)
    return changes
