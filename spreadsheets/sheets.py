"""What a sheet of the workbook is: its columns, its rows and its writer.

The core's Styrkort sheet is in ``spreadsheets.measures``; every other sheet is declared
by its app (``<app>/sheets.py``) and contributed through ``<app>/contributions.py``.
The exporter and the importer both read the same ``Sheet``, so a column exported is a
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

from scorecards.models import UnitPeriod

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


def service_writer(service: Callable[..., object], target_arg: str) -> Writer:
    """A sheet's write: the section's own service, given the row's target under its name."""

    def write(*, target: Any, **kwargs: Any) -> object:
        return service(**{target_arg: target}, **kwargs)

    return write
