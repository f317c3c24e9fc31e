"""The change history of a unit period: every audited row's changes, field by field.

Each audited model whose rows belong to a unit period is a ``HistorySource``. The
core's (measure outcomes, perspective assessments, the unit period itself) are
declared here; reports' texts and every domain app's figures are contributed through
``<app>/contributions.py`` (``HISTORY_SOURCES``) and listed in ``settings.DOMAIN_APPS``
order, so this module imports no domain app.
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

from common.contributions import collect
from common.numbers import format_number
from common.params import whole_number
from reports.models import NarrativeSection, SectionKind
from scorecards.models import MeasureOutcome, PerspectiveAssessment, UnitPeriod


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
class HistorySource:
    """An audited model whose rows belong to the unit period, and how to name its rows."""

    slug: str  # row key prefix, used in ?rad=
    model: type[models.Model]
    section: str | Promise  # translated when shown
    fields: tuple[str, ...]
    records: Callable[[QuerySet[Any], UnitPeriod], QuerySet[Any]]
    row_label: Callable[[Any], str]


def _assessment_label(record: Any) -> str:
    return record.perspective.name if record.perspective else "–"


def _narrative_label(record: Any) -> str:
    label = (
        str(SectionKind(record.kind).label) if record.kind in SectionKind.values else record.kind
    )
    if record.perspective is not None:
        return f"{label} – {record.perspective.name}"
    return label


# The core's sources.
OUTCOME_HISTORY = HistorySource(
    "styrmatt",
    MeasureOutcome,
    gettext_lazy("Styrmått"),
    ("value", "text", "forecast", "manual_attainment", "override_justification", "comment"),
    lambda qs, up: qs.filter(period=up.period_id, measure__goal__unit=up.unit_id).select_related(
        "measure"
    ),
    lambda r: r.measure.name if r.measure else "–",
)
ASSESSMENT_HISTORY = HistorySource(
    "bedomning",
    PerspectiveAssessment,
    gettext_lazy("Bedömning"),
    ("attainment", "text"),
    lambda qs, up: qs.filter(unit=up.unit_id, period=up.period_id).select_related("perspective"),
    _assessment_label,
)
PERIOD_HISTORY = HistorySource(
    "period",
    UnitPeriod,
    gettext_lazy("Period"),
    (
        "status",
        "document_id",
        "document_version",
        "published_on",
        "owner_title",
        "prepared_by_title",
    ),
    lambda qs, up: qs.filter(id=up.pk).select_related("period__year"),
    lambda r: r.period.label if r.period else "–",
)

# Reports' own: the narrative texts (contributed in reports/contributions.py).
TEXT_HISTORY = HistorySource(
    "text",
    NarrativeSection,
    gettext_lazy("Text"),
    ("body",),
    lambda qs, up: qs.filter(unit=up.unit_id, period=up.period_id).select_related("perspective"),
    _narrative_label,
)


def sources() -> tuple[HistorySource, ...]:
    """Every source in the page's order: the core's figures, each app's, the period last."""
    return (OUTCOME_HISTORY, ASSESSMENT_HISTORY, *collect("HISTORY_SOURCES"), PERIOD_HISTORY)


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


def _record_changes(source: HistorySource, record: Any, previous: Any | None) -> Iterable[Change]:
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
        source = next((s for s in sources() if s.slug == slug), None)
        object_id = whole_number(pk)
        if source is None or object_id is None:
            return cls()
        return cls(slug, object_id, field if field in source.fields else "")

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
    for source in sources():
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
