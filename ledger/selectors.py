"""Reads: the year's mapping, and a ledger file summed per unit × category (pandas).

``aggregate`` turns a ledger file's amounts (``LedgerFile.rows``) into the figures of
one period: every amount is matched to a cost category by its account (the mapping's
ranges, with their sign) and to a unit by its cost centre, then summed per unit and
category from January to the period's end month (the portal's figures are cumulative).
Outcome comes from ``#PSALDO`` when the file has balances for the year, else from the
``#TRANS`` rows; budget from ``#PBUDGET`` (the period's months, and all twelve for the
annual budget); the same period last year from the previous year's balances. What no
range or cost centre covers is listed with its amount, never dropped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from finance.models import CostCategory, FinanceFigure
from ledger.models import AccountRange, CostCentre, LedgerMapping, LedgerUpload, Sign
from ledger.sie import LedgerFile, object_pairs
from scorecards.models import Organisation, Period, Unit, Year

if TYPE_CHECKING:
    from collections.abc import Iterable

# The figures a ledger gives, in the order the preview shows them.
FIELDS = ("outcome", "period_budget", "annual_budget", "outcome_previous_year")


@dataclass(frozen=True)
class Mapping:
    """The year's mapping with everything the aggregation looks up (three queries)."""

    mapping: LedgerMapping
    ranges: list[AccountRange]
    cost_centres: dict[str, Unit]


def mapping_for(year: Year) -> Mapping | None:
    """The year's mapping, or None when the organisation has not set one up."""
    mapping = LedgerMapping.objects.filter(year=year).first()
    if mapping is None:
        return None
    ranges = list(mapping.ranges.select_related("category").order_by("first"))
    centres = {c.code: c.unit for c in mapping.cost_centres.select_related("unit")}
    return Mapping(mapping, ranges, centres)


@dataclass(frozen=True)
class Cell:
    """One unit's figures for one category, from the file and as stored."""

    unit: Unit
    category: CostCategory
    new: dict[str, Decimal]  # only the figures the file gives
    stored: FinanceFigure | None

    def old(self, name: str) -> Decimal | None:
        value: Decimal | None = getattr(self.stored, name) if self.stored else None
        return value

    @property
    def changes(self) -> dict[str, Decimal]:
        return {name: value for name, value in self.new.items() if self.old(name) != value}

    @property
    def version(self) -> int:
        return self.stored.version if self.stored else 0


@dataclass(frozen=True)
class Unmapped:
    """An account or cost centre of the file that the mapping does not cover."""

    code: str
    name: str
    amount: Decimal  # as booked (debit positive), summed over the rows
    rows: int


@dataclass
class Aggregation:
    """A ledger file summed for one period: per unit and category, and what is left."""

    period: Period
    cells: list[Cell] = field(default_factory=list)
    unmapped_accounts: list[Unmapped] = field(default_factory=list)
    unmapped_cost_centres: list[Unmapped] = field(default_factory=list)
    # Rows of other units than the page's (the unit import page shows them only).
    other_units: list[Unit] = field(default_factory=list)
    # Balance rows without the cost centre alone (totals or finer sub-balances).
    skipped_balances: int = 0
    outcome_source: str = ""

    @property
    def units(self) -> list[Unit]:
        seen: dict[int, Unit] = {}
        for cell in self.cells:
            seen.setdefault(cell.unit.pk, cell.unit)
        return list(seen.values())

    @property
    def changed(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.changes]

    @property
    def complete(self) -> bool:
        return not self.unmapped_accounts and not self.unmapped_cost_centres


def _öre(value: int | np.integer) -> Decimal:
    return Decimal(int(value)) / 100


def _cost_centres(rows: pd.DataFrame, dimension: int) -> pd.Series:
    """The cost centre of each row ("" when the row has none; NaN for a balance row that
    is not the cost centre's alone). Object lists are few: each distinct one is read once."""
    codes, uniques = pd.factorize(rows["objects"])
    balance = (rows["source"] != "TRANS").to_numpy()
    trans_code, balance_code = [], []
    for objects in uniques:
        pairs = object_pairs(str(objects)) or []
        found = [code for dim, code in pairs if dim == dimension]
        trans_code.append(found[0] if found else "")
        # A balance per object and nothing else; {} is the account's total and a list
        # of several objects a finer balance, both already inside the cost centre's.
        balance_code.append(found[0] if len(pairs) == 1 and found else None)
    trans_codes = np.array(trans_code, dtype=object)[codes] if len(uniques) else np.array([])
    balance_codes = np.array(balance_code, dtype=object)[codes] if len(uniques) else np.array([])
    return pd.Series(np.where(balance, balance_codes, trans_codes), index=rows.index)


def _categories(
    accounts: pd.Series, ranges: list[AccountRange]
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(range index or −1, category id or −1 for an ignored range, sign) per account."""
    if not ranges:
        minus = pd.Series(-1, index=accounts.index)
        return minus, minus, pd.Series(1, index=accounts.index)
    firsts = np.array([r.first for r in ranges])
    lasts = np.array([r.last for r in ranges])
    values = accounts.to_numpy()
    index = np.searchsorted(firsts, values, side="right") - 1
    inside = (index >= 0) & (values <= lasts[np.clip(index, 0, None)])
    index = np.where(inside, index, -1)
    category = np.array([r.category_id or -1 for r in ranges] + [-1])[index]
    sign = np.array([-1 if r.sign == Sign.REVERSE else 1 for r in ranges] + [1])[index]
    return (
        pd.Series(index, index=accounts.index),
        pd.Series(category, index=accounts.index),
        pd.Series(sign, index=accounts.index),
    )


def aggregate(
    ledger: LedgerFile, mapping: Mapping, period: Period, *, unit: Unit | None = None
) -> Aggregation:
    """The file's figures for ``period`` per unit and category (see the module doc).

    ``unit``: the import of one unit's page; other units' rows are named, not summed.
    """
    year = period.year.year
    result = Aggregation(period=period)
    rows = ledger.rows
    rows = rows[rows["year"].isin([year, year - 1])]
    # Balances are the system's own sums: the outcome of a year comes from them when the
    # file has them, else from the vouchers (a file holds both, or only one of them).
    actual = ~rows["budget"]
    has_balances = set(rows.loc[actual & (rows["source"] == "PSALDO"), "year"].unique())
    from_balance = rows["year"].isin(has_balances)
    use = rows["budget"] | (from_balance == (rows["source"] == "PSALDO"))
    rows = rows[use]
    result.outcome_source = "#PSALDO" if year in has_balances else "#TRANS"

    range_index, category, sign = _categories(rows["account"], mapping.ranges)
    unmapped = rows[range_index < 0]
    result.unmapped_accounts = _unmapped(
        unmapped, unmapped["account"].astype(str), {str(k): v for k, v in ledger.accounts.items()}
    )
    rows = rows[category >= 0].assign(category=category[category >= 0], sign=sign[category >= 0])

    centre = _cost_centres(rows, mapping.mapping.cost_centre_dimension)
    result.skipped_balances = int(rows.loc[centre.isna(), "rows"].sum())
    rows = rows.assign(centre=centre)[centre.notna()]
    units = {code: u for code, u in mapping.cost_centres.items()}
    rows = rows.assign(unit=rows["centre"].map({c: u.pk for c, u in units.items()}))
    lost = rows[rows["unit"].isna()]
    dimension = mapping.mapping.cost_centre_dimension
    result.unmapped_cost_centres = _unmapped(
        lost,
        lost["centre"],
        {code: name for (dim, code), name in ledger.objects.items() if dim == dimension},
    )
    rows = rows[rows["unit"].notna()].astype({"unit": "int64"})
    if unit is not None:
        others = set(rows.loc[rows["unit"] != unit.pk, "unit"].unique())
        by_pk = {u.pk: u for u in units.values()}
        result.other_units = sorted((by_pk[int(pk)] for pk in others), key=lambda u: u.name)
        rows = rows[rows["unit"] == unit.pk]

    rows = rows.assign(amount=rows["amount"] * rows["sign"])
    upto = rows["month"] <= period.end_month
    this_year = rows["year"] == year
    figures = {
        "outcome": rows[~rows["budget"] & this_year & upto],
        "period_budget": rows[rows["budget"] & this_year & upto],
        "annual_budget": rows[rows["budget"] & this_year],
        "outcome_previous_year": rows[~rows["budget"] & ~this_year & upto],
    }
    sums = {
        name: frame.groupby(["unit", "category"])["amount"].sum() for name, frame in figures.items()
    }
    result.cells = _cells(sums, period)
    return result


def _unmapped(rows: pd.DataFrame, codes: pd.Series, names: dict[str, str]) -> list[Unmapped]:
    if rows.empty:
        return []
    grouped = rows.assign(code=codes).groupby("code")[["amount", "rows"]].sum()
    return [
        Unmapped(code=str(code), name=names.get(str(code), ""), amount=_öre(total), rows=int(n))
        for code, total, n in grouped.itertuples()
    ]


def _cells(sums: dict[str, pd.Series], period: Period) -> list[Cell]:
    keys = sorted({key for series in sums.values() for key in series.index})
    if not keys:
        return []
    units = Unit.objects.in_bulk({unit for unit, _category in keys})
    categories = CostCategory.objects.in_bulk({category for _unit, category in keys})
    stored = {
        (f.unit_id, f.category_id): f
        for f in FinanceFigure.objects.filter(
            period=period, unit__in=list(units), category__in=list(categories)
        )
    }
    cells = []
    for unit_pk, category_pk in keys:
        new = {
            name: _öre(series[(unit_pk, category_pk)])
            for name, series in sums.items()
            if (unit_pk, category_pk) in series.index
        }
        cells.append(
            Cell(
                unit=units[unit_pk],
                category=categories[category_pk],
                new=new,
                stored=stored.get((unit_pk, category_pk)),
            )
        )
    cells.sort(key=lambda c: (c.unit.path, c.category.order, c.category.pk))
    return cells


def cost_centre_units(organisation: Organisation) -> Iterable[Unit]:
    """The units a cost centre may point at: the organisation's own."""
    return Unit.objects.filter(organisation=organisation).order_by("path")


def categories_for(year: Year) -> list[CostCategory]:
    return list(CostCategory.objects.filter(year=year).order_by("order", "pk"))


def year_mapping_rows(year: Year) -> tuple[list[AccountRange], list[CostCentre]]:
    """The mapping page's rows: ranges and cost centres (two queries; none without one)."""
    return (
        list(
            AccountRange.objects.filter(mapping__year=year)
            .select_related("category")
            .order_by("first")
        ),
        list(CostCentre.objects.filter(mapping__year=year).select_related("unit").order_by("code")),
    )


# ------------------------------------------------------------------ import pages


def expected_versions(aggregation: Aggregation) -> dict[str, int]:
    """The stored figures' versions the preview showed, as JSON: "unit:category" → version."""
    return {f"{c.unit.pk}:{c.category.pk}": c.version for c in aggregation.cells}


def preview_digest(aggregation: Aggregation) -> str:
    """A checksum of the sums the preview showed: the save refuses other sums."""
    parts = sorted(
        f"{c.unit.pk}:{c.category.pk}:{name}={value}"
        for c in aggregation.cells
        for name, value in c.new.items()
    )
    text = f"{aggregation.period.pk}|" + "|".join(parts)
    return hashlib.sha256(text.encode()).hexdigest()


def unmapped_summary(aggregation: Aggregation) -> dict[str, list[list[str | int]]]:
    """The unmapped accounts and cost centres as JSON (code, name, amount, rows)."""
    return {
        kind: [[u.code, u.name, str(u.amount), u.rows] for u in items]
        for kind, items in (
            ("accounts", aggregation.unmapped_accounts),
            ("cost_centres", aggregation.unmapped_cost_centres),
        )
    }


def unmapped_from_summary(summary: dict[str, Any], kind: str) -> list[Unmapped]:
    return [
        Unmapped(code=str(code), name=str(name), amount=Decimal(str(amount)), rows=int(rows))
        for code, name, amount, rows in summary.get(kind, [])
    ]


def latest_upload(year: Year) -> LedgerUpload | None:
    """The year's most recent upload on either import page (the mapping page lists what
    it left unmapped); without its bytes."""
    return (
        LedgerUpload.objects.filter(year=year)
        .select_related("period", "unit", "uploaded_by")
        .defer("content")
        .first()
    )


def pending_upload(
    *, upload_id: int, user_id: int, year: Year, unit: Unit | None, period: Period | None
) -> LedgerUpload | None:
    """The user's own file of this import page (the unit's, or the organisation's when
    ``unit`` is None) that is not saved yet, else None. ``period``: the unit page's."""
    uploads = LedgerUpload.objects.filter(
        pk=upload_id, uploaded_by=user_id, year=year, unit=unit, saved__isnull=True
    )
    if period is not None:
        uploads = uploads.filter(period=period)
    return uploads.select_related("period__year", "unit").first()


def periods_of(year: Year) -> list[Period]:
    """The year's periods in order (the org-wide import page's choice)."""
    return list(Period.objects.filter(year=year).select_related("year").order_by("end_month", "pk"))
