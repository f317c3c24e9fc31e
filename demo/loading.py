"""The demo loader (``manage.py loaddemo``): fixtures/demo/*.toml, upserted idempotently.

The TOML files are the source of truth for the demo. An organisation file (a top-level
``[organisation]`` table: ``organisation.toml`` for Region Norrbotten,
``gemensam-namnd.toml`` for the joint committee) holds one organisation's steering
model (units, years, periods, perspectives, strategic goals, cost and investment
categories, report templates, users); a unit file (a top-level ``unit`` key naming the
unit) holds one unit's figures; the files an app reads on its own (``DemoLoader.file``,
e.g. allocation.toml) are neither. Everything is upserted by natural key in one
transaction, and an object is only saved when a field actually changed, so a second
run creates no rows and no audit-history entries.

This module holds the machinery (``Stats``, ``Loader.upsert``, the number readers) and
the core's part: organisation, units, years, periods, perspectives, strategic goals,
users, and per unit its focus areas, goals, measures, outcomes and assessments. Every
domain app loads its own part through a ``DemoLoader`` declared in its
``contributions.py`` (``DEMO_LOADERS``), looped over in ``settings.DOMAIN_APPS`` order.
Organisations are loaded one after the other; while one is loaded, ``loader.years``,
``loader.periods`` and ``loader.perspectives`` are that organisation's (two
organisations may both have a 2021).

Figures are written in the TOML files as strings the Swedish way ("-32 533 999",
"4,45") and read with ``common.numbers.parse_number``, the project's one parser.
Amounts are in kr.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import CommandError
from django.db import models, transaction

from common.contributions import collect
from common.numbers import parse_number
from scorecards.models import (
    Direction,
    FocusArea,
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Perspective,
    PerspectiveAssessment,
    StrategicGoal,
    SuccessFactor,
    Unit,
    UnitGoal,
    UnitMembership,
    UnitPeriod,
    Year,
)
from scorecards.services import REPORTING_UNIT_KINDS, Via
from scorecards.terms import OrganisationKind

Data = dict[str, Any]

DEMO_PASSWORD = "styrkort-demo"  # published on purpose: demo logins only
FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
# Loaded first of the organisation files (Region Norrbotten, the seeds' organisation).
ORGANISATION_FILE = "organisation.toml"


class Stats:
    """How many rows of each model were created or changed (for the summary)."""

    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()

    def record(self, model: type[models.Model], *, created: bool) -> None:
        (self.created if created else self.updated)[str(model._meta.verbose_name_plural)] += 1


# ----------------------------------------------------------------------------- helpers


def _same(obj: models.Model, name: str, value: object) -> bool:
    """Whether ``obj.name`` already holds ``value`` (relations compared by primary key)."""
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        wanted = value.pk if isinstance(value, models.Model) else value
        return bool(getattr(obj, field.attname) == wanted)
    return bool(getattr(obj, name) == value)


def _has_lock_version(model: type[models.Model]) -> bool:
    """Whether the model has an optimistic-locking counter (not a report's "version")."""
    return any(
        f.name == "version" and isinstance(f, models.IntegerField) for f in model._meta.fields
    )


def _upsert[M: models.Model](
    model: type[M], lookup: Data, values: Data | None = None, *, stats: Stats
) -> M:
    """Get the row matching ``lookup`` and bring it to ``values``; save only on change.

    New and changed rows are validated with ``full_clean()`` before saving. A changed
    row with an optimistic-locking ``version`` gets its version bumped, like any edit.
    """
    values = values or {}
    try:
        obj = model._default_manager.get(**lookup)
    except ObjectDoesNotExist:
        obj = model(**lookup, **values)
        _validated_save(obj, lookup)
        stats.record(model, created=True)
        return obj
    changed = [name for name, value in values.items() if not _same(obj, name, value)]
    if not changed:
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    if _has_lock_version(model) and "version" not in values:
        obj.version += 1  # type: ignore[attr-defined]
    _validated_save(obj, lookup)
    stats.record(model, created=False)
    return obj


def _validated_save(obj: models.Model, lookup: Data) -> None:
    """full_clean() then save(); a validation error names the row it is about."""
    try:
        obj.full_clean()
    except ValidationError as error:
        where = ", ".join(f"{k}={v}" for k, v in lookup.items())
        raise CommandError(f"{obj._meta.verbose_name} ({where}): {error.messages}") from error
    obj._change_reason = Via.COMMAND  # type: ignore[attr-defined]  # the audit path
    obj.save()


def number(data: Data, key: str) -> Decimal | None:
    """A figure written the Swedish way ("-32 533 999", "4,45"); None when absent."""
    raw = data.get(key)
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise CommandError(f'{key} = {raw!r}: skriv tal som text, t.ex. "4,45".')
    try:
        return parse_number(raw, field=key)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error


def integer(data: Data, key: str) -> int | None:
    """A whole number written the Swedish way ("15 800"); None when absent."""
    value = number(data, key)
    return None if value is None else int(value)


def text(data: Data, key: str) -> str:
    """A text value with surrounding blank lines trimmed (TOML multi-line strings)."""
    return str(data.get(key, "")).strip()


def read_toml(path: Path) -> Data:
    """A TOML file; a syntax error names the file."""
    with path.open("rb") as handle:
        try:
            return tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise CommandError(f"{path.name}: {error}") from error


# ------------------------------------------------------------------- an app's part


@dataclass(frozen=True, kw_only=True)
class DemoLoader:
    """One domain app's part of the demo, declared in its contributions.py (DEMO_LOADERS).

    ``organisation`` reads the app's keys of each organisation file (e.g. its
    categories), after the core's part and before any unit file of that organisation.
    ``unit`` reads the app's keys of each unit file, after the core's part of that file.
    ``file`` names a file of the app's own in the demo folder (not a unit file), given
    to ``document`` when it is there, after every organisation and the users (it picks
    its organisation with ``loader.use``). Each part upserts through ``loader.upsert``
    so a second run changes nothing.
    """

    name: str
    organisation: Callable[[Loader, Data], None] | None = None
    unit: Callable[[Loader, Unit, Data], None] | None = None
    file: str = ""
    document: Callable[[Loader, Data], None] | None = None


# ------------------------------------------------------------------------------ loader


@dataclass
class Scope:
    """What the core has loaded of one organisation, looked up by the apps' parts."""

    organisation: Organisation
    years: dict[int, Year] = field(default_factory=dict)
    periods: dict[str, Period] = field(default_factory=dict)
    perspectives: dict[tuple[int, str], Perspective] = field(default_factory=dict)
    success_factors: dict[tuple[int, str], SuccessFactor] = field(default_factory=dict)


class Loader:
    """Upserts the parsed TOML documents; keeps lookups of what the core has loaded.

    Units are looked up across organisations (a unit's slug is unique); years, periods,
    perspectives and success factors are those of the organisation in use.
    """

    def __init__(self, stats: Stats) -> None:
        self.stats = stats
        self.units: dict[str, Unit] = {}
        self.scopes: dict[str, Scope] = {}
        self._scope: Scope | None = None

    def upsert[M: models.Model](
        self, model: type[M], lookup: Data, values: Data | None = None
    ) -> M:
        return _upsert(model, lookup, values, stats=self.stats)

    # -- the organisation in use ----------------------------------------------------

    @property
    def scope(self) -> Scope:
        if self._scope is None:
            raise CommandError("Ingen organisation är inläst ännu.")
        return self._scope

    @property
    def organisation(self) -> Organisation:
        return self.scope.organisation

    @property
    def years(self) -> dict[int, Year]:
        return self.scope.years

    @property
    def periods(self) -> dict[str, Period]:
        return self.scope.periods

    @property
    def perspectives(self) -> dict[tuple[int, str], Perspective]:
        return self.scope.perspectives

    @property
    def success_factors(self) -> dict[tuple[int, str], SuccessFactor]:
        return self.scope.success_factors

    def use(self, slug: str) -> Scope:
        """Make an organisation loaded earlier in this run the one in use (an app's own
        file names its organisation)."""
        if slug not in self.scopes:
            raise CommandError(f"Organisationen {slug!r} finns inte i någon organisationsfil.")
        self._scope = self.scopes[slug]
        return self._scope

    # -- organisation-wide ----------------------------------------------------------

    def load_organisation(self, doc: Data, unit_docs: list[Data]) -> None:
        """One organisation file; ``unit_docs`` are its units' files (report metadata)."""
        org = doc["organisation"]
        organisation = self.upsert(
            Organisation,
            {"slug": org["slug"]},
            {
                "name": org["name"],
                "kind": org.get("kind", OrganisationKind.REGION),
                # Blank: the words and amount unit of the organisation's kind.
                "organisation_goals_term": text(org, "organisation_goals_term"),
                "unit_goals_term": text(org, "unit_goals_term"),
                "deciding_body_term": text(org, "deciding_body_term"),
                "unit_term": text(org, "unit_term"),
                "amount_scale": org.get("amount_scale", ""),
                "amount_decimals": org.get("amount_decimals"),
            },
        )
        self._scope = self.scopes[organisation.slug] = Scope(organisation)
        self.load_units(doc["units"])
        self.load_years(doc["calendar"]["years"])
        self.load_periods(doc["periods"], unit_docs)
        self.load_perspectives(doc["perspectives"])
        self.load_strategic_goals(doc.get("strategic_goals", []))

    def load_units(self, units: list[Data]) -> None:
        for data in units:
            parent = self.units[data["parent"]] if data.get("parent") else None
            self.units[data["slug"]] = self.upsert(
                Unit,
                {"slug": data["slug"]},
                {
                    "organisation": self.organisation,
                    "parent": parent,
                    "name": data["name"],
                    "kind": data["kind"],
                    # Unless the file says: the kinds that report (divisions), as the
                    # set-up pages start a new unit.
                    "reports": data.get("reports", data["kind"] in REPORTING_UNIT_KINDS),
                },
            )

    def load_years(self, years: list[int]) -> None:
        for year in years:
            self.years[year] = self.upsert(Year, {"organisation": self.organisation, "year": year})

    def load_periods(self, periods: list[Data], unit_docs: list[Data]) -> None:
        """Periods, and a unit period for every unit that reports (``Unit.reports``) with
        its status and metadata."""
        reporting = [
            u
            for u in self.units.values()
            if u.organisation_id == self.organisation.pk and u.reports
        ]
        for data in periods:
            year = self.years[data["year"]]
            kind = data["kind"]
            end_month = data.get("end_month") or Period.END_MONTH[kind]
            key = Period.make_key(year.year, kind, end_month)
            period = self.upsert(
                Period, {"year": year, "key": key}, {"kind": kind, "end_month": end_month}
            )
            self.periods[key] = period
            for unit in reporting:
                unit_files = [d for d in unit_docs if d["unit"] == unit.slug]
                metadata = self._report_metadata(unit_files, key)
                self.upsert(
                    UnitPeriod,
                    {"unit": unit, "period": period},
                    {"status": data["status"], **metadata},
                )

    @staticmethod
    def _report_metadata(unit_docs: list[Data], period_key: str) -> Data:
        """The period's report metadata from the unit's files (blank when none has it)."""
        for data in (m for doc in unit_docs for m in doc.get("report_metadata", [])):
            if data["period"] == period_key:
                return {
                    "document_id": text(data, "document_id"),
                    "document_version": text(data, "version"),
                    "owner_title": text(data, "owner_title"),
                    "prepared_by_title": text(data, "prepared_by_title"),
                }
        return {
            "document_id": "",
            "document_version": "",
            "owner_title": "",
            "prepared_by_title": "",
        }

    def load_perspectives(self, perspectives: list[Data]) -> None:
        """The same perspectives, in the same order, for every year."""
        for year in self.years.values():
            for order, data in enumerate(perspectives, start=1):
                self.perspectives[(year.year, data["slug"])] = self.upsert(
                    Perspective,
                    {"year": year, "slug": data["slug"]},
                    {
                        "name": data["name"],
                        "description": text(data, "description"),
                        "order": order,
                    },
                )

    def load_strategic_goals(self, goals: list[Data]) -> None:
        for data in goals:
            for year in data["years"]:
                perspective = self.perspectives[(year, data["perspective"])]
                goal = self.upsert(
                    StrategicGoal,
                    {"perspective": perspective, "title": data["title"]},
                    {"order": data.get("order", 1)},
                )
                for order, title in enumerate(data["success_factors"], start=1):
                    self.success_factors[(year, title)] = self.upsert(
                        SuccessFactor,
                        {"strategic_goal": goal, "title": title},
                        {"order": order},
                    )

    def load_users(self, users: list[Data]) -> list[AbstractUser]:
        return [self.load_user(data) for data in users]

    def load_user(self, data: Data) -> AbstractUser:
        """A demo login: created only here, always with the demo password."""
        user_model = get_user_model()
        user = user_model._default_manager.filter(username=data["username"]).first()
        values = {
            "first_name": data.get("first_name", ""),
            "last_name": data.get("last_name", ""),
            "email": data.get("email", ""),
            "is_staff": data.get("is_staff", False),
            "is_superuser": data.get("is_superuser", False),
            "is_active": True,
        }
        if user is None:
            user = user_model(username=data["username"], **values)
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            self.stats.record(user_model, created=True)
        else:
            changed = [k for k, v in values.items() if getattr(user, k) != v]
            for name in changed:
                setattr(user, name, values[name])
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                changed.append("password")
            if changed:
                user.full_clean()
                user.save()
                self.stats.record(user_model, created=False)
        for role in data.get("roles", []):
            self.upsert(
                UnitMembership,
                {"user": user, "unit": self.units[role["unit"]], "role": role["role"]},
            )
        return user  # type: ignore[return-value]

    # -- one unit's steering model and outcomes -------------------------------------

    def load_unit(self, unit: Unit, doc: Data) -> None:
        self.load_focus_areas(unit, doc.get("focus_areas", []))
        self.load_goals(unit, doc.get("goals", []))
        self.load_outcomes(unit, doc.get("outcomes", []))
        self.load_perspective_assessments(unit, doc.get("perspective_assessments", []))

    def load_focus_areas(self, unit: Unit, areas: list[Data]) -> None:
        for order, data in enumerate(areas, start=1):
            for year in data["years"]:
                self.upsert(
                    FocusArea,
                    {"unit": unit, "year": self.years[year], "title": data["title"]},
                    {"description": text(data, "description"), "order": order},
                )

    def load_goals(self, unit: Unit, goals: list[Data]) -> None:
        orders: Counter[tuple[int, str]] = Counter()
        for data in goals:
            for year in data["years"]:
                orders[(year, data["perspective"])] += 1
                goal = self.upsert(
                    UnitGoal,
                    {
                        "unit": unit,
                        "perspective": self.perspectives[(year, data["perspective"])],
                        "title": data["title"],
                    },
                    self._goal_links(unit, year, data, orders[(year, data["perspective"])]),
                )
                for order, measure in enumerate(data.get("measures", []), start=1):
                    self.load_measure(goal, year, measure, order)

    def _goal_links(self, unit: Unit, year: int, data: Data, order: int) -> Data:
        focus_area = None
        if data.get("focus_area"):
            focus_area = FocusArea.objects.get(
                unit=unit, year=self.years[year], title=data["focus_area"]
            )
        factor = (
            self.success_factors[(year, data["success_factor"])]
            if data.get("success_factor")
            else None
        )
        return {"focus_area": focus_area, "success_factor": factor, "order": order}

    def load_measure(self, goal: UnitGoal, year: int, data: Data, order: int) -> Measure:
        """A measure for one year; ``by_year.<year>`` overrides fields for that year."""
        data = {**data, **data.get("by_year", {}).get(str(year), {})}
        direction = data["direction"]
        default_kind = (
            Measure.ValueKind.TEXT
            if direction == Direction.QUALITATIVE
            else Measure.ValueKind.NUMBER
        )
        return self.upsert(
            Measure,
            {"goal": goal, "key": data["key"]},
            {
                "name": data["name"],
                "description": text(data, "description"),
                "value_kind": data.get("value_kind", default_kind),
                "unit_of_measurement": data.get("unit", ""),
                "decimals": data.get("decimals", 0),
                "baseline_value": number(data, "baseline_value"),
                "baseline_text": text(data, "baseline_text"),
                "baseline_label": text(data, "baseline_label"),
                "target_direction": direction,
                "target_value": number(data, "target_value"),
                "target_text": text(data, "target_text"),
                "partly_threshold": number(data, "partly_threshold"),
                "frequency": data["frequency"],
                "accumulates": data.get("accumulates", False),
                "order": order,
            },
        )

    def load_outcomes(self, unit: Unit, outcomes: list[Data]) -> None:
        for data in outcomes:
            period = self.periods[data["period"]]
            measure = Measure.objects.get(
                goal__unit=unit, goal__perspective__year=period.year, key=data["measure"]
            )
            self.upsert(
                MeasureOutcome,
                {"measure": measure, "period": period},
                {
                    "value": number(data, "value"),
                    "text": text(data, "text"),
                    "manual_attainment": data.get("manual_attainment", ""),
                    "override_justification": text(data, "override_justification"),
                    "comment": text(data, "comment"),
                    "forecast": data.get("forecast", ""),
                },
            )

    def load_perspective_assessments(self, unit: Unit, assessments: list[Data]) -> None:
        for data in assessments:
            period = self.periods[data["period"]]
            self.upsert(
                PerspectiveAssessment,
                {
                    "unit": unit,
                    "period": period,
                    "perspective": self.perspectives[(period.year.year, data["perspective"])],
                },
                {"attainment": data["attainment"], "text": text(data, "text")},
            )


# ------------------------------------------------------------------------ the whole run


def demo_loaders() -> tuple[DemoLoader, ...]:
    """The domain apps' parts, in ``settings.DOMAIN_APPS`` order."""
    return tuple(collect("DEMO_LOADERS"))


@dataclass(frozen=True)
class Documents:
    """The demo folder read: organisation files (organisation.toml first) and unit files."""

    organisations: list[Data]
    units: list[Data]

    def units_of(self, organisation_doc: Data) -> list[Data]:
        """The unit files of the organisation's units, in file-name order."""
        slugs = {u["slug"] for u in organisation_doc["units"]}
        return [doc for doc in self.units if doc["unit"] in slugs]


def documents(directory: Path, own_files: set[str]) -> Documents:
    """The organisation files (a top-level ``[organisation]`` table) and the unit files
    (a top-level ``unit`` key); the apps' own files (``own_files``) are left to their
    loaders. Every unit file must name a unit of some organisation file."""
    first = directory / ORGANISATION_FILE
    if not first.exists():
        raise CommandError(f"{first} saknas.")
    organisations: list[Data] = []
    units: list[Data] = []
    paths = sorted(directory.glob("*.toml"), key=lambda p: (p != first, p.name))
    for path in paths:
        if path.name in own_files:
            continue
        doc = read_toml(path)
        if isinstance(doc.get("organisation"), dict):
            organisations.append(doc)
        elif "unit" in doc:
            units.append(doc | {"_file": path.name})  # to name the file in an error
        else:
            raise CommandError(f"{path.name}: nyckeln ”unit” eller tabellen [organisation] saknas.")
    known = {u["slug"] for doc in organisations for u in doc["units"]}
    for doc in units:
        if doc["unit"] not in known:
            raise CommandError(
                f"{doc['_file']}: enheten {doc['unit']!r} finns inte i någon organisationsfil."
            )
    return Documents(organisations, units)


def load_demo(directory: Path) -> tuple[Loader, list[AbstractUser]]:
    """Load the demo folder in one transaction; the loader (with its stats) and the users.

    Order, per organisation file: the core's organisation-wide part, every app's
    organisation part (categories before any figure uses them), then per unit file of
    the organisation the core's part and every app's. Then the users of every
    organisation file (a role may be on any organisation's unit), and last the apps'
    own files.
    """
    parts = demo_loaders()
    docs = documents(directory, {p.file for p in parts if p.file})
    loader = Loader(Stats())
    with transaction.atomic():
        for organisation_doc in docs.organisations:
            unit_docs = docs.units_of(organisation_doc)
            loader.load_organisation(organisation_doc, unit_docs)
            for part in parts:
                if part.organisation is not None:
                    part.organisation(loader, organisation_doc)
            for doc in unit_docs:
                unit = loader.units[doc["unit"]]
                loader.load_unit(unit, doc)
                for part in parts:
                    if part.unit is not None:
                        part.unit(loader, unit, doc)
        users = [
            user
            for organisation_doc in docs.organisations
            for user in loader.load_users(organisation_doc.get("users", []))
        ]
        for part in parts:
            path = directory / part.file
            if part.file and part.document is not None and path.exists():
                part.document(loader, read_toml(path))
    return loader, users
