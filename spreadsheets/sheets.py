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

from portal.numbers import format_number
from scorecards.models import (
    MONTHS_LONG,
    Attainment,
    Direction,
    Forecast,
    Measure,
    MeasureOutcome,
    UnitPeriod,
)
from scorecards.selectors import measures_followed_up
from scorecards.services import outcome_set

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


KR = number_format(0)
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
    # Editable fields that are read-only on this row (a text measure's number).
    locked: frozenset[str] = frozenset()
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


def _measure_rows(unit_period: UnitPeriod) -> list[SheetRow]:
    """The measures followed up in the period with their outcomes: two queries."""
    unit, period = unit_period.unit, unit_period.period
    measures = measures_followed_up(unit, period)
    outcomes = {
        o.measure_id: o
        for o in MeasureOutcome.objects.filter(measure__in=measures.values("pk"), period=period)
    }
    rows = []
    for m in measures.select_related("goal__perspective").order_by(
        "goal__perspective__order", "goal__order", "order", "pk"
    ):
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
                locked=frozenset({"value"})
                if m.value_kind == Measure.ValueKind.TEXT
                else frozenset(),
                formats={"value": number_format(m.decimals)},
            )
        )
    return rows


def _measure_write(
    *,
    actor: User,
    unit_period: UnitPeriod,
    target: Any,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str,
) -> object:
    return outcome_set(
        actor=actor,
        unit_period=unit_period,
        measure=target,
        changes=changes,
        expected_version=expected_version,
        via=via,
    )


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
    write=_measure_write,
)


# Month name for the staff sheet, as the reports write it.
def month_name(month: int) -> str:
    return MONTHS_LONG[month]


def available_sheets() -> list[Sheet]:
    """The sheets of the workbook, in order."""
    return [MEASURES]
