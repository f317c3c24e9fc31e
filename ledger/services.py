"""Writes: the mapping of the ledger, and a ledger import through the finance services.

The import saves all units' figures or none: one transaction around one
``finance_figures_bulk_set`` per unit period, each checking the user's right to enter
figures for that unit and the period lock, with the history path "ekonomisystem".
Mapping changes are the organisation administrator's and are audited like the steering
model (django-simple-history, the path as change reason).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finance.models import CostCategory
from finance.services import finance_figures_bulk_set
from ledger.models import AccountRange, CostCentre, LedgerMapping, LedgerUpload, Sign
from ledger.selectors import (
    Aggregation,
    Mapping,
    aggregate,
    expected_versions,
    mapping_for,
    preview_digest,
    unmapped_summary,
)
from ledger.sie import SieError
from ledger.tabular import read_ledger
from scorecards.administration import administration_check
from scorecards.errors import EntryError, NotAllowed, PeriodClosed, validated
from scorecards.models import (
    Action,
    Period,
    Unit,
    UnitPeriod,
    Year,
    allowed_actions,
)
from scorecards.services import Via

if TYPE_CHECKING:
    from scorecards.services import User


class LedgerError(EntryError):
    """A refused ledger import or mapping change, with a Swedish message."""


# ----------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportDone:
    units: int
    changed: int  # figures written (unchanged ones are not)


def ledger_import(
    *,
    actor: User | None,
    aggregation: Aggregation,
    expected: dict[tuple[int, int], int] | None = None,
    via: str = Via.LEDGER,
) -> ImportDone:
    """Save the aggregation's figures for every unit in it, or none.

    ``expected``: (unit id, category id) → the version the preview showed; a figure
    changed since then refuses the import (StaleVersion). Without it (the command) the
    versions read inside the transaction are used. ``actor=None``: the server's
    operator (the command without --user), who may write every unit's open period.
    """
    if not aggregation.cells:
        raise LedgerError(_("Filen ger inga belopp för perioden med den här mappningen."))
    period = aggregation.period
    unit_periods = {
        up.unit_id: up
        for up in UnitPeriod.objects.filter(
            period=period, unit__in=[u.pk for u in aggregation.units]
        ).select_related("unit", "period__year")
    }
    for unit in aggregation.units:
        up = unit_periods.get(unit.pk)
        if up is None:
            raise LedgerError(
                _("%(unit)s har ingen period %(period)s; filen sparades inte.")
                % {"unit": unit.name, "period": period.label}
            )
        if actor is not None and Action.EDIT not in allowed_actions(actor, up):
            raise NotAllowed(
                _("Du får inte registrera ekonomi för %(unit)s; filen sparades inte.")
                % {"unit": unit.name}
            )
        if not up.is_writable:
            raise PeriodClosed(
                _("Perioden %(period)s för %(unit)s är %(status)s; filen sparades inte.")
                % {
                    "period": period.label,
                    "unit": unit.name,
                    "status": up.get_status_display().lower(),
                }
            )
    changed = 0
    with transaction.atomic():
        for unit in aggregation.units:
            cells = [c for c in aggregation.cells if c.unit.pk == unit.pk]
            changed += finance_figures_bulk_set(
                actor=actor,
                unit_period=unit_periods[unit.pk],
                rows=[
                    (
                        cell.category,
                        cell.new,
                        None if expected is None else expected.get((unit.pk, cell.category.pk), 0),
                    )
                    for cell in cells
                ],
                via=via,
            )
    return ImportDone(units=len(aggregation.units), changed=changed)


# ---------------------------------------------------------------------- mapping


def _saved[M: (LedgerMapping, AccountRange, CostCentre)](row: M, actor: User, via: str) -> M:
    validated(row)
    row._change_reason = via  # type: ignore[attr-defined]  # simple-history
    row._history_user = actor  # type: ignore[attr-defined]
    try:
        row.save()
    except IntegrityError as error:
        raise LedgerError(_("Raden finns redan.")) from error
    return row


def ledger_mapping_get_or_create(*, actor: User, year: Year, via: str = Via.WEB) -> LedgerMapping:
    """The year's mapping, created empty (cost centres in dimension 1) the first time."""
    found = LedgerMapping.objects.filter(year=year).first()
    if found is not None:
        return found
    administration_check(actor, year.organisation_id)
    return _saved(LedgerMapping(year=year), actor, via)


def ledger_mapping_settings_set(
    *, actor: User, year: Year, cost_centre_dimension: int, via: str = Via.WEB
) -> LedgerMapping:
    administration_check(actor, year.organisation_id)
    mapping = ledger_mapping_get_or_create(actor=actor, year=year, via=via)
    if mapping.cost_centre_dimension == cost_centre_dimension:
        return mapping
    mapping.cost_centre_dimension = cost_centre_dimension
    return _saved(mapping, actor, via)


def _overlap_check(row: AccountRange) -> None:
    other = (
        AccountRange.objects.filter(
            mapping=row.mapping_id, first__lte=row.last, last__gte=row.first
        )
        .exclude(pk=row.pk)
        .first()
    )
    if other is not None:
        raise LedgerError(
            _("Kontona %(first)s–%(last)s överlappar intervallet %(other)s.")
            % {"first": row.first, "last": row.last, "other": other},
            "first",
        )


def account_range_save(
    *,
    actor: User,
    year: Year,
    row: AccountRange | None,
    first: int,
    last: int,
    category: CostCategory | None,
    sign: str = Sign.REVERSE,
    via: str = Via.WEB,
) -> AccountRange:
    """Add (``row`` None) or change an account range; ranges may not overlap."""
    administration_check(actor, year.organisation_id)
    if category is not None and category.year_id != year.pk:
        raise LedgerError(_("Kostnadskategorin hör inte till året."), "category")
    with transaction.atomic():
        mapping = ledger_mapping_get_or_create(actor=actor, year=year, via=via)
        if row is None:
            row = AccountRange(mapping=mapping)
        elif row.mapping_id != mapping.pk:
            raise LedgerError(_("Raden hör inte till årets mappning."))
        row.first, row.last, row.category, row.sign = first, last, category, sign
        validated(row)
        _overlap_check(row)
        return _saved(row, actor, via)


def account_range_delete(*, actor: User, year: Year, row: AccountRange, via: str = Via.WEB) -> None:
    administration_check(actor, year.organisation_id)
    if row.mapping.year_id != year.pk:
        raise LedgerError(_("Raden hör inte till årets mappning."))
    row._change_reason = via  # type: ignore[attr-defined]
    row._history_user = actor  # type: ignore[attr-defined]
    row.delete()


def cost_centre_save(
    *,
    actor: User,
    year: Year,
    row: CostCentre | None,
    code: str,
    unit: Unit,
    via: str = Via.WEB,
) -> CostCentre:
    """Add or change a cost centre → unit; the unit must be the organisation's."""
    administration_check(actor, year.organisation_id)
    code = code.strip()
    if unit.organisation_id != year.organisation_id:
        raise LedgerError(_("Enheten hör inte till organisationen."), "unit")
    with transaction.atomic():
        mapping = ledger_mapping_get_or_create(actor=actor, year=year, via=via)
        if row is None:
            row = CostCentre(mapping=mapping)
        elif row.mapping_id != mapping.pk:
            raise LedgerError(_("Raden hör inte till årets mappning."))
        taken = CostCentre.objects.filter(mapping=mapping, code=code).exclude(pk=row.pk)
        if taken.exists():
            raise LedgerError(
                _("Kostnadsstället %(code)s finns redan i mappningen.") % {"code": code}, "code"
            )
        row.code, row.unit = code, unit
        return _saved(row, actor, via)


def cost_centre_delete(*, actor: User, year: Year, row: CostCentre, via: str = Via.WEB) -> None:
    administration_check(actor, year.organisation_id)
    if row.mapping.year_id != year.pk:
        raise LedgerError(_("Raden hör inte till årets mappning."))
    row._change_reason = via  # type: ignore[attr-defined]
    row._history_user = actor  # type: ignore[attr-defined]
    row.delete()


@dataclass(frozen=True)
class RangeRow:
    first: int
    last: int
    category: CostCategory | None
    sign: str


def ledger_mapping_replace(
    *,
    actor: User,
    year: Year,
    ranges: Iterable[RangeRow],
    cost_centres: Iterable[tuple[str, Unit]],
    via: str = Via.IMPORT,
) -> LedgerMapping:
    """Replace the year's ranges and cost centres at once (the Excel import): all or none."""
    administration_check(actor, year.organisation_id)
    with transaction.atomic():
        mapping = ledger_mapping_get_or_create(actor=actor, year=year, via=via)
        for old in [*mapping.ranges.all(), *mapping.cost_centres.all()]:
            old._change_reason = via  # type: ignore[attr-defined]
            old._history_user = actor  # type: ignore[attr-defined]
            old.delete()
        for item in ranges:
            account_range_save(
                actor=actor,
                year=year,
                row=None,
                first=item.first,
                last=item.last,
                category=item.category,
                sign=item.sign,
                via=via,
            )
        for code, unit in cost_centres:
            cost_centre_save(actor=actor, year=year, row=None, code=code, unit=unit, via=via)
    return mapping


# ------------------------------------------------------------------ import pages


@dataclass(frozen=True)
class Preview:
    """An uploaded file kept for "Spara", and its sums for the preview."""

    upload: LedgerUpload
    aggregation: Aggregation


def _read(
    content: bytes, filename: str, mapping: Mapping, period: Period, unit: Unit | None
) -> Aggregation:
    try:
        ledger = read_ledger(content, filename, dimension=mapping.mapping.cost_centre_dimension)
    except SieError as error:
        raise LedgerError(
            _("%(file)s: %(message)s Inget sparades.")
            % {"file": filename, "message": error.message},
            "file",
        ) from error
    return aggregate(ledger, mapping, period, unit=unit)


def _mapping_of(period: Period) -> Mapping:
    mapping = mapping_for(period.year)
    if mapping is None:
        raise LedgerError(
            _(
                "Det finns ingen mappning mot ekonomisystemet för %(year)s. En administratör "
                "lägger upp den under Inställningar → Ekonomisystem."
            )
            % {"year": period.year.year}
        )
    return mapping


def ledger_upload_preview(
    *, actor: User, period: Period, unit: Unit | None, filename: str, content: bytes
) -> Preview:
    """Read and sum an uploaded file, and keep it for "Spara"; no figure is written.

    ``unit``: the unit import page (other units' rows are named, not summed); None: the
    organisation's page. A file that does not parse is refused naming the line. The
    user's earlier unsaved files of the same page are dropped.
    """
    uploader = actor.pk
    if uploader is None:
        raise NotAllowed(_("Logga in för att läsa in en fil."))
    aggregation = _read(content, filename, _mapping_of(period), period, unit)
    with transaction.atomic():
        LedgerUpload.objects.filter(
            uploaded_by=uploader, period=period, unit=unit, saved__isnull=True
        ).delete()
        upload = LedgerUpload.objects.create(
            year=period.year,
            period=period,
            unit=unit,
            uploaded_by_id=uploader,
            filename=filename[:255],
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            expected=expected_versions(aggregation),
            digest=preview_digest(aggregation),
            unmapped=unmapped_summary(aggregation),
        )
    return Preview(upload, aggregation)


def ledger_upload_save(*, actor: User, upload: LedgerUpload) -> ImportDone:
    """Save the figures of a previewed file, all or nothing (``ledger_import``).

    The kept bytes are read and summed again: sums other than the preview's (the
    mapping changed) or a figure saved by someone since (StaleVersion) refuse the save.
    """
    content = bytes(upload.content)
    if not content or hashlib.sha256(content).hexdigest() != upload.sha256:
        raise LedgerError(_("Filen finns inte kvar. Ladda upp den igen."))
    aggregation = _read(
        content, upload.filename, _mapping_of(upload.period), upload.period, upload.unit
    )
    if preview_digest(aggregation) != upload.digest:
        raise LedgerError(
            _(
                "Beloppen är inte längre desamma som i förhandsgranskningen (mappningen har "
                "ändrats). Ladda upp filen igen."
            )
        )
    expected = {}
    for key, version in upload.expected.items():
        unit_pk, category_pk = key.split(":")
        expected[(int(unit_pk), int(category_pk))] = int(version)
    with transaction.atomic():
        done = ledger_import(actor=actor, aggregation=aggregation, expected=expected)
        upload.content = b""
        upload.saved = timezone.now()
        upload.save(update_fields=["content", "saved"])
    return done
