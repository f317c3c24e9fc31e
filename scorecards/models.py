"""The steering model: organisation, units, periods, perspectives, goals, measures, outcomes.

Derived values (attainment, trend) are never stored: they are computed in
``scorecards.rules`` from the figures stored here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.limits import COMMENT_CHARS, TextLimit
from common.numbers import AmountFormat
from scorecards.terms import AMOUNT_SCALES, OrganisationKind, Terms, amounts_for, terms_for

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Organisation(models.Model):
    """A region, municipality or joint committee (region, kommun, gemensam nämnd)."""

    slug = models.SlugField(_("kortnamn"), unique=True)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(
        _("typ av organisation"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.REGION,
    )
    # The organisation's own words (blank: the default of its kind, scorecards.terms).
    organisation_goals_term = models.CharField(
        _("organisationens mål kallas"), max_length=100, blank=True
    )
    unit_goals_term = models.CharField(_("enhetens mål kallas"), max_length=100, blank=True)
    deciding_body_term = models.CharField(
        _("organet som beslutar ramar kallas"), max_length=100, blank=True
    )
    unit_term = models.CharField(_("en rapporterande enhet kallas"), max_length=100, blank=True)
    # How amounts are shown (blank: the default of its kind); stored amounts stay in kr.
    amount_scale = models.CharField(
        _("beloppsenhet"), max_length=4, choices=AMOUNT_SCALES, blank=True
    )
    amount_decimals = models.PositiveSmallIntegerField(
        _("decimaler i belopp"), null=True, blank=True, validators=[MaxValueValidator(2)]
    )
    # Klarmarkera lists what is missing (scorecards.checklist); whether a unit may still
    # submit with gaps (after confirming them) is the organisation's choice.
    allow_submit_with_gaps = models.BooleanField(
        _("får klarmarkera med luckor"),
        default=True,
        help_text=_("En enhet får klarmarkera trots att något saknas, efter en bekräftelse."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def terms(self) -> Terms:
        """What this organisation calls its goals, bodies and units."""
        return terms_for(
            self.kind,
            organisation_goals=self.organisation_goals_term,
            unit_goals=self.unit_goals_term,
            deciding_body=self.deciding_body_term,
            unit=self.unit_term,
        )

    @property
    def amounts(self) -> AmountFormat:
        """How this organisation shows amounts (kr, tkr, mnkr and decimals)."""
        return amounts_for(self.kind, scale=self.amount_scale, decimals=self.amount_decimals)


class Role(models.TextChoices):
    CONTROLLER = "controller", _("Controller")
    MANAGER = "manager", _("Chef")
    READER = "reader", _("Läsare")
    # The organisation's administrator (systemförvaltare): held on the top unit only; sets
    # the organisation up in Inställningar, reads every unit, locks and reopens periods.
    ADMIN = "admin", _("Administratör")


class Action(models.TextChoices):
    """What a user wants to do with a unit's data; decides which roles qualify."""

    VIEW = "view", _("Läsa")
    EDIT = "edit", _("Registrera")
    ANALYSE = "analyse", _("Skriva analys")
    APPROVE = "approve", _("Godkänna")
    ADMIN = "admin", _("Administrera")


# Which roles allow which action. Readers additionally see approved periods only
# (see UnitPeriodQuerySet.for_user).
ROLES_FOR_ACTION: dict[str, frozenset[str]] = {
    Action.VIEW: frozenset({Role.CONTROLLER, Role.MANAGER, Role.READER, Role.ADMIN}),
    Action.EDIT: frozenset({Role.CONTROLLER}),
    # Controllers comment their measures; managers write the analysis texts.
    Action.ANALYSE: frozenset({Role.CONTROLLER, Role.MANAGER}),
    Action.APPROVE: frozenset({Role.MANAGER}),
    # Set-up, lock and reopen: the organisation's administrators (superusers pass every
    # rule). The role is only given on an organisation's top unit (steering.services).
    Action.ADMIN: frozenset({Role.ADMIN}),
}


def is_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_active and getattr(user, "is_superuser", False))


def user_memberships(user: AbstractBaseUser | AnonymousUser) -> list[tuple[str, str]]:
    """(unit path, role) for each of the user's roles: one query."""
    if user.pk is None:
        return []
    # Asked several times per request (page, rights, service); the user object lives for
    # one request, so its roles are read once per request.
    cached: list[tuple[str, str]] | None = getattr(user, "_styrkort_memberships", None)
    if cached is None:
        memberships = UnitMembership.objects.filter(user_id=user.pk)
        cached = list(memberships.values_list("unit__path", "role"))
        user._styrkort_memberships = cached  # type: ignore[union-attr]
    return cached


def _subtree_q(memberships: list[tuple[str, str]], roles: frozenset[str]) -> Q | None:
    """Q matching units at or below a unit where the user holds one of the roles.

    Roles are given on a unit and hold for its whole subtree, so a region reader sees
    every division. Tree membership is a prefix match on ``Unit.path``.
    """
    q: Q | None = None
    for path, role in memberships:
        if role in roles:
            q = Q(path__startswith=path) if q is None else q | Q(path__startswith=path)
    return q


class UnitQuerySet(models.QuerySet["Unit"]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser, action: str) -> UnitQuerySet:
        """The one visibility rule: units this user may ``action``.

        Every view, export, import, task and report asks this (or
        ``UnitPeriod.objects.for_user``, which builds on it).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if is_admin(user):
            return self.all()
        q = _subtree_q(user_memberships(user), ROLES_FOR_ACTION[action])
        return self.filter(q) if q is not None else self.none()


class Unit(models.Model):
    """An organisational unit that reports (division, verksamhetsområde, förvaltning)."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        DIVISION = "division", _("Division")
        DEPARTMENT = "department", _("Verksamhetsområde")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("överordnad enhet"),
    )
    slug = models.SlugField(_("kortnamn"), unique=True)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    # Whether the unit reports (gets a unit period for every period, a scorecard and a
    # report): divisions do; an organisation's own unit does when it reports itself
    # (a nämnd, a joint committee).
    reports = models.BooleanField(_("rapporterar"), default=True)
    # Materialised path ("/region-norrbotten/lansteknik/") so a subtree is one
    # indexed prefix query whatever the depth of the tree.
    path = models.CharField(_("sökväg"), max_length=1000, editable=False, db_index=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent else "/"
        return f"{prefix}{self.slug}/"

    def clean(self) -> None:
        if self.parent and self.parent.organisation_id != self.organisation_id:
            raise ValidationError(_("Överordnad enhet måste tillhöra samma organisation."))
        if self.parent and self.pk and f"/{self.slug}/" in self.parent.path:
            raise ValidationError(_("En enhet kan inte ligga under sig själv."))

    def save(self, *args: object, **kwargs: object) -> None:
        # The path is a cache of the parent chain; keeping it in step here is the
        # one place it can never drift. Children are re-pathed when a unit moves.
        old_path = self.path
        self.path = self.build_path()
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if old_path and old_path != self.path:
            for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                child.path = self.path + child.path[len(old_path) :]
                Unit.objects.filter(pk=child.pk).update(path=child.path)


class UnitMembership(models.Model):
    """A user's role on a unit (and its subtree): controller, chef or läsare."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unit_memberships",
        verbose_name=_("användare"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("enhet")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class Year(models.Model):
    """A financial and steering year of an organisation (verksamhetsår)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="years", verbose_name=_("organisation")
    )
    year = models.PositiveSmallIntegerField(_("år"))

    class Meta:
        verbose_name = _("verksamhetsår")
        verbose_name_plural = _("verksamhetsår")
        ordering = ["organisation", "year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="unique_year")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


# Month names as the reports write them (lower case, Swedish), independent of locale.
MONTHS_SHORT = dict(
    enumerate(
        ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        start=1,
    )
)
MONTHS_LONG = dict(
    enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
)


class Period(models.Model):
    """A reporting period, cumulative from 1 January (tertial T1, T2, helår or own span)."""

    class Kind(models.TextChoices):
        T1 = "T1", _("Tertial 1 (jan–apr)")
        T2 = "T2", _("Tertial 2 (jan–aug)")
        YEAR = "year", _("Helår (jan–dec)")
        CUSTOM = "custom", _("Egen period")

    # The end month of the standard kinds; custom periods give their own.
    END_MONTH = {Kind.T1: 4, Kind.T2: 8, Kind.YEAR: 12}

    year = models.ForeignKey(
        Year, on_delete=models.PROTECT, related_name="periods", verbose_name=_("verksamhetsår")
    )
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    end_month = models.PositiveSmallIntegerField(_("till och med månad"))
    # The stable key used in URLs and bookmarks: "2019-T1", "2019-T2", "2019", "2021-M05".
    key = models.CharField(_("nyckel"), max_length=20, editable=False)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("perioder")
        ordering = ["year__year", "end_month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "key"], name="unique_period_key"),
            models.CheckConstraint(
                condition=Q(end_month__gte=1, end_month__lte=12), name="period_end_month_range"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @staticmethod
    def make_key(year: int, kind: str, end_month: int) -> str:
        if kind == Period.Kind.YEAR:
            return str(year)
        if kind == Period.Kind.CUSTOM:
            return f"{year}-M{end_month:02d}"
        return f"{year}-{kind}"

    @property
    def label(self) -> str:
        """Short name: "T1 2019", "Helår 2019", "jan–maj 2021"."""
        if self.kind == Period.Kind.YEAR:
            return _("Helår %(year)s") % {"year": self.year.year}
        if self.kind == Period.Kind.CUSTOM:
            return f"jan–{MONTHS_SHORT[self.end_month]} {self.year.year}"
        return f"{self.kind} {self.year.year}"

    @property
    def report_label(self) -> str:
        """How a report names the period: "per april 2019", "2019"."""
        if self.kind == Period.Kind.YEAR:
            return str(self.year.year)
        return _("per %(month)s %(year)s") % {
            "month": MONTHS_LONG[self.end_month],
            "year": self.year.year,
        }

    @property
    def span_label(self) -> str:
        """The months the period covers, as a title writes them: "januari–maj"."""
        if self.end_month == 1:
            return MONTHS_LONG[1]
        return f"{MONTHS_LONG[1]}–{MONTHS_LONG[self.end_month]}"

    @property
    def months(self) -> range:
        return range(1, self.end_month + 1)

    def clean(self) -> None:
        expected = self.END_MONTH.get(self.kind)  # type: ignore[call-overload]
        if expected is not None and self.end_month != expected:
            raise ValidationError(
                {
                    "end_month": _("%(kind)s slutar i månad %(month)s.")
                    % {"kind": self.get_kind_display(), "month": expected}
                }
            )

    def save(self, *args: object, **kwargs: object) -> None:
        if self.kind in self.END_MONTH and not self.end_month:
            self.end_month = self.END_MONTH[self.kind]  # type: ignore[index]
        self.key = self.make_key(self.year.year, self.kind, self.end_month)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class UnitPeriodQuerySet(models.QuerySet["UnitPeriod"]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser, action: str) -> UnitPeriodQuerySet:
        """Unit periods the user may ``action``: the unit rule plus the reader rule.

        Controllers and managers see every period of their units; readers see only
        approved or locked ones, since figures are confidential until approved.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if is_admin(user):
            return self.all()
        memberships = user_memberships(user)
        roles = ROLES_FOR_ACTION[action]
        q = Q(pk__in=[])
        staff_q = _subtree_q(memberships, roles - {Role.READER})
        if staff_q is not None:
            q |= Q(unit__in=Unit.objects.filter(staff_q))
        reader_q = _subtree_q(memberships, roles & {Role.READER})
        if reader_q is not None:
            q |= Q(
                unit__in=Unit.objects.filter(reader_q),
                status__in=[UnitPeriod.Status.APPROVED, UnitPeriod.Status.LOCKED],
            )
        return self.filter(q)


def allowed_actions(
    user: AbstractBaseUser | AnonymousUser, unit_period: UnitPeriod
) -> frozenset[str]:
    """What the user may do with one unit period: the same rule as ``for_user``, for one row.

    One query (the user's roles) instead of one per action; a test checks that it
    agrees with ``UnitPeriod.objects.for_user`` for every role and status.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if is_admin(user):
        return frozenset(Action.values)
    path = unit_period.unit.path
    roles = {role for role_path, role in user_memberships(user) if path.startswith(role_path)}
    readable = unit_period.status in (UnitPeriod.Status.APPROVED, UnitPeriod.Status.LOCKED)
    allowed = set()
    for action, action_roles in ROLES_FOR_ACTION.items():
        usable = roles & action_roles
        if usable - {Role.READER} or (Role.READER in usable and readable):
            allowed.add(action)
    return frozenset(allowed)


class UnitPeriod(models.Model):
    """A unit's report for one period: its status and the report's header metadata.

    The status lives here and not on Period because each division marks its own
    figures as ready and its own manager approves them.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        SUBMITTED = "submitted", _("Klarmarkerad")
        APPROVED = "approved", _("Godkänd")
        LOCKED = "locked", _("Låst")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="unit_periods", verbose_name=_("enhet")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="unit_periods", verbose_name=_("period")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    document_id = models.CharField(_("dokument-ID"), max_length=100, blank=True)
    # The report document's own version ("0.5"), printed in its footer; not a lock counter.
    document_version = models.CharField(_("version"), max_length=20, blank=True)
    published_on = models.DateField(_("publiceringsdatum"), null=True, blank=True)
    owner_title = models.CharField(_("ansvarig"), max_length=200, blank=True)
    prepared_by_title = models.CharField(_("upprättad av"), max_length=200, blank=True)
    # The manager's word with the last review step (Godkänn or Skicka tillbaka): shown to
    # the controller on the entry page and in reminders; its history is the audit trail.
    review_comment = models.TextField(
        _("chefens kommentar"), blank=True, validators=[TextLimit(COMMENT_CHARS)]
    )

    objects = UnitPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enhetens period")
        verbose_name_plural = _("enheternas perioder")
        ordering = ["unit__path", "period__year__year", "period__end_month"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="unique_unit_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    @property
    def is_writable(self) -> bool:
        return self.status == self.Status.OPEN


class Perspective(models.Model):
    """A perspective of the balanced scorecard (Samhälle, Medborgare, Verksamhet, …)."""

    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="perspectives", verbose_name=_("år")
    )
    slug = models.SlugField(_("kortnamn"))
    name = models.CharField(_("namn"), max_length=100)
    description = models.TextField(
        _("beskrivning"), blank=True, validators=[TextLimit(COMMENT_CHARS)]
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("perspektiv")
        verbose_name_plural = _("perspektiv")
        ordering = ["year", "order"]
        constraints = [models.UniqueConstraint(fields=["year", "slug"], name="unique_perspective")]

    def __str__(self) -> str:
        return self.name


class StrategicGoal(models.Model):
    """A strategic goal set by regionfullmäktige within a perspective (strategiskt mål)."""

    perspective = models.ForeignKey(
        Perspective,
        on_delete=models.CASCADE,
        related_name="strategic_goals",
        verbose_name=_("perspektiv"),
    )
    title = models.CharField(_("mål"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("strategiskt mål")
        verbose_name_plural = _("strategiska mål")
        ordering = ["perspective__order", "order"]

    def __str__(self) -> str:
        return self.title


class SuccessFactor(models.Model):
    """A success factor set by regionstyrelse/nämnd under a strategic goal (framgångsfaktor)."""

    strategic_goal = models.ForeignKey(
        StrategicGoal,
        on_delete=models.CASCADE,
        related_name="success_factors",
        verbose_name=_("strategiskt mål"),
    )
    title = models.CharField(_("framgångsfaktor"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("framgångsfaktor")
        verbose_name_plural = _("framgångsfaktorer")
        ordering = ["strategic_goal__perspective__order", "strategic_goal__order", "order"]

    def __str__(self) -> str:
        return self.title


class FocusArea(models.Model):
    """A unit's own headline theme for the year (övergripande fokusområde)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("enhet")
    )
    year = models.ForeignKey(
        Year, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("år")
    )
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(
        _("beskrivning"), blank=True, validators=[TextLimit(COMMENT_CHARS)]
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")
        ordering = ["unit", "year", "order"]

    def __str__(self) -> str:
        return self.title


class UnitGoal(models.Model):
    """A unit's goal under a perspective and success factor (divisionens mål)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="goals", verbose_name=_("enhet")
    )
    perspective = models.ForeignKey(
        Perspective,
        on_delete=models.PROTECT,
        related_name="unit_goals",
        verbose_name=_("perspektiv"),
    )
    success_factor = models.ForeignKey(
        SuccessFactor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unit_goals",
        verbose_name=_("framgångsfaktor"),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unit_goals",
        verbose_name=_("fokusområde"),
    )
    title = models.CharField(_("mål"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enhetens mål")
        verbose_name_plural = _("enheternas mål")
        ordering = ["perspective__order", "order"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        factor = self.success_factor
        if factor is not None and factor.strategic_goal.perspective_id != self.perspective_id:
            raise ValidationError(
                {"success_factor": _("Framgångsfaktorn hör till ett annat perspektiv.")}
            )


class Direction(models.TextChoices):
    """How a target is read: what counts as reaching it."""

    AT_MOST = "at_most", _("högst")
    AT_LEAST = "at_least", _("minst")
    DECREASE = "decrease", _("minska")
    INCREASE = "increase", _("öka")
    EQUAL_TO_PEERS = "equal_to_peers", _("likvärdigt med övriga")
    QUALITATIVE = "qualitative", _("kvalitativt")


class Frequency(models.TextChoices):
    TERTIAL = "tertial", _("Varje tertial")
    ANNUAL = "annual", _("Helår")


class Measure(models.Model):
    """Something measured for a unit goal, with its baseline and target (styrmått)."""

    class ValueKind(models.TextChoices):
        NUMBER = "number", _("Tal")
        TEXT = "text", _("Text")

    class ValueSource(models.TextChoices):
        """Where the outcome comes from: typed in, or computed by an app from what is
        entered there (the goals app's dated occasions: how many, and who attended)."""

        TYPED = "typed", _("Skrivs in")
        OCCASION_COUNT = "occasion_count", _("Räknas från tillfällen: antal")
        OCCASION_ATTENDANCE = "occasion_attendance", _("Räknas från tillfällen: närvaro")

    goal = models.ForeignKey(
        UnitGoal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("mål")
    )
    # Stable across years so a measure carried forward can be compared with itself.
    key = models.SlugField(_("nyckel"), max_length=80)
    name = models.CharField(_("styrmått"), max_length=300)
    description = models.TextField(
        _("beskrivning"), blank=True, validators=[TextLimit(COMMENT_CHARS)]
    )
    value_kind = models.CharField(
        _("typ av utfall"), max_length=10, choices=ValueKind.choices, default=ValueKind.NUMBER
    )
    unit_of_measurement = models.CharField(_("enhet"), max_length=20, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimaler"), default=0)
    baseline_value = models.DecimalField(
        _("ingångsvärde"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_text = models.CharField(_("ingångsvärde (text)"), max_length=300, blank=True)
    baseline_label = models.CharField(_("ingångsvärdets rubrik"), max_length=100, blank=True)
    target_direction = models.CharField(
        _("målets riktning"), max_length=20, choices=Direction.choices
    )
    target_value = models.DecimalField(
        _("målvärde"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_text = models.CharField(_("mål (text)"), max_length=300, blank=True)
    # Set on measures carried into a new year by "Nytt verksamhetsår": the target is last
    # year's until the unit confirms or changes it in the set-up pages.
    target_is_proposal = models.BooleanField(_("målet är ett förslag"), default=False)
    # The value at which "delvis uppnått" starts: for "högst 10" with threshold 12,
    # 11 and 12 are delvis, 13 is ej uppnått.
    partly_threshold = models.DecimalField(
        _("gräns för delvis uppnått"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    frequency = models.CharField(
        _("följs upp"), max_length=10, choices=Frequency.choices, default=Frequency.TERTIAL
    )
    # Counts and hours grow through the year (11 major incidents by April), so they can
    # only be compared with the same span, never with a full-year baseline.
    accumulates = models.BooleanField(
        _("ackumuleras under året"),
        default=False,
        help_text=_("Antal eller timmar som växer under året jämförs bara med samma period."),
    )
    # A computed outcome is written by its app through outcome_set, never typed: the
    # entry pages and outcome_set refuse a typed value for it (one entry, not two).
    value_source = models.CharField(
        _("utfallet"),
        max_length=30,
        choices=ValueSource.choices,
        default=ValueSource.TYPED,
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    # Targets and thresholds decide the traffic lights, so their changes are audited
    # like the figures' (who, when, through which path).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("styrmått")
        verbose_name_plural = _("styrmått")
        ordering = ["goal__perspective__order", "goal__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "key"], name="unique_measure_key_per_goal")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def from_occasions(self) -> bool:
        """The outcome is computed from dated occasions, not typed in."""
        return self.value_source != self.ValueSource.TYPED

    @property
    def lower_is_better(self) -> bool:
        return self.target_direction in (Direction.AT_MOST, Direction.DECREASE)

    def clean(self) -> None:
        needs_value = self.target_direction in (Direction.AT_MOST, Direction.AT_LEAST)
        if needs_value and self.target_value is None:
            raise ValidationError({"target_value": _("Målet behöver ett målvärde.")})
        if self.target_direction in (Direction.DECREASE, Direction.INCREASE) and (
            self.baseline_value is None
        ):
            raise ValidationError(
                {"baseline_value": _("”Minska” och ”öka” mäts mot ingångsvärdet, som saknas.")}
            )
        if self.partly_threshold is not None and self.target_value is not None:
            wrong_side = (
                self.partly_threshold < self.target_value
                if self.lower_is_better
                else self.partly_threshold > self.target_value
            )
            if wrong_side:
                raise ValidationError(
                    {
                        "partly_threshold": _(
                            "Gränsen för delvis uppnått ligger på fel sida om målet."
                        )
                    }
                )


class Attainment(models.TextChoices):
    """Goal attainment, the traffic light (grön / gul / röd / grå)."""

    ACHIEVED = "achieved", _("Uppnått")
    PARTLY = "partly", _("Delvis uppnått")
    NOT_ACHIEVED = "not_achieved", _("Ej uppnått")
    NOT_ASSESSED = "not_assessed", _("Ej bedömt")


class Forecast(models.TextChoices):
    """Expected attainment at year end, given mid-year (prognos)."""

    WILL_BE_REACHED = "will_be_reached", _("Målet kommer nås")
    # Between "will" and "will not": the three-step scale a goal follow-up uses
    # (uppnås / uppnås delvis / uppnås inte); the seeds' region uses "at risk" instead.
    PARTLY = "partly", _("Målet nås delvis")
    AT_RISK = "at_risk", _("Risk att målet ej nås")
    WILL_NOT_BE_REACHED = "will_not_be_reached", _("Målet kommer inte nås")


class MeasureOutcome(models.Model):
    """The outcome of a measure for a period (utfall), with comment and prognosis."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("styrmått")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="measure_outcomes", verbose_name=_("period")
    )
    value = models.DecimalField(_("utfall"), max_digits=18, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("utfall (text)"), blank=True, validators=[TextLimit(COMMENT_CHARS)])
    manual_attainment = models.CharField(
        _("manuell måluppfyllelse"), max_length=20, choices=Attainment.choices, blank=True
    )
    override_justification = models.TextField(
        _("motivering"), blank=True, validators=[TextLimit(COMMENT_CHARS)]
    )
    comment = models.TextField(
        _("kommentar/analys"), blank=True, validators=[TextLimit(COMMENT_CHARS)]
    )
    forecast = models.CharField(_("prognos"), max_length=30, choices=Forecast.choices, blank=True)
    # Optimistic locking for concurrent editing: a save names the version it read.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utfall för styrmått")
        verbose_name_plural = _("utfall för styrmått")
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="unique_outcome"),
            models.CheckConstraint(
                condition=Q(manual_attainment="") | ~Q(override_justification=""),
                name="override_needs_justification",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} – {self.period}"

    def clean(self) -> None:
        if self.manual_attainment and not self.override_justification.strip():
            raise ValidationError(
                {"override_justification": _("En manuell måluppfyllelse måste motiveras.")}
            )


class PerspectiveAssessment(models.Model):
    """A unit's overall assessment of a perspective for a period (samlad bedömning)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, verbose_name=_("enhet"))
    period = models.ForeignKey(Period, on_delete=models.PROTECT, verbose_name=_("period"))
    perspective = models.ForeignKey(
        Perspective, on_delete=models.CASCADE, verbose_name=_("perspektiv")
    )
    attainment = models.CharField(
        _("bedömning"), max_length=20, choices=Attainment.choices, default=Attainment.NOT_ASSESSED
    )
    text = models.TextField(_("motivering"), blank=True, validators=[TextLimit(COMMENT_CHARS)])
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bedömning av perspektiv")
        verbose_name_plural = _("bedömningar av perspektiv")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "perspective"], name="unique_perspective_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period} – {self.perspective}"
