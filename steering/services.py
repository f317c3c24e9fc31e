"""Writes of the set-up pages: organisations, units, roles, the first year, and the
steering model of a year (perspectives, strategic goals, success factors, unit goals,
measures).

Every function checks the right itself (administrators set up organisations and the
organisation-wide model; a manager sets the goals and measures of their own units),
runs in one transaction, validates with ``full_clean`` (through ``validated``) and
raises only domain errors with a Swedish message: ``NotAllowed`` (a missing right),
``SteeringError`` (a refused change, with the field it is about) or ``InputRefused``
(the model's own validation, per field). Unit goals and measures keep their history
with the path as change reason, like the figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Model, ProtectedError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from annual_cycle.services import deadlines_create_default
from scorecards import frozen
from scorecards.administration import administration_check
from scorecards.errors import NotAllowed, SteeringError, validated
from scorecards.models import (
    MONTHS_LONG,
    Measure,
    MeasureOutcome,
    Organisation,
    Period,
    Perspective,
    Role,
    StrategicGoal,
    SuccessFactor,
    Unit,
    UnitGoal,
    UnitMembership,
    UnitPeriod,
    Year,
)
from scorecards.services import (
    REPORTING_UNIT_KINDS,
    Via,
    unit_periods_ensure,
    year_create,
)
from scorecards.terms import OrganisationKind
from steering import rules

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.contrib.auth.models import User as AuthUser

    User = AbstractBaseUser | AnonymousUser

# Paths under /installningar/ that an organisation's slug may not take.
RESERVED_SLUGS = frozenset({"ny-organisation"})


# ---------------------------------------------------------------------------- rights


def _unit_check(actor: User, unit: Unit) -> None:
    """A unit's goals and measures: its managers (and the administrators)."""
    if not rules.goal_units(actor).filter(pk=unit.pk).exists():
        raise NotAllowed(_("Du kan inte ändra den här enhetens mål."))


def _audited(instance: Model, actor: User, via: str) -> Model:
    instance._change_reason = via  # type: ignore[attr-defined]  # simple-history
    instance._history_user = actor  # type: ignore[attr-defined]
    return instance


def _next_order(rows: Any) -> int:
    top = rows.aggregate(top=Max("order"))["top"]
    return 0 if top is None else top + 1


# ------------------------------------------------------------- organisation and units


@dataclass(frozen=True)
class WordsInput:
    """The organisation's kind, its own words (blank: the kind's) and amount unit."""

    kind: str
    organisation_goals_term: str = ""
    unit_goals_term: str = ""
    deciding_body_term: str = ""
    unit_term: str = ""
    # Blank: the kind's default unit; decimals None: the unit's default.
    amount_scale: str = ""
    amount_decimals: int | None = None


WORD_FIELDS = ("organisation_goals_term", "unit_goals_term", "deciding_body_term", "unit_term")


@transaction.atomic
def organisation_words_save(
    *, actor: User, organisation: Organisation, data: WordsInput
) -> Organisation:
    """Set the words the reports and pages use for the organisation's levels and bodies,
    and the unit its amounts are shown in. Amounts stay stored in kr."""
    administration_check(actor, organisation)
    if data.amount_decimals is not None and not data.amount_scale:
        raise SteeringError(
            _("Välj en beloppsenhet för att ange decimaler, eller lämna decimalerna tomma."),
            field="amount_decimals",
        )
    # A fresh row: a refused change leaves the caller's object as it was.
    row = Organisation.objects.select_for_update().get(pk=organisation.pk)
    row.kind = data.kind
    for name in WORD_FIELDS:
        setattr(row, name, getattr(data, name).strip())
    row.amount_scale, row.amount_decimals = data.amount_scale, data.amount_decimals
    validated(row)
    row.save(update_fields=["kind", *WORD_FIELDS, "amount_scale", "amount_decimals"])
    return row


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, slug: str, kind: str = OrganisationKind.REGION
) -> Organisation:
    """A new organisation of ``kind`` with its top unit (same name and slug), ready for
    units. A joint committee or a company reports itself: its top unit reports."""
    # A new organisation is the platform's business, not one organisation's.
    if not rules.is_admin(actor):
        raise NotAllowed(_("Bara en administratör kan skapa organisationer."))
    if slug in RESERVED_SLUGS:
        raise SteeringError(_("Kortnamnet är reserverat. Välj ett annat."), field="slug")
    organisation = Organisation(name=name.strip(), slug=slug, kind=kind)
    validated(organisation)
    if Unit.objects.filter(slug=slug).exists():
        raise SteeringError(_("Det finns redan en enhet med det kortnamnet."), field="slug")
    organisation.save()
    top = Unit(
        organisation=organisation,
        name=organisation.name,
        slug=slug,
        kind=Unit.Kind.ORGANISATION,
        # A region's or kommun's own unit reads its units' reports; a gemensam nämnd or a
        # bolag has no units below that report, so it reports itself.
        reports=kind in (OrganisationKind.JOINT_COMMITTEE, OrganisationKind.COMPANY),
    )
    validated(top)
    top.save()
    # A new organisation starts with the standard Swedish årshjul (deadlines and
    # reminders work at once); it is edited on the organisation's årshjul page.
    deadlines_create_default(organisation=organisation, actor=actor)
    return organisation


@transaction.atomic
def unit_save(
    *,
    actor: User,
    organisation: Organisation,
    unit: Unit | None,
    name: str,
    slug: str,
    kind: str,
    parent: Unit | None,
    reports: bool | None = None,
    via: str = Via.WEB,
) -> Unit:
    """Add a unit (``unit`` None) or change one. A unit that reports (``reports``; by
    default a division) gets the open unit periods of the organisation's latest year."""
    administration_check(actor, organisation)
    if parent is not None and parent.organisation_id != organisation.pk:
        raise SteeringError(
            _("Överordnad enhet måste tillhöra samma organisation."), field="parent"
        )
    if unit is None:
        unit = Unit(organisation=organisation)
    elif unit.organisation_id != organisation.pk:
        raise NotAllowed(_("Enheten hör till en annan organisation och kan inte ändras här."))
    if unit.pk and parent is not None and parent.path.startswith(unit.path):
        raise SteeringError(_("En enhet kan inte ligga under sig själv."), field="parent")
    unit.name, unit.slug, unit.kind, unit.parent = name.strip(), slug, kind, parent
    unit.reports = (kind in REPORTING_UNIT_KINDS) if reports is None else reports
    validated(unit)
    unit.save()
    if unit.reports:
        unit_periods_ensure(organisation=organisation, via=via)
    return unit


def _role_check(unit: Unit, role: str) -> None:
    """The administrator role is held on the organisation's top unit: on a division it
    would still reach the whole organisation's settings, which no one would read from it."""
    if role == Role.ADMIN and unit.parent_id is not None:
        raise SteeringError(
            _("Administratör är en roll för hela organisationen: ge den på den översta enheten."),
            field="role",
        )


@transaction.atomic
def membership_save(*, actor: User, unit: Unit, username: str, role: str) -> UnitMembership:
    """Give an existing user a role (controller, chef, läsare) on a unit and its subtree."""
    administration_check(actor, unit.organisation_id)
    user = get_user_model().objects.filter(username=username.strip()).first()
    if user is None:
        raise SteeringError(
            _("Det finns ingen användare ”%(name)s”. Bjud in hen under Användare först.")
            % {"name": username.strip()},
            field="username",
        )
    _role_check(unit, role)
    if UnitMembership.objects.filter(user=user, unit=unit, role=role).exists():
        raise SteeringError(_("Användaren har redan den rollen på enheten."), field="username")
    membership = UnitMembership(user=user, unit=unit, role=role)
    validated(membership)
    membership.save()
    return membership


@transaction.atomic
def membership_delete(*, actor: User, membership: UnitMembership) -> None:
    administration_check(actor, membership.unit.organisation_id)
    membership.delete()


@transaction.atomic
def year_first_create(
    *, actor: User, organisation: Organisation, year: int, via: str = Via.WEB
) -> Year:
    """The organisation's first verksamhetsår, with its periods and open unit periods.

    Later years are made by "Nytt verksamhetsår", which carries the model forward.
    """
    administration_check(actor, organisation)
    if not 2000 <= year <= 2100:
        raise SteeringError(_("Ange ett år mellan 2000 och 2100."), field="year")
    if Year.objects.filter(organisation=organisation).exists():
        raise SteeringError(
            _(
                "Organisationen har redan verksamhetsår. Nästa år skapas med "
                "”Nytt verksamhetsår”, som för över styrmodellen."
            )
        )
    return year_create(organisation=organisation, year=year, via=via)


# --------------------------------------------------------------------- perspectives


@transaction.atomic
def perspective_save(
    *, actor: User, year: Year, perspective: Perspective | None, name: str, description: str
) -> Perspective:
    """Add a perspective last (its slug made from the name, then kept) or change one."""
    administration_check(actor, year.organisation_id)
    if perspective is None:
        siblings = Perspective.objects.filter(year=year)
        perspective = Perspective(
            year=year,
            slug=rules.key_from(name, siblings.values_list("slug", flat=True), max_length=50),
            order=_next_order(siblings),
        )
    elif perspective.year_id != year.pk:
        raise NotAllowed(_("Perspektivet hör till ett annat år och kan inte ändras här."))
    if (
        Perspective.objects.filter(year=year, name__iexact=name.strip())
        .exclude(pk=perspective.pk)
        .exists()
    ):
        raise SteeringError(_("Året har redan ett perspektiv med det namnet."), field="name")
    perspective.name, perspective.description = name.strip(), description.strip()
    validated(perspective)
    perspective.save()
    return perspective


@transaction.atomic
def perspective_move(*, actor: User, perspective: Perspective, up: bool) -> None:
    """Move a perspective one step up or down; the year's order is renumbered 0…n."""
    administration_check(actor, perspective.year.organisation_id)
    ordered = list(Perspective.objects.select_for_update().filter(year=perspective.year_id))
    ordered.sort(key=lambda p: (p.order, p.pk))
    index = next(i for i, p in enumerate(ordered) if p.pk == perspective.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for order, p in enumerate(ordered):
        if p.order != order:
            Perspective.objects.filter(pk=p.pk).update(order=order)


@transaction.atomic
def perspective_delete(*, actor: User, perspective: Perspective) -> None:
    """Delete a perspective nobody uses: no unit goals, no assessment in a closed period."""
    administration_check(actor, perspective.year.organisation_id)
    used = UnitGoal.objects.filter(perspective=perspective).count()
    if used:
        raise SteeringError(
            _("Perspektivet används av %(count)s mål. Ta bort eller flytta målen först.")
            % {"count": used}
        )
    reason = rules.perspective_frozen_reason(perspective)
    if reason:
        raise SteeringError(reason)
    perspective.delete()


# ---------------------------------------------------- strategic goals, success factors


@transaction.atomic
def strategic_goal_save(
    *, actor: User, perspective: Perspective, goal: StrategicGoal | None, title: str
) -> StrategicGoal:
    administration_check(actor, perspective.year.organisation_id)
    if goal is None:
        siblings = StrategicGoal.objects.filter(perspective=perspective)
        goal = StrategicGoal(perspective=perspective, order=_next_order(siblings))
    elif goal.perspective_id != perspective.pk:
        raise NotAllowed(
            _("Det strategiska målet hör till ett annat perspektiv och kan inte ändras här.")
        )
    goal.title = title.strip()
    validated(goal)
    goal.save()
    return goal


def _frozen_check(measures: Iterable[Measure]) -> None:
    reason = frozen.measures_frozen_reason(measures)
    if reason:
        raise SteeringError(reason)


def _measures(**lookup: Any) -> list[Measure]:
    return list(Measure.objects.filter(**lookup).select_related("goal__perspective"))


@transaction.atomic
def strategic_goal_delete(*, actor: User, goal: StrategicGoal) -> None:
    """Delete a strategic goal and its success factors; the unit goals under them stay,
    without a success factor. Refused when one of them holds frozen measures."""
    administration_check(actor, goal.perspective.year.organisation_id)
    _frozen_check(_measures(goal__success_factor__strategic_goal=goal))
    goal.delete()


@transaction.atomic
def success_factor_save(
    *, actor: User, strategic_goal: StrategicGoal, factor: SuccessFactor | None, title: str
) -> SuccessFactor:
    administration_check(actor, strategic_goal.perspective.year.organisation_id)
    if factor is None:
        siblings = SuccessFactor.objects.filter(strategic_goal=strategic_goal)
        factor = SuccessFactor(strategic_goal=strategic_goal, order=_next_order(siblings))
    elif factor.strategic_goal_id != strategic_goal.pk:
        raise NotAllowed(
            _("Framgångsfaktorn hör till ett annat strategiskt mål och kan inte ändras här.")
        )
    factor.title = title.strip()
    validated(factor)
    factor.save()
    return factor


@transaction.atomic
def success_factor_delete(*, actor: User, factor: SuccessFactor) -> None:
    administration_check(actor, factor.strategic_goal.perspective.year.organisation_id)
    _frozen_check(_measures(goal__success_factor=factor))
    factor.delete()


# ------------------------------------------------------------------------ unit goals


@transaction.atomic
def unit_goal_save(
    *,
    actor: User,
    unit: Unit,
    goal: UnitGoal | None,
    perspective: Perspective,
    success_factor: SuccessFactor | None,
    title: str,
    via: str = Via.WEB,
) -> UnitGoal:
    """Add a unit goal last in its perspective, or change one. A goal whose measures are
    frozen keeps its perspective (the closed period's scorecard is grouped by it)."""
    _unit_check(actor, unit)
    if goal is None:
        siblings = UnitGoal.objects.filter(unit=unit, perspective=perspective)
        goal = UnitGoal(unit=unit, order=_next_order(siblings))
    else:
        goal = UnitGoal.objects.select_for_update().get(pk=goal.pk)
        if goal.unit_id != unit.pk:
            raise NotAllowed(_("Målet hör till en annan enhet och kan inte ändras här."))
        if goal.perspective_id != perspective.pk:
            _frozen_check(_measures(goal=goal))
    goal.perspective, goal.success_factor, goal.title = perspective, success_factor, title.strip()
    validated(goal)
    _audited(goal, actor, via).save()
    return goal


@transaction.atomic
def unit_goal_delete(*, actor: User, goal: UnitGoal, via: str = Via.WEB) -> None:
    """Delete a unit goal with its measures (and their outcomes in open periods)."""
    _unit_check(actor, goal.unit)
    measures = _measures(goal=goal)
    _frozen_check(measures)
    for measure in measures:
        _audited(measure, actor, via).delete()
    _audited(goal, actor, via).delete()


# -------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class MeasureInput:
    """A measure's fields as set on the set-up page (numbers already parsed)."""

    name: str
    key: str = ""
    description: str = ""
    value_kind: str = Measure.ValueKind.NUMBER
    unit_of_measurement: str = ""
    decimals: int = 0
    baseline_value: Decimal | None = None
    baseline_text: str = ""
    baseline_label: str = ""
    target_direction: str = ""
    target_value: Decimal | None = None
    target_text: str = ""
    partly_threshold: Decimal | None = None
    frequency: str = ""
    accumulates: bool = False
    value_source: str = ""


def _auto_target(measure: Measure) -> str:
    return rules.target_label(
        direction=measure.target_direction,
        value=measure.target_value,
        decimals=measure.decimals,
        unit_of_measurement=measure.unit_of_measurement,
    )


@transaction.atomic
def measure_save(
    *,
    actor: User,
    goal: UnitGoal,
    measure: Measure | None,
    data: MeasureInput,
    via: str = Via.WEB,
) -> Measure:
    """Add a measure to a unit goal or change one.

    The key is made from the name when left empty, unique within the unit's year (the
    trend matches a measure across years by it). Once a period of the unit's year is
    no longer open, the fields that decide lights and trends are frozen. Saving a
    changed target confirms a proposed one (``target_is_proposal``).
    """
    _unit_check(actor, goal.unit)
    year_id = goal.perspective.year_id
    taken = Measure.objects.filter(goal__unit=goal.unit_id, goal__perspective__year=year_id)
    if measure is None:
        measure = Measure(goal=goal, order=_next_order(Measure.objects.filter(goal=goal)))
        old_auto = ""
        before: dict[str, Any] = {}
    else:
        measure = (
            Measure.objects.select_for_update()
            .select_related("goal__perspective")
            .get(pk=measure.pk)
        )
        if measure.goal_id != goal.pk:
            raise NotAllowed(_("Styrmåttet hör till ett annat mål och kan inte ändras här."))
        taken = taken.exclude(pk=measure.pk)
        old_auto = _auto_target(measure)
        before = {name: getattr(measure, name) for name in frozen.FROZEN_MEASURE_FIELDS}

    key = data.key.strip()
    if not key and measure.pk:
        key = measure.key
    if not key:
        key = rules.key_from(data.name, taken.values_list("key", flat=True))
    elif taken.filter(key=key).exists():
        raise SteeringError(
            _("Nyckeln används redan av ett annat styrmått för enheten."), field="key"
        )

    for name in (
        "name",
        "description",
        "value_kind",
        "unit_of_measurement",
        "decimals",
        "baseline_value",
        "baseline_text",
        "baseline_label",
        "target_direction",
        "target_value",
        "target_text",
        "partly_threshold",
        "frequency",
        "accumulates",
        "value_source",
    ):
        value = getattr(data, name)
        setattr(measure, name, value.strip() if isinstance(value, str) else value)
    measure.key = key
    if not measure.frequency:
        measure.frequency = Measure._meta.get_field("frequency").default
    if not measure.value_source:
        measure.value_source = Measure.ValueSource.TYPED
    # A target text nobody typed follows the target; one somebody typed stays.
    if not measure.target_text or measure.target_text == old_auto:
        measure.target_text = _auto_target(measure)

    if before:
        changed = [n for n in frozen.FROZEN_MEASURE_FIELDS if getattr(measure, n) != before[n]]
        if changed:
            _frozen_check([measure])
        if any(n in changed for n in rules.TARGET_FIELDS):
            measure.target_is_proposal = False
    validated(measure)
    _audited(measure, actor, via).save()
    return measure


@transaction.atomic
def measure_delete(*, actor: User, measure: Measure, via: str = Via.WEB) -> None:
    _unit_check(actor, measure.goal.unit)
    _frozen_check([measure])
    _audited(measure, actor, via).delete()


@transaction.atomic
def measure_target_confirm(*, actor: User, measure: Measure, via: str = Via.WEB) -> Measure:
    """ "Fastställ mål": the carried-over target is this year's target."""
    _unit_check(actor, measure.goal.unit)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.target_is_proposal:
        measure.target_is_proposal = False
        _audited(measure, actor, via).save()
    return measure


# --------------------------------------------------------------------------- users
# An administrator invites a person by e-mail: the user is created without a password
# and gets a link to set one (Django's password-reset token, valid
# PASSWORD_RESET_TIMEOUT), with the role on the unit given at once. "Inaktivera" takes
# every role in the organisation and closes the account when the person has no role
# anywhere else. Users are never deleted: their names stay in the audit history.


@dataclass(frozen=True)
class Invitation:
    """What an invitation did: the user (new or found) and the link sent, if any."""

    user: AuthUser
    created: bool
    link: str


def set_password_link(user: AuthUser, *, site_url: str) -> str:
    """The one-time link where the user sets a password (Django's reset token)."""
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{site_url.rstrip('/')}{path}"


def user_invite(
    *,
    actor: AuthUser,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    unit: Unit,
    role: str,
    site_url: str,
) -> Invitation:
    """Give the person with ``email`` a role on ``unit``; create and invite them if new.

    An existing user (same e-mail, any case) gets the role and no e-mail; a deactivated
    one is opened again and invited anew. The e-mail is sent after the commit, so a
    refused invitation sends nothing.
    """
    administration_check(actor, organisation)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise SteeringError(_("Ange en giltig e-postadress."), field="email") from error
    if unit.organisation_id != organisation.pk:
        raise SteeringError(_("Enheten hör till en annan organisation."), field="unit")
    if role not in Role.values:
        raise SteeringError(_("Välj en roll."), field="role")
    _role_check(unit, role)
    model = get_user_model()
    with transaction.atomic():
        user = model._default_manager.filter(email__iexact=email).order_by("pk").first()
        created = user is None
        reopened = user is not None and not user.is_active
        if user is None:
            user = model(username=email, email=email, first_name=first_name.strip())
            user.last_name = last_name.strip()
            user.set_unusable_password()
            validated(user)
            user.save()
        elif reopened:
            user.is_active = True
            user.save(update_fields=["is_active"])
        if UnitMembership.objects.filter(user=user, unit=unit, role=role).exists():
            raise SteeringError(_("Personen har redan den rollen på enheten."), field="email")
        membership = UnitMembership(user=user, unit=unit, role=role)
        validated(membership)
        membership.save()
        link = set_password_link(user, site_url=site_url) if created or reopened else ""
        if link:
            transaction.on_commit(
                lambda: _send_invitation(user, organisation=organisation, link=link)
            )
    return Invitation(user=user, created=created, link=link)


def _send_invitation(user: AuthUser, *, organisation: Organisation, link: str) -> None:
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    send_mail(
        subject=_("Inbjudan till Styrkort – %(org)s") % {"org": organisation.name},
        message=_(
            "Hej!\n\nDu har fått en roll i Styrkort för %(org)s. Välj ditt lösenord här "
            "(länken gäller i %(days)s dagar och kan användas en gång):\n\n%(link)s\n\n"
            "Ditt användarnamn är %(username)s.\n"
        )
        % {"org": organisation.name, "days": days, "link": link, "username": user.username},
        from_email=None,
        recipient_list=[user.email],
    )


def user_deactivate(*, actor: AuthUser, organisation: Organisation, user: AuthUser) -> bool:
    """Take every role the user has in this organisation; close the account when they
    have no role anywhere else (and are no administrator). Returns whether it was closed."""
    administration_check(actor, organisation)
    if user.pk == actor.pk:
        raise SteeringError(_("Du kan inte inaktivera dig själv."))
    with transaction.atomic():
        UnitMembership.objects.filter(user=user, unit__organisation=organisation).delete()
        elsewhere = UnitMembership.objects.filter(user=user).exists()
        if elsewhere or user.is_superuser or user.is_staff:
            return False
        user.is_active = False
        user.save(update_fields=["is_active"])
        return True


# ------------------------------------------------------------------------- periods
# The year's periods (Inställningar → Perioder): T1, T2 and helår come with the year; an
# organisation adds its own spans (jan–maj) and chooses which units report each. Nothing
# with figures is removed: a period or a unit's period with data stays.


@transaction.atomic
def period_custom_create(*, actor: AuthUser, year: Year, end_month: int) -> Period:
    """A custom period of the year, January to ``end_month``, with an open unit period
    for every reporting unit."""
    administration_check(actor, year.organisation_id)
    if not 1 <= end_month <= 11:
        raise SteeringError(_("Välj en slutmånad mellan januari och november."), field="end_month")
    same = Period.objects.filter(year=year, end_month=end_month).first()
    if same is not None:
        raise SteeringError(
            _("Året har redan en period som slutar i %(month)s: %(period)s.")
            % {"month": MONTHS_LONG[end_month], "period": same.label},
            field="end_month",
        )
    period = Period(
        year=year,
        kind=Period.Kind.CUSTOM,
        end_month=end_month,
        key=Period.make_key(year.year, Period.Kind.CUSTOM, end_month),
    )
    validated(period)
    period.save()
    unit_periods_ensure(organisation=year.organisation, years=[year])
    return period


@transaction.atomic
def period_delete(*, actor: AuthUser, period: Period) -> None:
    """Remove a custom period that nobody has reported in (T1, T2 and helår stay)."""
    administration_check(actor, period.year.organisation_id)
    if period.kind != Period.Kind.CUSTOM:
        raise SteeringError(_("T1, T2 och helår hör till året och kan inte tas bort."))
    if period.unit_periods.exclude(status=UnitPeriod.Status.OPEN).exists():
        raise SteeringError(_("En enhet har redan lämnat in för perioden: den finns kvar."))
    try:
        with transaction.atomic():
            for unit_period in period.unit_periods.all():
                unit_period._change_reason = Via.WEB  # type: ignore[attr-defined]
                unit_period.delete()
            period.delete()
    except ProtectedError as error:
        raise SteeringError(
            _("Perioden har uppgifter (utfall, texter eller siffror) och kan inte tas bort.")
        ) from error


@transaction.atomic
def unit_period_add(*, actor: AuthUser, period: Period, unit: Unit) -> UnitPeriod:
    """Let one more unit report in the period (an open unit period)."""
    administration_check(actor, period.year.organisation_id)
    if unit.organisation_id != period.year.organisation_id:
        raise SteeringError(_("Enheten hör till en annan organisation."), field="unit")
    if UnitPeriod.objects.filter(unit=unit, period=period).exists():
        raise SteeringError(_("Enheten rapporterar redan i perioden."), field="unit")
    unit_period = UnitPeriod(unit=unit, period=period)
    validated(unit_period)
    unit_period._change_reason = Via.WEB  # type: ignore[attr-defined]
    unit_period.save()
    return unit_period


@transaction.atomic
def unit_period_remove(*, actor: AuthUser, unit_period: UnitPeriod) -> None:
    """A unit no longer reports in the period: only while it is open and holds no outcome."""
    administration_check(actor, unit_period.unit.organisation_id)
    if unit_period.status != UnitPeriod.Status.OPEN:
        raise SteeringError(_("Enheten har redan lämnat in för perioden: den finns kvar."))
    has_outcomes = MeasureOutcome.objects.filter(
        measure__goal__unit=unit_period.unit_id, period=unit_period.period_id
    ).exists()
    if has_outcomes:
        raise SteeringError(_("Enheten har utfall för perioden: den finns kvar."))
    try:
        with transaction.atomic():
            unit_period._change_reason = Via.WEB  # type: ignore[attr-defined]
            unit_period.delete()
    except ProtectedError as error:
        raise SteeringError(
            _("Enhetens period har en fastställd rapport: den finns kvar.")
        ) from error
