"""``manage.py loaddemo``: load the demo data in fixtures/demo/*.toml, idempotently.

The TOML files are the source of truth for the demo: ``organisation.toml`` holds the
organisation-wide steering model (units, years, periods, perspectives, strategic goals,
cost and investment categories, users) and every other file holds one unit's figures
(its top-level ``unit`` key names the unit). Everything is upserted by natural key in
one transaction, and an object is only saved when a field actually changed, so a
second run creates no rows and no audit-history entries.

Figures are written in the TOML files as strings the Swedish way ("-32 533 999",
"4,45") and read with ``common.numbers.parse_number``, the project's one parser.
Amounts are in kr.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from allocation import demo as allocation_demo
from annual_cycle import demo as annual_cycle_demo
from assignments.models import Assignment, AssignmentNote
from common.numbers import parse_number
from finance.models import CostCategory, FinanceFigure, FollowUpRow, FollowUpTable
from internal_control.models import ActivityFollowUp, ControlActivity, ControlPlan, Risk
from investments.models import InvestmentCategory, InvestmentFrame, InvestmentOutcome
from reports.models import NarrativeSection
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
from scorecards.services import Via
from staff.models import StaffMonth

Data = dict[str, Any]

DEMO_PASSWORD = "styrkort-demo"  # published on purpose: demo logins only
FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
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


def _num(data: Data, key: str) -> Decimal | None:
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


def _int(data: Data, key: str) -> int | None:
    value = _num(data, key)
    return None if value is None else int(value)


def _text(data: Data, key: str) -> str:
    """A text value with surrounding blank lines trimmed (TOML multi-line strings)."""
    return str(data.get(key, "")).strip()


def _read(path: Path) -> Data:
    with path.open("rb") as handle:
        try:
            return tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise CommandError(f"{path.name}: {error}") from error


# ------------------------------------------------------------------------------ loader


class Loader:
    """Upserts the parsed TOML documents; keeps lookups of what it has loaded."""

    def __init__(self, stats: Stats) -> None:
        self.stats = stats
        self.organisation: Organisation | None = None
        self.units: dict[str, Unit] = {}
        self.years: dict[int, Year] = {}
        self.periods: dict[str, Period] = {}
        self.perspectives: dict[tuple[int, str], Perspective] = {}
        self.success_factors: dict[tuple[int, str], SuccessFactor] = {}
        self.cost_categories: dict[tuple[int, str], CostCategory] = {}
        self.investment_categories: dict[tuple[int, str], InvestmentCategory] = {}

    def upsert[M: models.Model](
        self, model: type[M], lookup: Data, values: Data | None = None
    ) -> M:
        return _upsert(model, lookup, values, stats=self.stats)

    # -- organisation-wide ----------------------------------------------------------

    def load_organisation(self, doc: Data, unit_docs: dict[str, Data]) -> None:
        org = doc["organisation"]
        self.organisation = self.upsert(Organisation, {"slug": org["slug"]}, {"name": org["name"]})
        self.load_units(doc["units"])
        self.load_years(doc["calendar"]["years"])
        self.load_periods(doc["periods"], unit_docs)
        self.load_perspectives(doc["perspectives"])
        self.load_strategic_goals(doc.get("strategic_goals", []))
        self.load_cost_categories(doc.get("cost_categories", []))
        self.load_investment_categories(doc.get("investment_categories", []))

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
                },
            )

    def load_years(self, years: list[int]) -> None:
        for year in years:
            self.years[year] = self.upsert(Year, {"organisation": self.organisation, "year": year})

    def load_periods(self, periods: list[Data], unit_docs: dict[str, Data]) -> None:
        """Periods, and a unit period for every division with its status and metadata."""
        divisions = [u for u in self.units.values() if u.kind == Unit.Kind.DIVISION]
        for data in periods:
            year = self.years[data["year"]]
            kind = data["kind"]
            end_month = data.get("end_month") or Period.END_MONTH[kind]
            key = Period.make_key(year.year, kind, end_month)
            period = self.upsert(
                Period, {"year": year, "key": key}, {"kind": kind, "end_month": end_month}
            )
            self.periods[key] = period
            for unit in divisions:
                metadata = self._report_metadata(unit_docs.get(unit.slug, {}), key)
                self.upsert(
                    UnitPeriod,
                    {"unit": unit, "period": period},
                    {"status": data["status"], **metadata},
                )

    @staticmethod
    def _report_metadata(unit_doc: Data, period_key: str) -> Data:
        for data in unit_doc.get("report_metadata", []):
            if data["period"] == period_key:
                return {
                    "document_id": _text(data, "document_id"),
                    "version": _text(data, "version"),
                    "owner_title": _text(data, "owner_title"),
                    "prepared_by_title": _text(data, "prepared_by_title"),
                }
        return {"document_id": "", "version": "", "owner_title": "", "prepared_by_title": ""}

    def load_perspectives(self, perspectives: list[Data]) -> None:
        """The same perspectives, in the same order, for every year."""
        for year in self.years.values():
            for order, data in enumerate(perspectives, start=1):
                self.perspectives[(year.year, data["slug"])] = self.upsert(
                    Perspective,
                    {"year": year, "slug": data["slug"]},
                    {
                        "name": data["name"],
                        "description": _text(data, "description"),
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

    def load_cost_categories(self, categories: list[Data]) -> None:
        for order, data in enumerate(categories, start=1):
            for year in data["years"]:
                self.cost_categories[(year, data["slug"])] = self.upsert(
                    CostCategory,
                    {"year": self.years[year], "slug": data["slug"]},
                    {"name": data["name"], "kind": data["kind"], "order": order},
                )

    def load_investment_categories(self, categories: list[Data]) -> None:
        for order, data in enumerate(categories, start=1):
            year = data["year"]
            parent = (
                self.investment_categories[(year, data["parent"])] if data.get("parent") else None
            )
            self.investment_categories[(year, data["slug"])] = self.upsert(
                InvestmentCategory,
                {"year": self.years[year], "slug": data["slug"]},
                {"parent": parent, "name": data["name"], "order": order},
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

    # -- one unit's figures ---------------------------------------------------------

    def load_unit(self, doc: Data) -> None:
        unit = self.units[doc["unit"]]
        self.load_focus_areas(unit, doc.get("focus_areas", []))
        self.load_goals(unit, doc.get("goals", []))
        self.load_outcomes(unit, doc.get("outcomes", []))
        self.load_perspective_assessments(unit, doc.get("perspective_assessments", []))
        self.load_staff_months(unit, doc.get("staff_months", []))
        self.load_finance(unit, doc.get("finance", []))
        self.load_follow_up_tables(unit, doc.get("follow_up_tables", []))
        self.load_investments(
            unit, doc.get("investment_frames", []), doc.get("investment_outcomes", [])
        )
        self.load_assignments(unit, doc.get("assignments", []))
        self.load_narratives(unit, doc.get("narratives", []))
        self.load_internal_control(unit, doc.get("internal_control", []))

    def load_focus_areas(self, unit: Unit, areas: list[Data]) -> None:
        for order, data in enumerate(areas, start=1):
            for year in data["years"]:
                self.upsert(
                    FocusArea,
                    {"unit": unit, "year": self.years[year], "title": data["title"]},
                    {"description": _text(data, "description"), "order": order},
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
                "description": _text(data, "description"),
                "value_kind": data.get("value_kind", default_kind),
                "unit_of_measurement": data.get("unit", ""),
                "decimals": data.get("decimals", 0),
                "baseline_value": _num(data, "baseline_value"),
                "baseline_text": _text(data, "baseline_text"),
                "baseline_label": _text(data, "baseline_label"),
                "target_direction": direction,
                "target_value": _num(data, "target_value"),
                "target_text": _text(data, "target_text"),
                "partly_threshold": _num(data, "partly_threshold"),
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
                    "value": _num(data, "value"),
                    "text": _text(data, "text"),
                    "manual_attainment": data.get("manual_attainment", ""),
                    "override_justification": _text(data, "override_justification"),
                    "comment": _text(data, "comment"),
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
                {"attainment": data["attainment"], "text": _text(data, "text")},
            )

    def load_staff_months(self, unit: Unit, months: list[Data]) -> None:
        for data in months:
            year, month = (int(part) for part in data["month"].split("-"))
            self.upsert(
                StaffMonth,
                {"unit": unit, "year": year, "month": month},
                {
                    "fte_rolling_12": _num(data, "fte_rolling_12"),
                    "headcount": _int(data, "headcount"),
                    "extra_time_hours": _num(data, "extra_time_hours"),
                    "sick_leave_total": _num(data, "sick_leave_total"),
                    "sick_leave_short": _num(data, "sick_leave_short"),
                    "sick_leave_long": _num(data, "sick_leave_long"),
                    "sick_leave_women": _num(data, "sick_leave_women"),
                    "sick_leave_men": _num(data, "sick_leave_men"),
                },
            )

    def load_finance(self, unit: Unit, figures: list[Data]) -> None:
        for data in figures:
            period = self.periods[data["period"]]
            self.upsert(
                FinanceFigure,
                {
                    "unit": unit,
                    "period": period,
                    "category": self.cost_categories[(period.year.year, data["category"])],
                },
                {
                    "outcome": _num(data, "outcome"),
                    "period_budget": _num(data, "period_budget"),
                    "annual_budget": _num(data, "annual_budget"),
                    "annual_forecast": _num(data, "annual_forecast"),
                    "outcome_previous_year": _num(data, "outcome_previous_year"),
                    "comment": _text(data, "comment"),
                },
            )

    def load_follow_up_tables(self, unit: Unit, tables: list[Data]) -> None:
        for order, data in enumerate(tables, start=1):
            table = self.upsert(
                FollowUpTable,
                {"unit": unit, "period": self.periods[data["period"]], "title": data["title"]},
                {"order": order},
            )
            for row_order, row in enumerate(data["rows"], start=1):
                self.upsert(
                    FollowUpRow,
                    {"table": table, "label": row["label"]},
                    {"amount": _num(row, "amount"), "order": row_order},
                )

    def load_investments(self, unit: Unit, frames: list[Data], outcomes: list[Data]) -> None:
        for data in frames:
            self.upsert(
                InvestmentFrame,
                {
                    "unit": unit,
                    "category": self.investment_categories[(data["year"], data["category"])],
                },
                {"amount": _num(data, "amount")},
            )
        for data in outcomes:
            period = self.periods[data["period"]]
            self.upsert(
                InvestmentOutcome,
                {
                    "unit": unit,
                    "period": period,
                    "category": self.investment_categories[(period.year.year, data["category"])],
                },
                {
                    "outcome_earlier_decisions": _num(data, "earlier"),
                    "outcome_current_decisions": _num(data, "current"),
                    "forecast": _num(data, "forecast"),
                    "comment": _text(data, "comment"),
                },
            )

    def load_assignments(self, unit: Unit, assignments: list[Data]) -> None:
        for order, data in enumerate(assignments, start=1):
            assignment = self.upsert(
                Assignment,
                {"unit": unit, "year": self.years[data["year"]], "slug": data["slug"]},
                {
                    "title": data["title"],
                    "description": _text(data, "description"),
                    "decision_reference": _text(data, "decision_reference"),
                    "owner_title": _text(data, "owner_title"),
                    "order": order,
                },
            )
            for note in data.get("notes", []):
                self.upsert(
                    AssignmentNote,
                    {"assignment": assignment, "period": self.periods[note["period"]]},
                    {"status": note["status"], "text": _text(note, "text")},
                )

    def load_narratives(self, unit: Unit, narratives: list[Data]) -> None:
        for data in narratives:
            period = self.periods[data["period"]]
            perspective = (
                self.perspectives[(period.year.year, data["perspective"])]
                if data.get("perspective")
                else None
            )
            self.upsert(
                NarrativeSection,
                {"unit": unit, "period": period, "kind": data["kind"], "perspective": perspective},
                {"body": _text(data, "body")},
            )

    def load_internal_control(self, unit: Unit, plans: list[Data]) -> None:
        """Plans of the year → risks → control activities → follow-ups per period."""
        for data in plans:
            plan = self.upsert(
                ControlPlan,
                {"unit": unit, "year": self.years[data["year"]]},
                {
                    "status": data.get("status", ControlPlan.Status.DRAFT),
                    "approved_by_title": _text(data, "approved_by_title"),
                },
            )
            for order, risk_data in enumerate(data.get("risks", []), start=1):
                risk = self.upsert(
                    Risk,
                    {"plan": plan, "description": _text(risk_data, "description")},
                    {
                        "probability": risk_data["probability"],
                        "consequence": risk_data["consequence"],
                        "decision": risk_data["decision"],
                        "analysis": _text(risk_data, "analysis"),
                        "order": order,
                    },
                )
                for activity_order, item in enumerate(risk_data.get("activities", []), start=1):
                    activity = self.upsert(
                        ControlActivity,
                        {"risk": risk, "what": _text(item, "what")},
                        {
                            "method": _text(item, "method"),
                            "responsible_role": _text(item, "responsible_role"),
                            "when": _text(item, "when"),
                            "order": activity_order,
                        },
                    )
                    for follow_up in item.get("follow_ups", []):
                        self.upsert(
                            ActivityFollowUp,
                            {"activity": activity, "period": self.periods[follow_up["period"]]},
                            {
                                "performed": _text(follow_up, "performed"),
                                "result": _text(follow_up, "result"),
                                "actions": _text(follow_up, "actions"),
                                "assessment": follow_up.get("assessment", ""),
                            },
                        )


# ----------------------------------------------------------------------------- command


def _documents(directory: Path) -> tuple[Data, list[Data]]:
    """organisation.toml and the unit files, each unit file naming its unit."""
    organisation_path = directory / ORGANISATION_FILE
    if not organisation_path.exists():
        raise CommandError(f"{organisation_path} saknas.")
    unit_docs = []
    for path in sorted(directory.glob("*.toml")):
        if path.name in (ORGANISATION_FILE, allocation_demo.FILE, annual_cycle_demo.FILE):
            continue
        doc = _read(path)
        if "unit" not in doc:
            raise CommandError(f"{path.name}: nyckeln ”unit” saknas.")
        unit_docs.append(doc)
    return _read(organisation_path), unit_docs


class Command(BaseCommand):
    help = "Läser in demodata från fixtures/demo/*.toml (kan köras om utan dubbletter)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--directory", type=Path, default=FIXTURE_DIR, help="Mapp med TOML-filerna."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demodata skapar användare med ett publicerat lösenord och laddas bara med "
                "DJANGO_DEBUG=1 eller STYRKORT_ALLOW_DEMO=1 (aldrig i produktion)."
            )
        organisation_doc, unit_docs = _documents(options["directory"])
        stats = Stats()
        loader = Loader(stats)
        with transaction.atomic():
            loader.load_organisation(organisation_doc, {d["unit"]: d for d in unit_docs})
            for doc in unit_docs:
                loader.load_unit(doc)
            users = loader.load_users(organisation_doc.get("users", []))
            allocation_demo.load(loader, options["directory"], _read, _num)
            annual_cycle_demo.load(loader, options["directory"], _read)
        self._summary(stats, loader, users)

    def _summary(self, stats: Stats, loader: Loader, users: list[AbstractUser]) -> None:
        write = self.stdout.write
        if not stats.created and not stats.updated:
            write("Demodata redan inläst: inget ändrat.")
        for name in sorted(set(stats.created) | set(stats.updated)):
            write(f"  {name}: {stats.created[name]} nya, {stats.updated[name]} ändrade")
        write(
            f"Enheter: {len(loader.units)}, perioder: {len(loader.periods)}, "
            f"styrmått: {Measure.objects.count()}, utfall: {MeasureOutcome.objects.count()}."
        )
        write(f"Demoinloggningar (lösenord ”{DEMO_PASSWORD}”):")
        for user in users:
            roles = ", ".join(
                f"{m.get_role_display().lower()} på {m.unit.name}"
                for m in user.unit_memberships.select_related("unit")  # type: ignore[attr-defined]
            )
            if user.is_superuser:
                roles = "administratör (alla enheter)"
            write(self.style.SUCCESS(f"  {user.username}: {roles}"))
