"""Writes: every figure and text goes through here, from the web, Excel import or admin.

One path for all writes means one place that checks the user's rights, refuses
locked periods, refuses stale saves (optimistic locking on ``version``) and records
who changed what, when and through which path (django-simple-history, with the path
as the change reason).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from scorecards import checklist
from scorecards.errors import (
    EntryError,
    LastChange,
    NotAllowed,
    PeriodClosed,
    StaleVersion,
)
from scorecards.models import (
    Action,
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Perspective,
    PerspectiveAssessment,
    Unit,
    UnitPeriod,
    UnitQuerySet,
    Year,
    allowed_actions,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


class Via(models.TextChoices):
    """The path a change came through, recorded with every change."""

    WEB = "webb", _("webb")
    IMPORT = "import", _("import")
    ADMIN = "admin", _("admin")
    COMMAND = "kommando", _("kommando")
    LEDGER = "ekonomisystem", _("ekonomisystem")
    # Figures computed from dated occasions (goals.services), the one path that may
    # write the outcome of a measure whose value is not typed (Measure.from_occasions).
    OCCASIONS = "tillfällen", _("tillfällen")


def unit_period_open_check(unit_period: UnitPeriod) -> None:
    """Refuse every write to a period that is not open (the one lock check)."""
    if not unit_period.is_writable:
        raise PeriodClosed(
            _(
                "Perioden %(period)s för %(unit)s är %(status)s och kan inte ändras. "
                "En administratör kan öppna den igen."
            )
            % {
                "period": unit_period.period.label,
                "unit": unit_period.unit.name,
                "status": unit_period.get_status_display().lower(),
            }
        )


def permission_check(user: User, unit_period: UnitPeriod, action: str) -> None:
    """The visibility rule decides writes too; no role for the action is a 403."""
    if action not in allowed_actions(user, unit_period):
        raise NotAllowed(_("Du har inte behörighet att ändra den här perioden."))


def last_change(instance: models.Model) -> LastChange:
    """Who saved the row last and when, from its audit history."""
    record = instance.history.select_related("history_user").first()  # type: ignore[attr-defined]
    if record is None:
        return LastChange(who=_("okänd"), when=None)
    user = record.history_user
    who = (user.get_full_name() or user.get_username()) if user else _("systemet")
    return LastChange(who=who, when=record.history_date)


def row_save(
    *,
    instance: models.Model,
    changes: Mapping[str, Any],
    expected_version: int | None,
    actor: User,
    via: str,
    held: bool = False,
    fresh: bool = False,
    merge: bool = False,
) -> models.Model:
    """Apply ``changes`` to a row that has a ``version``, refusing a stale save.

    ``expected_version`` is the version the user loaded (None for a row that did not
    exist when the page was loaded). Unchanged rows are not written, so re-saving the
    same value costs no version and no audit record. The caller has already checked
    rights and the period lock inside the same transaction.

    ``held``: the row was just read inside a bulk_write, whose lock on the unit period
    keeps every other service writer out, so it is not read again; only the fields it
    changes and the model's own ``clean`` are checked (no constraint queries): the rest
    were checked when they were saved, and 10 000 rows of an import pay for no more.

    ``fresh``: the row was read inside the caller's transaction after the unit period row
    was locked (guarded_save with a finder), so it is current and stays so until commit:
    every service writer takes that lock first.

    ``merge``: a stale save still goes through when the fields this user changed are
    not the ones saved in between (``merged_changes``): conflicts are per field.
    """
    model = type(instance)
    if instance.pk is not None:
        current = (
            instance
            if held or fresh
            else model._default_manager.select_for_update().get(pk=instance.pk)
        )
        version = current.version  # type: ignore[union-attr,attr-defined]
        if expected_version is None or version != expected_version:
            merged = merged_changes(current, changes, expected_version) if merge else None
            if merged is None:
                raise StaleVersion(current, last_change(current))
            changes = merged
        instance = current
    elif expected_version not in (None, 0):
        raise EntryError(_("Raden finns inte längre. Ladda om sidan."))
    if all(getattr(instance, name) == value for name, value in changes.items()):
        return instance
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.version = (instance.version or 0) + 1 if instance.pk else 1  # type: ignore[attr-defined]
    # Relations are set by the services from rows they already hold, and uniqueness is
    # the database's job (a race surfaces as IntegrityError): skip their lookups.
    skipped = [f.name for f in model._meta.concrete_fields if f.is_relation]
    if held:
        skipped = [f.name for f in model._meta.concrete_fields if f.name not in changes]
    instance.full_clean(exclude=skipped, validate_unique=False, validate_constraints=not held)
    state = _bulk_state.get()
    if held and state is not None:
        # Written in batches, with their history, when the bulk_write ends.
        state.defer(instance, [*changes, "version"], via)
        return instance
    instance._change_reason = via  # type: ignore[attr-defined]  # simple-history
    instance._history_user = actor  # type: ignore[attr-defined]
    instance.save()
    return instance


def merged_changes(
    current: models.Model, changes: Mapping[str, Any], loaded_version: int | None
) -> dict[str, Any] | None:
    """The user's own changes to a row saved by someone else since they loaded it, or
    None when one of those fields was changed by both (a real conflict).

    What the user loaded is the row's history record of ``loaded_version`` (version 0:
    the row did not exist, so its defaults). A field the user left as loaded is not their
    change and is not written, so a comment saved beside someone else's new value keeps
    both.
    """
    if loaded_version is None:
        return None
    model = type(current)
    if loaded_version == 0:
        loaded: Any = model()
    else:
        loaded = (
            current.history.filter(version=loaded_version)  # type: ignore[attr-defined]
            .order_by("-history_date", "-history_id")
            .first()
        )
        if loaded is None:
            return None
    mine = {name: value for name, value in changes.items() if getattr(loaded, name) != value}
    for name, value in mine.items():
        theirs = getattr(current, name)
        if theirs != getattr(loaded, name) and theirs != value:
            return None
    return mine


def guarded_save(
    *,
    actor: User,
    unit_period: UnitPeriod,
    action: str,
    instance: models.Model | Callable[[], models.Model],
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str,
    extra_check: Callable[[models.Model], None] | None = None,
    period_row: bool = False,
    merge: bool = False,
) -> models.Model:
    """The one write path for a row of a unit period: rights, lock, version, audit.

    ``instance`` may be a callable that finds or builds the row, so it is looked up
    inside the transaction after the period row is locked. ``extra_check`` runs on the
    row before it is written (e.g. roll-up consistency) and raises EntryError.
    ``period_row``: the finder's row belongs to this unit period alone (keyed by it), so
    the period lock already serialises its writers and it is not read a second time.
    """
    if (actor.pk, unit_period.pk, action) in _bulk.get():
        # Inside bulk_write: rights and lock were checked once and the period row is
        # held; an error anywhere aborts the whole bulk transaction.
        return _checked_save(
            instance, changes, expected_version, actor, via, extra_check, held=True, merge=merge
        )
    period_row = period_row and callable(instance)
    with transaction.atomic():
        current = UnitPeriod.objects.select_for_update().select_related("unit", "period__year")
        locked = current.get(pk=unit_period.pk)
        permission_check(actor, locked, action)
        unit_period_open_check(locked)
        return _checked_save(
            instance,
            changes,
            expected_version,
            actor,
            via,
            extra_check,
            period_row=period_row,
            merge=merge,
        )


def _checked_save(
    instance: models.Model | Callable[[], models.Model],
    changes: Mapping[str, Any],
    expected_version: int | None,
    actor: User,
    via: str,
    extra_check: Callable[[models.Model], None] | None,
    *,
    held: bool = False,
    period_row: bool = False,
    merge: bool = False,
) -> models.Model:
    if extra_check is not None and (state := _bulk_state.get()) is not None:
        state.flush()  # the check reads the database: let it see the rows held back
    row = instance() if callable(instance) else instance
    if extra_check is not None:
        extra_check(row)
    try:
        return row_save(
            instance=row,
            changes=changes,
            expected_version=expected_version,
            actor=actor,
            via=via,
            held=held,
            fresh=period_row,
            merge=merge,
        )
    except ValidationError as error:
        # The one field it is about, so an import names its column.
        about = getattr(error, "error_dict", {})
        field = next(iter(about)) if len(about) == 1 else None
        raise EntryError(" ".join(error.messages), field) from error
    except IntegrityError as error:
        raise EntryError(
            _("Någon annan sparade samma rad samtidigt. Ladda om sidan och försök igen.")
        ) from error


# (actor id, unit period id, action) triples checked by an enclosing bulk_write.
_bulk: ContextVar[frozenset[tuple[Any, int, str]]] = ContextVar("bulk_write", default=frozenset())


@dataclass
class _BulkState:
    """Writes held back until the end of a bulk_write, and rows looked up once."""

    actor: Any
    via: str = ""
    # model → {id(row): (row, names of the fields that changed)}
    pending: dict[type[models.Model], dict[int, tuple[models.Model, set[str]]]] = field(
        default_factory=dict
    )
    caches: dict[str, dict[Any, Any]] = field(default_factory=dict)

    def defer(self, instance: models.Model, fields: Iterable[str], via: str) -> None:
        self.via = via
        rows = self.pending.setdefault(type(instance), {})
        _, known = rows.get(id(instance), (instance, set()))
        rows[id(instance)] = (instance, known | set(fields))

    def flush(self) -> None:
        """Write what was held back, in a fixed number of statements whatever the count:
        per model, the changed rows as one ``executemany`` UPDATE per set of changed
        fields (Django's bulk_update builds CASE expressions that cost more than they
        save), their history copied from the saved rows by one INSERT … SELECT per
        batch, and new rows in INSERT batches with their history."""
        now = timezone.now()
        for model, rows in self.pending.items():
            stamped = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
            groups: dict[tuple[str, ...], list[models.Model]] = {}
            new = []
            for row, changed in rows.values():
                for name in stamped:
                    setattr(row, name, now)
                if row.pk is None:
                    new.append(row)
                else:
                    groups.setdefault(tuple(sorted(changed | set(stamped))), []).append(row)
            for names, group in groups.items():
                _rows_update(model, names, group)
            existing = [row for group in groups.values() for row in group]
            if existing:
                _history_copy(model, existing, self.actor, self.via, now)
            if new:
                bulk_create_with_history(
                    new,
                    model,
                    batch_size=500,
                    default_user=self.actor,
                    default_change_reason=self.via,
                )
        self.pending.clear()


def _rows_update(model: type[models.Model], names: Iterable[str], rows: list[models.Model]) -> None:
    """UPDATE the named fields of many rows: one statement, executed once per row."""
    opts = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    concrete = {f.name: f for f in opts.concrete_fields}
    fields = [concrete[name] for name in names]
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in fields)
    sql = f"UPDATE {quote(opts.db_table)} SET {assignments} WHERE {quote(str(opts.pk.column))} = %s"
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


# Rows per INSERT … SELECT: well inside SQLite's and PostgreSQL's parameter limits.
_HISTORY_BATCH = 900


def _history_copy(
    model: type[models.Model], rows: list[models.Model], actor: Any, via: str, when: Any
) -> None:
    """The audit records of rows just updated ("~", by ``actor`` through ``via``), copied
    by the database from the rows as saved: the record simple-history writes for a save,
    without building a Python object per row. A history model with fields of its own
    (none here) gets its records from simple-history's bulk_history_create instead."""
    history: Any = model.history  # type: ignore[attr-defined]  # simple-history
    history_opts = history.model._meta
    tracked = {f.attname: str(f.column) for f in model._meta.concrete_fields}
    copied = [f for f in history_opts.concrete_fields if f.attname in tracked]
    own = ("history_date", "history_change_reason", "history_type", "history_user")
    if {f.attname for f in history_opts.concrete_fields} - set(tracked) != {
        history_opts.pk.attname,
        *(history_opts.get_field(name).attname for name in own),
    }:
        history.bulk_history_create(
            rows,
            batch_size=500,
            update=True,
            default_user=actor,
            default_change_reason=via,
            default_date=when,
        )
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    targets = [str(f.column) for f in copied]
    targets += [str(history_opts.get_field(name).column) for name in own]
    sources = [tracked[f.attname] for f in copied] + ["%s"] * len(own)
    insert = (
        f"INSERT INTO {quote(history_opts.db_table)} ({', '.join(map(quote, targets))}) "
        f"SELECT {', '.join(c if c == '%s' else quote(c) for c in sources)} "
        f"FROM {quote(model._meta.db_table)} WHERE {quote(str(model._meta.pk.column))} IN "
    )
    date = history_opts.get_field("history_date").get_db_prep_save(when, connection)
    constants = [date, via, "~", getattr(actor, "pk", None)]
    pks = [row.pk for row in rows]
    with connection.cursor() as cursor:
        for start in range(0, len(pks), _HISTORY_BATCH):
            batch = pks[start : start + _HISTORY_BATCH]
            cursor.execute(f"{insert}({', '.join(['%s'] * len(batch))})", [*constants, *batch])


_bulk_state: ContextVar[_BulkState | None] = ContextVar("bulk_state", default=None)


def bulk_cache(name: str, load: Callable[[], dict[Any, Any]]) -> dict[Any, Any] | None:
    """Inside bulk_write: rows looked up once per name (e.g. all the period's outcomes).

    Outside bulk_write it returns None and the caller looks the single row up itself.
    """
    state = _bulk_state.get()
    if state is None:
        return None
    if name not in state.caches:
        state.caches[name] = load()
    return state.caches[name]


@contextmanager
def bulk_write(
    *, actor: User, unit_period: UnitPeriod, actions: Iterable[str]
) -> Iterator[UnitPeriod]:
    """Many writes to one unit period in one transaction, checked once (Excel import).

    Rights for every action and the period lock are checked up front and the period
    row stays locked until the block ends, so the per-row services skip those checks.
    An exception inside rolls back everything: an import saves all rows or none.
    """
    actions = list(actions)
    with transaction.atomic():
        locked = (
            UnitPeriod.objects.select_for_update()
            .select_related("unit", "period__year")
            .get(pk=unit_period.pk)
        )
        for action in actions:
            permission_check(actor, locked, action)
        unit_period_open_check(locked)
        token = _bulk.set(_bulk.get() | {(actor.pk, locked.pk, a) for a in actions})
        state = _BulkState(actor=actor)
        state_token = _bulk_state.set(state)
        try:
            yield locked
            state.flush()
        finally:
            _bulk_state.reset(state_token)
            _bulk.reset(token)


def outcomes_by_measure(unit_period: UnitPeriod) -> dict[int, MeasureOutcome]:
    """The unit's measure outcomes of the period, by measure id: two queries.

    Inside a bulk_write they are read once and shared, so the rows an import's sheet
    lists are the rows its writes change. By the list of the unit's measure ids, not a
    subquery or join: with stale statistics (a unit that just got 10 000 measures)
    PostgreSQL ran the subquery as a nested loop that took minutes.
    """

    def load() -> dict[Any, Any]:
        ids = list(
            Measure.objects.filter(goal__unit=unit_period.unit_id).values_list("pk", flat=True)
        )
        outcomes = MeasureOutcome.objects.filter(measure__in=ids, period=unit_period.period_id)
        return {outcome.measure_id: outcome for outcome in outcomes}

    held = bulk_cache(f"outcomes:{unit_period.pk}", load)
    return load() if held is None else held


def outcome_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    measure: Measure,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> MeasureOutcome:
    """Set a measure's outcome fields for the period (value, text, comment, override, …).

    Figures are the controller's; the comment alone may also be written by the manager.
    The value of a measure computed from occasions comes only through ``Via.OCCASIONS``:
    a typed path may leave it out or send it unchanged (a re-imported sheet), not change
    it; its comment and prognosis are typed as usual.
    """
    if measure.goal.unit_id != unit_period.unit_id or (
        measure.goal.perspective.year_id != unit_period.period.year_id
    ):
        raise EntryError(_("Styrmåttet hör inte till enhetens styrkort för perioden."))
    computed_check = None
    if measure.from_occasions and via != Via.OCCASIONS and "value" in changes:
        changes = dict(changes)
        if changes["value"] is None:
            del changes["value"]  # the entry page shows no value field for it
        else:
            typed = changes["value"]

            def computed_check(row: models.Model) -> None:
                if row.value != typed:  # type: ignore[attr-defined]
                    raise EntryError(
                        _(
                            "Utfallet för %(measure)s räknas från tillfällen och kan inte "
                            "skrivas in. Registrera tillfällena på sidan Mål och prognos."
                        )
                        % {"measure": measure.name},
                        field="value",
                    )

    def find() -> MeasureOutcome:
        held = _bulk_state.get() is not None
        if held:
            found = outcomes_by_measure(unit_period).get(measure.pk)
        else:
            found = MeasureOutcome.objects.filter(
                measure=measure, period=unit_period.period
            ).first()
        if found is None:
            found = MeasureOutcome(measure=measure, period=unit_period.period, version=0)
            if held:  # a second row for it in the same file updates it
                outcomes_by_measure(unit_period)[measure.pk] = found
        return found

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.ANALYSE if set(changes) <= {"comment"} else Action.EDIT,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
        extra_check=computed_check,
        period_row=True,
        # The value and the comment are often written by different people at once
        # (controller and manager): a save conflicts only on a field both changed.
        merge=True,
    )
    return saved  # type: ignore[return-value]


def perspective_assessment_set(
    *,
    actor: User,
    unit_period: UnitPeriod,
    perspective: Perspective,
    changes: Mapping[str, Any],
    expected_version: int | None,
    via: str = Via.WEB,
) -> PerspectiveAssessment:
    """The manager's overall assessment of a perspective for the period, with its text."""
    if perspective.year_id != unit_period.period.year_id:
        raise EntryError(_("Perspektivet hör inte till periodens år."))

    def find() -> PerspectiveAssessment:
        return PerspectiveAssessment.objects.filter(
            unit=unit_period.unit, period=unit_period.period, perspective=perspective
        ).first() or PerspectiveAssessment(
            unit=unit_period.unit, period=unit_period.period, perspective=perspective, version=0
        )

    saved = guarded_save(
        actor=actor,
        unit_period=unit_period,
        action=Action.ANALYSE,
        instance=find,
        changes=changes,
        expected_version=expected_version,
        via=via,
        period_row=True,
    )
    return saved  # type: ignore[return-value]


# The period workflow: which step each action takes, and who may take it.
TRANSITIONS: dict[str, tuple[str, str, str]] = {
    # action: (from status, to status, required role action)
    "submit": (UnitPeriod.Status.OPEN, UnitPeriod.Status.SUBMITTED, Action.EDIT),
    "approve": (UnitPeriod.Status.SUBMITTED, UnitPeriod.Status.APPROVED, Action.APPROVE),
    "return": (UnitPeriod.Status.SUBMITTED, UnitPeriod.Status.OPEN, Action.APPROVE),
    "lock": (UnitPeriod.Status.APPROVED, UnitPeriod.Status.LOCKED, Action.ADMIN),
}


def unit_period_transition(
    *,
    actor: User,
    unit_period: UnitPeriod,
    step: str,
    via: str = Via.WEB,
    comment: str = "",
    gaps_confirmed: bool = False,
) -> UnitPeriod:
    """Move a unit period one step: Klarmarkera, Godkänn, Skicka tillbaka, Lås.

    Klarmarkera checks what is missing (``scorecards.checklist``): with gaps it needs
    ``gaps_confirmed`` and an organisation that allows it. Godkänn and Skicka tillbaka
    carry the manager's ``comment`` (required to send back) to the controller; it is
    kept on the unit period and in its history, with the step.
    """
    source, target, action = TRANSITIONS[step]
    comment = comment.strip()
    if step == "return" and not comment:
        raise EntryError(
            _("Skriv i kommentaren vad controllern behöver ändra innan du skickar tillbaka.")
        )
    try:
        UnitPeriod._meta.get_field("review_comment").run_validators(comment)
    except ValidationError as error:
        raise EntryError(" ".join(error.messages)) from error
    with transaction.atomic():
        current = (
            UnitPeriod.objects.select_for_update()
            .select_related("unit__organisation", "period__year")
            .get(pk=unit_period.pk)
        )
        permission_check(actor, current, action)
        if current.status != source:
            raise EntryError(
                _("Perioden är %(status)s; det steget går inte nu.")
                % {"status": current.get_status_display().lower()}
            )
        reason = via
        fields = ["status"]
        if step == "submit":
            missing = checklist.gaps(current)
            if missing and not current.unit.organisation.allow_submit_with_gaps:
                raise EntryError(
                    _("Perioden kan inte klarmarkeras: %(n)s uppgifter saknas. Fyll i dem först.")
                    % {"n": len(missing)}
                )
            if missing and not gaps_confirmed:
                raise EntryError(
                    _(
                        "%(n)s uppgifter saknas. Kryssa i att du vill klarmarkera ändå, "
                        "eller fyll i dem först."
                    )
                    % {"n": len(missing)}
                )
            if missing:
                reason = _("%(via)s: klarmarkerad med %(n)s uppgifter som saknas") % {
                    "via": via,
                    "n": len(missing),
                }
        elif step in ("approve", "return"):
            current.review_comment = comment
            fields.append("review_comment")
            if comment:
                reason = f"{via}: {comment}"
        current.status = target
        # The history's reason column holds 100 characters; the whole comment is a field.
        current._change_reason = reason if len(reason) <= 100 else reason[:99] + "…"  # type: ignore[attr-defined]
        current._history_user = actor  # type: ignore[attr-defined]
        current.save(update_fields=fields)
        return current


def unit_period_reopen(
    *, actor: User, unit_period: UnitPeriod, reason: str, via: str = Via.WEB
) -> UnitPeriod:
    """Open a submitted, approved or locked period again: an admin action with a reason."""
    if not reason.strip():
        raise EntryError(_("Ange varför perioden öppnas igen."))
    with transaction.atomic():
        current = UnitPeriod.objects.select_for_update().get(pk=unit_period.pk)
        permission_check(actor, current, Action.ADMIN)
        if current.status == UnitPeriod.Status.OPEN:
            raise EntryError(_("Perioden är redan öppen."))
        current.status = UnitPeriod.Status.OPEN
        current._change_reason = f"{via}: {reason.strip()}"  # type: ignore[attr-defined]
        current._history_user = actor  # type: ignore[attr-defined]
        current.save(update_fields=["status"])
        return current


# ------------------------------------------------------------------ years and periods

# The periods every verksamhetsår has: tertial 1, tertial 2 and the full year. Custom
# part-year periods ("jan–maj") are added one by one where an organisation needs them.
STANDARD_PERIOD_KINDS: tuple[str, ...] = (Period.Kind.T1, Period.Kind.T2, Period.Kind.YEAR)

# The kinds of unit that report unless told otherwise: a unit of such a kind added in
# the set-up pages starts with ``Unit.reports`` set. Whether a unit reports is
# ``Unit.reports`` itself (see ``reporting_units``), never its kind: an organisation's
# own unit reports when it is a nämnd or a joint committee that reports itself.
REPORTING_UNIT_KINDS: tuple[str, ...] = (Unit.Kind.DIVISION,)


def reporting_units(*, organisation: Organisation) -> UnitQuerySet:
    """The organisation's units that report (``Unit.reports``), whatever their kind: each
    gets a unit period for every period, a scorecard and a report."""
    return Unit.objects.filter(organisation=organisation, reports=True)


def year_periods(custom_end_months: Iterable[int] = ()) -> list[tuple[str, int]]:
    """(kind, end month) of a year's periods: T1, T2, helår and the custom spans, by end."""
    standard = [(kind, Period.END_MONTH[kind]) for kind in STANDARD_PERIOD_KINDS]  # type: ignore[index]
    custom: list[tuple[str, int]] = [
        (Period.Kind.CUSTOM, m) for m in sorted(set(custom_end_months))
    ]
    return sorted(standard + custom, key=lambda p: (p[1], p[0] == Period.Kind.YEAR))


def year_create(
    *,
    organisation: Organisation,
    year: int,
    custom_end_months: Iterable[int] = (),
    via: str = Via.WEB,
) -> Year:
    """A verksamhetsår with its standard periods, the custom spans asked for (jan–maj:
    end month 5) and an open unit period per reporting unit; running it again for an
    existing year only adds what is missing."""
    with transaction.atomic():
        obj, _created = Year.objects.get_or_create(organisation=organisation, year=year)
        for kind, end_month in year_periods(custom_end_months):
            Period.objects.get_or_create(
                year=obj,
                key=Period.make_key(year, kind, end_month),
                defaults={"kind": kind, "end_month": end_month},
            )
        unit_periods_ensure(organisation=organisation, years=[obj], via=via)
    return obj


def unit_periods_ensure(
    *, organisation: Organisation, years: Iterable[Year] | None = None, via: str = Via.WEB
) -> int:
    """Create the missing open unit periods (reporting unit × period) of the given years
    (default: the organisation's latest year, so a new unit doesn't get open periods in
    years that are long closed). Returns how many were created."""
    if years is None:
        latest = Year.objects.filter(organisation=organisation).order_by("-year").first()
        years = [latest] if latest else []
    periods = list(Period.objects.filter(year__in=list(years)))
    units = list(reporting_units(organisation=organisation))
    existing = set(
        UnitPeriod.objects.filter(unit__in=units, period__in=periods).values_list(
            "unit_id", "period_id"
        )
    )
    missing = [
        UnitPeriod(unit=unit, period=period)
        for unit in units
        for period in periods
        if (unit.pk, period.pk) not in existing
    ]
    if missing:
        bulk_create_with_history(missing, UnitPeriod, default_change_reason=via)
    return len(missing)


def bulk_flush() -> None:
    """Inside bulk_write: write the rows held back so far (``_BulkState.flush``), so a
    reader in the same transaction sees them; an Excel import of 10 000 changed figures
    costs the same number of queries as one of 3. Outside bulk_write it does nothing."""
    state = _bulk_state.get()
    if state is not None:
        state.flush()
