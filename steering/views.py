"""Set-up pages (Inställningar): organisations, their units and roles, and the steering
model of a year.

Who may do what is decided by ``steering.rules`` and the services: administrators set
up everything; a manager (chef) sets the goals and measures of their own units and
reads the rest. Another organisation answers 404, a page of one's own organisation
that one may not change answers 403.

Each page is one template whose editable region is the partial ``content``: an htmx
POST gets that region back (200 saved; refused: the message next to the field, with
the status of the service's ``DomainError``, 422 for invalid input); a plain POST is
redirected back to the page, or gets the whole page with the errors when something was
refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from annual_cycle.services import site_url
from common.numbers import AmountFormat
from common.params import whole_number
from scorecards import frozen
from scorecards.errors import DomainError, error_status, form_refused
from scorecards.models import (
    Action,
    Measure,
    Organisation,
    Perspective,
    StrategicGoal,
    SuccessFactor,
    Unit,
    UnitGoal,
    UnitMembership,
    UnitPeriod,
    Year,
)
from scorecards.selectors import (
    organisation_allows,
    organisation_for,
    organisation_for_admin,
    unit_choices,
)
from scorecards.terms import OrganisationKind
from steering import rules, selectors, services
from steering.forms import (
    CustomPeriodForm,
    InviteForm,
    KeyedForm,
    MeasureForm,
    MembershipForm,
    OrganisationForm,
    PerspectiveForm,
    StrategicGoalForm,
    SuccessFactorForm,
    UnitForm,
    UnitGoalForm,
    WordsForm,
    YearForm,
)

# ---------------------------------------------------------------------------- access


def _organisation(request: HttpRequest, slug: str) -> tuple[Organisation, bool]:
    """The organisation and whether the user is an administrator.

    404 when the user sees no unit of it; 403 when they see it but manage none of it.
    """
    organisation = organisation_for(user=request.user, slug=slug, action=Action.VIEW)
    if organisation_allows(user=request.user, organisation=organisation, action=Action.ADMIN):
        return organisation, True
    if not organisation_allows(user=request.user, organisation=organisation, action=Action.APPROVE):
        raise PermissionDenied(_("Inställningarna görs av chefer och administratörer."))
    return organisation, False


def _admin_organisation(request: HttpRequest, slug: str) -> Organisation:
    return organisation_for_admin(user=request.user, slug=slug)


def _year(organisation: Organisation, year: int) -> Year:
    return get_object_or_404(Year, organisation=organisation, year=year)


def _managed_units(request: HttpRequest, organisation: Organisation) -> Any:
    return rules.goal_units(request.user).filter(organisation=organisation)


def _posted_id(request: HttpRequest, name: str = "id") -> int | None:
    return whole_number(request.POST.get(name, ""))


def _found(queryset: Any, pk: int | None) -> Any:
    """The row named by a posted id within what the user may reach; else 404."""
    if pk is None:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def _rollover_url(organisation: Organisation) -> str:
    return reverse("rollover:plan", args=[organisation.slug])


# --------------------------------------------------------------------------- index


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Organisations the user may set up; administrators also create new ones."""
    return _index_page(request)


def _index_page(
    request: HttpRequest, form: OrganisationForm | None = None, status: int = 200
) -> HttpResponse:
    if not rules.may_open_set_up(request.user):
        raise PermissionDenied(_("Inställningarna görs av chefer och administratörer."))
    admin = rules.is_admin(request.user)
    template = "steering/index.html"
    if form is not None and request.htmx:  # type: ignore[attr-defined]
        template += "#new-organisation"
    return render(
        request,
        template,
        {
            "organisations": selectors.organisations_to_set_up(user=request.user),
            "admin": admin,
            "form": form or (OrganisationForm(key="org") if admin else None),
        },
        status=status,
    )


@require_POST
def organisation_create(request: HttpRequest) -> HttpResponse:
    """ "Ny organisation": the organisation and its top unit; then its own page."""
    if not rules.is_admin(request.user):
        raise PermissionDenied(_("Bara en administratör kan skapa organisationer."))
    form = OrganisationForm(request.POST, key="org")
    if form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                kind=form.cleaned_data["kind"] or OrganisationKind.REGION,
            )
        except DomainError as error:
            return _index_page(request, form, status=form_refused(form, error))
        else:
            url = reverse("steering:organisation", args=[organisation.slug])
            messages.success(
                request, _("Organisationen %(name)s är skapad.") % {"name": organisation}
            )
            if request.htmx:  # type: ignore[attr-defined]
                return HttpResponseClientRedirect(url)
            return redirect(url)
    return _index_page(request, form, status=422)


# ---------------------------------------------------------------------- organisation


@dataclass
class UnitItem:
    unit: Unit
    form: UnitForm | None


@dataclass
class OrganisationPage:
    organisation: Organisation
    admin: bool
    units: list[UnitItem]
    memberships: list[UnitMembership]
    years: list[Year]
    unit_form: UnitForm | None
    membership_form: MembershipForm | None
    year_form: YearForm | None
    rollover_url: str
    message: str = ""
    error: str = ""


def _organisation_page(
    organisation: Organisation, admin: bool, bound: KeyedForm | None = None, user: Any = None
) -> OrganisationPage:
    # A manager reads only the units they administer (and their roles), not the whole tree.
    contents = selectors.organisation_contents(
        organisation=organisation, user=None if admin else user
    )
    choices = unit_choices(contents.units, indent=True)

    def pick(key: str, make: Any) -> Any:
        return bound if bound is not None and bound.form_key == key else make()

    units = [
        UnitItem(
            unit,
            pick(
                f"u{unit.pk}",
                lambda unit=unit: UnitForm(
                    key=f"u{unit.pk}",
                    units=[c for c in choices if c[0] != unit.pk],
                    initial={
                        "id": unit.pk,
                        "name": unit.name,
                        "slug": unit.slug,
                        "kind": unit.kind,
                        "reports": "ja" if unit.reports else "nej",
                        "parent": unit.parent_id,
                    },
                ),
            )
            if admin
            else None,
        )
        for unit in contents.units
    ]
    top = contents.units[0].pk if contents.units else None
    return OrganisationPage(
        organisation=organisation,
        admin=admin,
        units=units,
        memberships=contents.memberships,
        years=contents.years,
        unit_form=pick(
            "u-new", lambda: UnitForm(key="u-new", units=choices, initial={"parent": top})
        )
        if admin
        else None,
        membership_form=pick("r-new", lambda: MembershipForm(key="r-new", units=choices))
        if admin and choices
        else None,
        # Only the first year is made here; a refused one shows its form with the reason.
        year_form=pick("y-new", lambda: YearForm(key="y-new"))
        if admin and (not contents.years or (bound is not None and bound.form_key == "y-new"))
        else None,
        rollover_url=_rollover_url(organisation),
    )


@require_GET
def organisation(request: HttpRequest, organisation: str) -> HttpResponse:
    """An organisation: unit tree, roles, years (administrators edit; managers read)."""
    found, admin = _organisation(request, organisation)
    page = _organisation_page(found, admin, user=request.user)
    return render(request, "steering/organisation.html", {"page": page})


def _organisation_response(
    request: HttpRequest,
    organisation: Organisation,
    *,
    saved: str = "",
    bound: KeyedForm | None = None,
    error: str = "",
    status: int = 422,
) -> HttpResponse:
    """Saved: back to the page with ``saved``. Refused (``error``, or ``bound`` with its
    errors): the page with them, answered with ``status``."""
    url = reverse("steering:organisation", args=[organisation.slug])
    failed = bool(error) or (bound is not None and bound.errors)
    if not request.htmx:  # type: ignore[attr-defined]
        if not failed:
            messages.success(request, saved)
            return redirect(url)
        if bound is None:
            messages.error(request, error)
            return redirect(url)
    page = _organisation_page(organisation, True, bound)
    page.message, page.error = ("", error) if failed else (saved, "")
    template = "steering/organisation.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#content"
    return render(request, template, {"page": page}, status=status if failed else 200)


@require_POST
def unit_save(request: HttpRequest, organisation: str) -> HttpResponse:
    """Add a unit (no id) or change one (id)."""
    found = _admin_organisation(request, organisation)
    pk = _posted_id(request)
    unit = _found(Unit.objects.filter(organisation=found), pk) if pk else None
    units = list(Unit.objects.filter(organisation=found).order_by("path"))
    form = UnitForm(
        request.POST,
        key=f"u{unit.pk}" if unit else "u-new",
        units=[c for c in unit_choices(units) if unit is None or c[0] != unit.pk],
    )
    if form.is_valid():
        data = form.cleaned_data
        parent = next((u for u in units if u.pk == data["parent"]), None)
        try:
            saved = services.unit_save(
                actor=request.user,
                organisation=found,
                unit=unit,
                name=data["name"],
                slug=data["slug"],
                kind=data["kind"],
                parent=parent,
                reports=data["reports"],
            )
        except DomainError as error:
            return _organisation_response(
                request, found, bound=form, status=form_refused(form, error)
            )
        else:
            return _organisation_response(
                request, found, saved=_("Sparat: %(name)s.") % {"name": saved.name}
            )
    return _organisation_response(request, found, bound=form)


@require_POST
def membership_save(request: HttpRequest, organisation: str) -> HttpResponse:
    """Give an existing user a role on a unit."""
    found = _admin_organisation(request, organisation)
    units = list(Unit.objects.filter(organisation=found).order_by("path"))
    form = MembershipForm(request.POST, key="r-new", units=unit_choices(units))
    if form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.pk == data["unit"])
        try:
            membership = services.membership_save(
                actor=request.user, unit=unit, username=data["username"], role=data["role"]
            )
        except DomainError as error:
            return _organisation_response(
                request, found, bound=form, status=form_refused(form, error)
            )
        else:
            return _organisation_response(
                request, found, saved=_("Behörigheten är sparad: %(m)s.") % {"m": membership}
            )
    return _organisation_response(request, found, bound=form)


@require_POST
def membership_delete(request: HttpRequest, organisation: str) -> HttpResponse:
    found = _admin_organisation(request, organisation)
    membership = _found(
        UnitMembership.objects.filter(unit__organisation=found).select_related("user", "unit"),
        _posted_id(request),
    )
    services.membership_delete(actor=request.user, membership=membership)
    return _organisation_response(
        request, found, saved=_("Behörigheten är borttagen: %(m)s.") % {"m": membership}
    )


@require_POST
def year_create(request: HttpRequest, organisation: str) -> HttpResponse:
    """The organisation's first verksamhetsår (later ones: "Nytt verksamhetsår")."""
    found = _admin_organisation(request, organisation)
    form = YearForm(request.POST, key="y-new")
    if form.is_valid():
        try:
            year = services.year_first_create(
                actor=request.user, organisation=found, year=form.cleaned_data["year"]
            )
        except DomainError as error:
            return _organisation_response(
                request, found, bound=form, status=form_refused(form, error)
            )
        else:
            return _organisation_response(
                request, found, saved=_("Verksamhetsåret %(year)s är skapat.") % {"year": year.year}
            )
    return _organisation_response(request, found, bound=form)


# ----------------------------------------------------------- words and amount unit


def _words_page(
    request: HttpRequest,
    organisation: Organisation,
    form: WordsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "steering/words.html",
        {
            "organisation": organisation,
            "form": form
            or WordsForm(
                key="words", kind=organisation.kind, initial=WordsForm.initial_for(organisation)
            ),
            "terms": organisation.terms,
            "amounts": organisation.amounts,
            "in_kr": AmountFormat("kr", 0),
        },
        status=status,
    )


@require_GET
def words(request: HttpRequest, organisation: str) -> HttpResponse:
    """Benämningar och belopp: the organisation's words and the unit of its amounts."""
    return _words_page(request, _admin_organisation(request, organisation))


@require_POST
def words_save(request: HttpRequest, organisation: str) -> HttpResponse:
    found = _admin_organisation(request, organisation)
    # The placeholders follow the kind as posted, so a refused form shows that kind's words.
    posted_kind = request.POST.get("kind", "")
    kind = posted_kind if posted_kind in OrganisationKind.values else found.kind
    form = WordsForm(request.POST, key="words", kind=kind)
    if not form.is_valid():
        return _words_page(request, found, form, status=422)
    try:
        services.organisation_words_save(
            actor=request.user, organisation=found, data=form.data_input()
        )
    except DomainError as error:
        return _words_page(request, found, form, status=form_refused(form, error))
    messages.success(request, _("Benämningarna och beloppsenheten är sparade."))
    return redirect("steering:words", found.slug)


# ----------------------------------------------------------------------------- users


def _users_page(
    request: HttpRequest,
    organisation: Organisation,
    form: InviteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    units = list(Unit.objects.filter(organisation=organisation).order_by("path"))
    choices = unit_choices(units)
    return render(
        request,
        "steering/users.html",
        {
            "organisation": organisation,
            "rows": selectors.organisation_users(organisation),
            "form": form or InviteForm(key="invite", units=choices),
        },
        status=status,
    )


@require_GET
def users(request: HttpRequest, organisation: str) -> HttpResponse:
    """Användare: who has which role in the organisation; invite, take roles, deactivate."""
    return _users_page(request, _admin_organisation(request, organisation))


@require_POST
def user_invite(request: HttpRequest, organisation: str) -> HttpResponse:
    found = _admin_organisation(request, organisation)
    units = list(Unit.objects.filter(organisation=found).order_by("path"))
    form = InviteForm(request.POST, key="invite", units=[(u.pk, u.name) for u in units])
    if not form.is_valid():
        return _users_page(request, found, form, status=422)
    data = form.cleaned_data
    try:
        invitation = services.user_invite(
            actor=request.user,  # type: ignore[arg-type]
            organisation=found,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            unit=next(u for u in units if u.pk == data["unit"]),
            role=data["role"],
            site_url=site_url(),
        )
    except DomainError as error:
        return _users_page(request, found, form, status=form_refused(form, error))
    if invitation.link:
        messages.success(
            request,
            _("%(email)s har fått rollen och en inbjudan med en länk för att välja lösenord.")
            % {"email": invitation.user.email},
        )
    else:
        messages.success(
            request,
            _("%(user)s har fått rollen (hade redan ett konto).")
            % {"user": invitation.user.get_username()},
        )
    return redirect("steering:users", found.slug)


@require_POST
def user_role_delete(request: HttpRequest, organisation: str) -> HttpResponse:
    """Take one role (a membership on a unit of this organisation)."""
    found = _admin_organisation(request, organisation)
    membership = _found(
        UnitMembership.objects.filter(unit__organisation=found).select_related("user", "unit"),
        _posted_id(request),
    )
    services.membership_delete(actor=request.user, membership=membership)
    messages.success(
        request,
        _("Rollen är borttagen: %(user)s, %(role)s, %(unit)s.")
        % {
            "user": membership.user.get_username(),
            "role": membership.get_role_display(),
            "unit": membership.unit.name,
        },
    )
    return redirect("steering:users", found.slug)


@require_POST
def user_deactivate(request: HttpRequest, organisation: str) -> HttpResponse:
    """Take every role of a user in this organisation; close the account if none is left."""
    found = _admin_organisation(request, organisation)
    # Only a user with a role here: anyone else answers 404, like another unit's data.
    user = get_object_or_404(
        get_user_model().objects.filter(unit_memberships__unit__organisation=found).distinct(),
        pk=_posted_id(request) or 0,
    )
    try:
        closed = services.user_deactivate(
            actor=request.user,  # type: ignore[arg-type]
            organisation=found,
            user=user,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("steering:users", found.slug)
    messages.success(
        request,
        (
            _("%(user)s har inga roller kvar och kontot är inaktiverat.")
            if closed
            else _("%(user)s har inga roller kvar i organisationen (kontot finns kvar).")
        )
        % {"user": user.get_username()},
    )
    return redirect("steering:users", found.slug)


# --------------------------------------------------------------------------- periods


def _periods_page(
    request: HttpRequest,
    organisation: Organisation,
    year: Year,
    form: CustomPeriodForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "steering/periods.html",
        {
            "organisation": organisation,
            "year": year,
            "rows": selectors.year_periods(year=year),
            "form": form or CustomPeriodForm(key="period"),
        },
        status=status,
    )


def _periods_redirect(found: Organisation, year: Year) -> HttpResponse:
    return redirect("steering:periods", found.slug, year.year)


@require_GET
def periods(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Perioder: T1, T2, helår and the organisation's own spans, and who reports in each."""
    found, obj = _admin_year(request, organisation, year)
    return _periods_page(request, found, obj)


@require_POST
def period_create(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _admin_year(request, organisation, year)
    form = CustomPeriodForm(request.POST, key="period")
    if not form.is_valid():
        return _periods_page(request, found, obj, form, status=422)
    try:
        period = services.period_custom_create(
            actor=request.user,  # type: ignore[arg-type]
            year=obj,
            end_month=form.cleaned_data["end_month"],
        )
    except DomainError as error:
        return _periods_page(request, found, obj, form, status=form_refused(form, error))
    messages.success(request, _("Perioden %(period)s är skapad.") % {"period": period.label})
    return _periods_redirect(found, obj)


def _refused_message(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, " ".join(str(t) for texts in error.errors.values() for t in texts))


@require_POST
def period_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _admin_year(request, organisation, year)
    period = _found(obj.periods.all(), _posted_id(request))
    try:
        services.period_delete(actor=request.user, period=period)  # type: ignore[arg-type]
    except DomainError as error:
        _refused_message(request, error)
    else:
        messages.success(request, _("Perioden %(period)s är borttagen.") % {"period": period.label})
    return _periods_redirect(found, obj)


@require_POST
def unit_period_add(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _admin_year(request, organisation, year)
    period = _found(obj.periods.all(), _posted_id(request))
    unit = _found(Unit.objects.filter(organisation=found), _posted_id(request, "unit"))
    try:
        services.unit_period_add(actor=request.user, period=period, unit=unit)  # type: ignore[arg-type]
    except DomainError as error:
        _refused_message(request, error)
    else:
        messages.success(
            request,
            _("%(unit)s rapporterar i %(period)s.") % {"unit": unit.name, "period": period.label},
        )
    return _periods_redirect(found, obj)


@require_POST
def unit_period_remove(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _admin_year(request, organisation, year)
    unit_period = _found(
        UnitPeriod.objects.filter(period__year=obj).select_related("unit", "period__year"),
        _posted_id(request),
    )
    try:
        services.unit_period_remove(actor=request.user, unit_period=unit_period)  # type: ignore[arg-type]
    except DomainError as error:
        _refused_message(request, error)
    else:
        messages.success(
            request,
            _("%(unit)s rapporterar inte längre i %(period)s.")
            % {"unit": unit_period.unit.name, "period": unit_period.period.label},
        )
    return _periods_redirect(found, obj)


# ------------------------------------------------------------------------- year page


@dataclass
class FactorItem:
    factor: SuccessFactor
    form: SuccessFactorForm | None


@dataclass
class StrategicGoalItem:
    goal: StrategicGoal
    form: StrategicGoalForm | None
    factors: list[FactorItem]
    factor_form: SuccessFactorForm | None


@dataclass
class PerspectiveItem:
    perspective: Perspective
    form: PerspectiveForm | None
    goals: list[StrategicGoalItem]
    goal_form: StrategicGoalForm | None
    first: bool
    last: bool


@dataclass
class MeasureItem:
    measure: Measure
    form: MeasureForm
    frozen: bool


@dataclass
class GoalItem:
    goal: UnitGoal
    form: UnitGoalForm
    measures: list[MeasureItem]
    measure_form: MeasureForm


@dataclass
class UnitSection:
    unit: Unit
    goals: list[GoalItem]
    goal_form: UnitGoalForm | None
    closed: frozen.ClosedPeriod | None


@dataclass
class YearPage:
    organisation: Organisation
    year: Year
    admin: bool
    perspectives: list[PerspectiveItem]
    perspective_form: PerspectiveForm | None
    units: list[Unit]
    section: UnitSection | None
    year_links: list[tuple[str, str]] = field(default_factory=list)
    message: str = ""
    error: str = ""


def _year_page(
    request: HttpRequest,
    organisation: Organisation,
    year: Year,
    admin: bool,
    *,
    unit_slug: str = "",
    bound: KeyedForm | None = None,
) -> YearPage:
    def pick(key: str, make: Any) -> Any:
        return bound if bound is not None and bound.form_key == key else make()

    model = selectors.steering_model(year=year)
    items = []
    for index, p in enumerate(model):
        goals = []
        for g in p.strategic_goals.all():
            factors = [
                FactorItem(
                    f,
                    pick(
                        f"sf{f.pk}",
                        lambda f=f, g=g: SuccessFactorForm(
                            key=f"sf{f.pk}", initial={"id": f.pk, "parent": g.pk, "title": f.title}
                        ),
                    )
                    if admin
                    else None,
                )
                for f in g.success_factors.all()
            ]
            goals.append(
                StrategicGoalItem(
                    g,
                    pick(
                        f"sg{g.pk}",
                        lambda g=g, p=p: StrategicGoalForm(
                            key=f"sg{g.pk}", initial={"id": g.pk, "parent": p.pk, "title": g.title}
                        ),
                    )
                    if admin
                    else None,
                    factors,
                    pick(
                        f"sf-new-{g.pk}",
                        lambda g=g: SuccessFactorForm(
                            key=f"sf-new-{g.pk}", initial={"parent": g.pk}
                        ),
                    )
                    if admin
                    else None,
                )
            )
        items.append(
            PerspectiveItem(
                p,
                pick(
                    f"p{p.pk}",
                    lambda p=p: PerspectiveForm(
                        key=f"p{p.pk}",
                        initial={"id": p.pk, "name": p.name, "description": p.description},
                    ),
                )
                if admin
                else None,
                goals,
                pick(
                    f"sg-new-{p.pk}",
                    lambda p=p: StrategicGoalForm(key=f"sg-new-{p.pk}", initial={"parent": p.pk}),
                )
                if admin
                else None,
                first=index == 0,
                last=index == len(model) - 1,
            )
        )
    units = selectors.units_to_set_up(user=request.user, organisation=organisation)
    unit = next((u for u in units if u.slug == unit_slug), None)
    if unit is None:
        # Default: the first unit that reports (a division), else the first one.
        unit = next((u for u in units if u.reports), units[0] if units else None)
    section = _unit_section(unit, year, model, pick) if unit is not None else None
    page = YearPage(
        organisation=organisation,
        year=year,
        admin=admin,
        perspectives=items,
        perspective_form=pick("p-new", lambda: PerspectiveForm(key="p-new")) if admin else None,
        units=units,
        section=section,
    )
    if admin:
        page.year_links = _year_links(organisation, year)
    return page


def _unit_section(unit: Unit, year: Year, model: list[Perspective], pick: Any) -> UnitSection:
    perspectives = [(p.pk, p.name) for p in model]
    factors = [
        (f.pk, f"{p.name} – {f.title}")
        for p in model
        for g in p.strategic_goals.all()
        for f in g.success_factors.all()
    ]

    def goal_form(key: str, **initial: Any) -> UnitGoalForm:
        return UnitGoalForm(
            key=key,
            perspectives=perspectives,
            success_factors=factors,
            initial={"parent": unit.pk, **initial},
        )

    closed = frozen.closed_periods(year_id=year.pk, unit_ids=[unit.pk]).get(unit.pk)
    goals = []
    for goal in selectors.unit_goals(unit=unit, year=year):
        measures = [
            MeasureItem(
                m,
                pick(
                    f"m{m.pk}",
                    lambda m=m: MeasureForm(key=f"m{m.pk}", initial=MeasureForm.initial_for(m)),
                ),
                frozen=closed is not None,
            )
            for m in goal.measures.all()
        ]
        goals.append(
            GoalItem(
                goal,
                pick(
                    f"g{goal.pk}",
                    lambda goal=goal: goal_form(
                        f"g{goal.pk}",
                        id=goal.pk,
                        title=goal.title,
                        perspective=goal.perspective_id,
                        success_factor=goal.success_factor_id,
                    ),
                ),
                measures,
                pick(
                    f"m-new-{goal.pk}",
                    lambda goal=goal: MeasureForm(
                        key=f"m-new-{goal.pk}", initial={"parent": goal.pk}
                    ),
                ),
            )
        )
    return UnitSection(
        unit=unit,
        goals=goals,
        goal_form=pick(f"g-new-{unit.pk}", lambda: goal_form(f"g-new-{unit.pk}"))
        if perspectives
        else None,
        closed=closed,
    )


def _year_links(found: Organisation, year: Year) -> list[tuple[str, str]]:
    """The parts of a year's set-up with pages of their own here."""
    # The organisation the view already holds: year.organisation would be one more query.
    organisation = found.slug
    return [
        (
            reverse("steering:periods", args=[organisation, year.year]),
            _("Perioder %(year)s och vilka enheter som rapporterar") % {"year": year.year},
        ),
        (
            reverse("assignment_setup:list", args=[organisation, year.year]),
            _("Uppdrag %(year)s (särskilda uppdrag och verksamhetsuppdrag)") % {"year": year.year},
        ),
        (
            reverse("control_setup:page", args=[organisation, year.year]),
            _("Internkontroll %(year)s (planer, risker och kontrollaktiviteter)")
            % {"year": year.year},
        ),
        (
            reverse("ledger_setup:page", args=[organisation, year.year]),
            _("Ekonomisystem %(year)s (konton, kostnadsställen och inläsning)")
            % {"year": year.year},
        ),
        (
            reverse("category_setup:page", args=[organisation, year.year]),
            _("Kategorier %(year)s (kostnadsslag och investeringstyper)") % {"year": year.year},
        ),
        (reverse("report_templates:list", args=[organisation]), _("Rapportmallar")),
    ]


@require_GET
def year(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """The steering model of a year; ``?enhet=<slug>`` picks the unit whose goals show."""
    found, admin = _organisation(request, organisation)
    page = _year_page(
        request, found, _year(found, year), admin, unit_slug=request.GET.get("enhet", "")
    )
    return render(request, "steering/year.html", {"page": page})


def _year_response(
    request: HttpRequest,
    organisation: Organisation,
    year: Year,
    admin: bool,
    *,
    unit: Unit | None = None,
    saved: str = "",
    bound: KeyedForm | None = None,
    error: str = "",
    status: int = 422,
    anchor: str = "",
) -> HttpResponse:
    """As ``_organisation_response``, for the year page (``unit``: whose goals show)."""
    url = reverse("steering:year", args=[organisation.slug, year.year])
    if unit is not None:
        url += f"?enhet={unit.slug}"
    failed = bool(error) or (bound is not None and bool(bound.errors))
    if not request.htmx:  # type: ignore[attr-defined]
        if not failed:
            messages.success(request, saved)
            return redirect(f"{url}#{anchor}" if anchor else url)
        if bound is None:
            messages.error(request, error)
            return redirect(f"{url}#{anchor}" if anchor else url)
    page = _year_page(
        request, organisation, year, admin, unit_slug=unit.slug if unit else "", bound=bound
    )
    page.message, page.error = ("", error) if failed else (saved, "")
    template = "steering/year.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#content"
    return render(request, template, {"page": page}, status=status if failed else 200)


def _admin_year(request: HttpRequest, organisation: str, year: int) -> tuple[Organisation, Year]:
    found = _admin_organisation(request, organisation)
    return found, _year(found, year)


def _delete_response(
    request: HttpRequest,
    organisation: Organisation,
    year: Year,
    admin: bool,
    *,
    delete: Callable[[], object],
    name: str,
    unit: Unit | None = None,
) -> HttpResponse:
    """Run a delete service; the year's content with "Borttaget" or the refusal."""
    try:
        delete()
    except DomainError as error:
        return _year_response(
            request,
            organisation,
            year,
            admin,
            unit=unit,
            error=error.message,
            status=error_status(error),
        )
    return _year_response(
        request,
        organisation,
        year,
        admin,
        unit=unit,
        saved=_("Borttaget: %(name)s.") % {"name": name},
    )


@require_POST
def perspective_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, y = _admin_year(request, organisation, year)
    pk = _posted_id(request)
    perspective = _found(Perspective.objects.filter(year=y), pk) if pk else None
    form = PerspectiveForm(request.POST, key=f"p{pk}" if perspective else "p-new")
    if form.is_valid():
        try:
            saved = services.perspective_save(
                actor=request.user,
                year=y,
                perspective=perspective,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except DomainError as error:
            return _year_response(
                request, found, y, True, bound=form, status=form_refused(form, error)
            )
        else:
            return _year_response(
                request,
                found,
                y,
                True,
                saved=_("Sparat: %(name)s.") % {"name": saved.name},
                anchor=f"p{saved.pk}",
            )
    return _year_response(request, found, y, True, bound=form)


@require_POST
def perspective_move(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, y = _admin_year(request, organisation, year)
    perspective = _found(Perspective.objects.filter(year=y), _posted_id(request))
    up = request.POST.get("riktning") == "upp"
    services.perspective_move(actor=request.user, perspective=perspective, up=up)
    return _year_response(
        request,
        found,
        y,
        True,
        saved=_("%(name)s flyttades.") % {"name": perspective.name},
        anchor=f"p{perspective.pk}",
    )


@require_POST
def perspective_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, y = _admin_year(request, organisation, year)
    perspective = _found(Perspective.objects.filter(year=y), _posted_id(request))
    return _delete_response(
        request,
        found,
        y,
        True,
        delete=lambda: services.perspective_delete(actor=request.user, perspective=perspective),
        name=perspective.name,
    )


@require_POST
def strategic_goal_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, y = _admin_year(request, organisation, year)
    pk = _posted_id(request)
    goal = _found(StrategicGoal.objects.filter(perspective__year=y), pk) if pk else None
    perspective = _found(Perspective.objects.filter(year=y), _posted_id(request, "parent"))
    form = StrategicGoalForm(request.POST, key=f"sg{pk}" if goal else f"sg-new-{perspective.pk}")
    if form.is_valid():
        try:
            saved = services.strategic_goal_save(
                actor=request.user,
                perspective=perspective,
                goal=goal,
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            return _year_response(
                request, found, y, True, bound=form, status=form_refused(form, error)
            )
        else:
            return _year_response(
                request,
                found,
                y,
                True,
                saved=_("Sparat: %(name)s.") % {"name": saved.title},
                anchor=f"sg{saved.pk}",
            )
    return _year_response(request, found, y, True, bound=form)


@require_POST
def strategic_goal_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, y = _admin_year(request, organisation, year)
    goal = _found(StrategicGoal.objects.filter(perspective__year=y), _posted_id(request))
    return _delete_response(
        request,
        found,
        y,
        True,
        delete=lambda: services.strategic_goal_delete(actor=request.user, goal=goal),
        name=goal.title,
    )


@require_POST
def success_factor_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, y = _admin_year(request, organisation, year)
    pk = _posted_id(request)
    factor = (
        _found(SuccessFactor.objects.filter(strategic_goal__perspective__year=y), pk)
        if pk
        else None
    )
    strategic_goal = _found(
        StrategicGoal.objects.filter(perspective__year=y), _posted_id(request, "parent")
    )
    form = SuccessFactorForm(
        request.POST, key=f"sf{pk}" if factor else f"sf-new-{strategic_goal.pk}"
    )
    if form.is_valid():
        try:
            saved = services.success_factor_save(
                actor=request.user,
                strategic_goal=strategic_goal,
                factor=factor,
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            return _year_response(
                request, found, y, True, bound=form, status=form_refused(form, error)
            )
        else:
            return _year_response(
                request,
                found,
                y,
                True,
                saved=_("Sparat: %(name)s.") % {"name": saved.title},
                anchor=f"sf{saved.pk}",
            )
    return _year_response(request, found, y, True, bound=form)


@require_POST
def success_factor_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, y = _admin_year(request, organisation, year)
    factor = _found(
        SuccessFactor.objects.filter(strategic_goal__perspective__year=y), _posted_id(request)
    )
    return _delete_response(
        request,
        found,
        y,
        True,
        delete=lambda: services.success_factor_delete(actor=request.user, factor=factor),
        name=factor.title,
    )


# --------------------------------------------------------- unit goals and measures


def _unit_year(
    request: HttpRequest, organisation: str, year: int
) -> tuple[Organisation, Year, bool, Any]:
    """Organisation, year, admin?, and the units whose goals the user may set."""
    found, admin = _organisation(request, organisation)
    return found, _year(found, year), admin, _managed_units(request, found)


@require_POST
def unit_goal_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Add a goal to a unit (no id) or change one (id)."""
    found, y, admin, units = _unit_year(request, organisation, year)
    pk = _posted_id(request)
    goal = (
        _found(
            UnitGoal.objects.filter(perspective__year=y, unit__in=units).select_related("unit"), pk
        )
        if pk
        else None
    )
    unit = goal.unit if goal else _found(units, _posted_id(request, "parent"))
    model = selectors.steering_model(year=y)
    form = UnitGoalForm(
        request.POST,
        key=f"g{pk}" if goal else f"g-new-{unit.pk}",
        perspectives=[(p.pk, p.name) for p in model],
        success_factors=[
            (f.pk, f.title)
            for p in model
            for g in p.strategic_goals.all()
            for f in g.success_factors.all()
        ],
    )
    if form.is_valid():
        data = form.cleaned_data
        perspective = next(p for p in model if p.pk == data["perspective"])
        factor = next(
            (
                f
                for p in model
                for g in p.strategic_goals.all()
                for f in g.success_factors.all()
                if f.pk == data["success_factor"]
            ),
            None,
        )
        try:
            saved = services.unit_goal_save(
                actor=request.user,
                unit=unit,
                goal=goal,
                perspective=perspective,
                success_factor=factor,
                title=data["title"],
            )
        except DomainError as error:
            return _year_response(
                request, found, y, admin, unit=unit, bound=form, status=form_refused(form, error)
            )
        else:
            return _year_response(
                request,
                found,
                y,
                admin,
                unit=unit,
                saved=_("Sparat: %(name)s.") % {"name": saved.title},
                anchor=f"g{saved.pk}",
            )
    return _year_response(request, found, y, admin, unit=unit, bound=form)


@require_POST
def unit_goal_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, y, admin, units = _unit_year(request, organisation, year)
    goal = _found(
        UnitGoal.objects.filter(perspective__year=y, unit__in=units).select_related("unit"),
        _posted_id(request),
    )
    return _delete_response(
        request,
        found,
        y,
        admin,
        delete=lambda: services.unit_goal_delete(actor=request.user, goal=goal),
        name=goal.title,
        unit=goal.unit,
    )


def _measures(y: Year, units: Any) -> Any:
    return Measure.objects.filter(goal__perspective__year=y, goal__unit__in=units).select_related(
        "goal__unit", "goal__perspective"
    )


@require_POST
def measure_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Add a measure to a unit goal (no id) or change one (id)."""
    found, y, admin, units = _unit_year(request, organisation, year)
    pk = _posted_id(request)
    measure = _found(_measures(y, units), pk) if pk else None
    goal = (
        measure.goal
        if measure
        else _found(
            UnitGoal.objects.filter(perspective__year=y, unit__in=units).select_related(
                "unit", "perspective"
            ),
            _posted_id(request, "parent"),
        )
    )
    form = MeasureForm(request.POST, key=f"m{pk}" if measure else f"m-new-{goal.pk}")
    if form.is_valid():
        try:
            saved = services.measure_save(
                actor=request.user, goal=goal, measure=measure, data=form.data_input()
            )
        except DomainError as error:
            return _year_response(
                request,
                found,
                y,
                admin,
                unit=goal.unit,
                bound=form,
                status=form_refused(form, error),
            )
        else:
            return _year_response(
                request,
                found,
                y,
                admin,
                unit=goal.unit,
                saved=_("Sparat: %(name)s.") % {"name": saved.name},
                anchor=f"m{saved.pk}",
            )
    return _year_response(request, found, y, admin, unit=goal.unit, bound=form)


@require_POST
def measure_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, y, admin, units = _unit_year(request, organisation, year)
    measure = _found(_measures(y, units), _posted_id(request))
    return _delete_response(
        request,
        found,
        y,
        admin,
        delete=lambda: services.measure_delete(actor=request.user, measure=measure),
        name=measure.name,
        unit=measure.goal.unit,
    )


@require_POST
def measure_target_confirm(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """ "Fastställ mål": the proposed (carried-over) target becomes the year's target."""
    found, y, admin, units = _unit_year(request, organisation, year)
    measure = _found(_measures(y, units), _posted_id(request))
    services.measure_target_confirm(actor=request.user, measure=measure)
    return _year_response(
        request,
        found,
        y,
        admin,
        unit=measure.goal.unit,
        saved=_("Målet är fastställt: %(name)s.") % {"name": measure.name},
        anchor=f"m{measure.pk}",
    )
