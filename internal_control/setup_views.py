"""Inställningar → Internkontroll: a unit's plan for the year, its risks and activities.

For the organisation's administrators (``organisation_for_admin``: another organisation
404, others 403). Each POST saves one row and redirects back to it; a refused or invalid
form is shown again with the message next to its field (422 or the service's status).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.params import slug, whole_number
from internal_control import services
from internal_control.forms import ActivityForm, PlanForm, RiskForm
from internal_control.models import ControlActivity, ControlPlan, Risk
from scorecards.errors import DomainError, form_refused
from scorecards.models import Organisation, Unit, Year
from scorecards.selectors import organisation_for_admin

Bound = forms.ModelForm | None  # type: ignore[type-arg]


@dataclass(frozen=True)
class RiskItem:
    risk: Risk
    form: RiskForm
    activities: list[tuple[ControlActivity, ActivityForm]]
    new_activity: ActivityForm


def _year(request: HttpRequest, organisation: str, year: int) -> tuple[Organisation, Year]:
    found = organisation_for_admin(user=request.user, slug=organisation)
    return found, get_object_or_404(Year, organisation=found, year=year)


def _unit(organisation: Organisation, pk_or_slug: str) -> Unit:
    units = Unit.objects.filter(organisation=organisation)
    # whole_number, not str.isdigit: "²" is a digit to Python but no number to int().
    pk = whole_number(pk_or_slug)
    if pk is not None:
        return get_object_or_404(units, pk=pk)
    return get_object_or_404(units, slug=slug(pk_or_slug) or "")


def _pick(bound: Bound, key: str, make: Any) -> Any:
    return bound if bound is not None and bound.form_key == key else make()  # type: ignore[attr-defined]


def _page(
    request: HttpRequest,
    organisation: Organisation,
    year: Year,
    unit: Unit | None,
    bound: Bound = None,
    status: int = 200,
) -> HttpResponse:
    units = list(Unit.objects.filter(organisation=organisation, reports=True).order_by("path"))
    unit = unit or (units[0] if units else None)
    plan = (
        ControlPlan.objects.filter(unit=unit, year=year)
        .prefetch_related("risks__activities")
        .first()
        if unit
        else None
    )
    risks = []
    for risk in plan.risks.all() if plan else []:
        activities = [
            (a, _pick(bound, f"a{a.pk}", lambda a=a: ActivityForm(instance=a, key=f"a{a.pk}")))
            for a in risk.activities.all()
        ]
        risks.append(
            RiskItem(
                risk,
                _pick(
                    bound,
                    f"r{risk.pk}",
                    lambda risk=risk: RiskForm(instance=risk, key=f"r{risk.pk}"),
                ),
                activities,
                _pick(
                    bound,
                    f"a-new-{risk.pk}",
                    lambda risk=risk: ActivityForm(key=f"a-new-{risk.pk}"),
                ),
            )
        )
    return render(
        request,
        "internal_control/setup.html",
        {
            "organisation": organisation,
            "year": year,
            "units": units,
            "unit": unit,
            "plan": plan,
            "plan_form": _pick(bound, "plan", lambda: PlanForm(instance=plan, key="plan")),
            "risks": risks,
            "new_risk": _pick(bound, "r-new", lambda: RiskForm(key="r-new")),
        },
        status=status,
    )


def _back(organisation: Organisation, year: Year, unit: Unit, anchor: str = "") -> HttpResponse:
    url = reverse("control_setup:page", args=[organisation.slug, year.year])
    return redirect(f"{url}?enhet={unit.slug}{'#' + anchor if anchor else ''}")


@require_GET
def page(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    chosen = request.GET.get("enhet", "")
    return _page(request, found, obj, _unit(found, chosen) if chosen else None)


@require_POST
def plan_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    unit = _unit(found, request.POST.get("unit", ""))
    form = PlanForm(request.POST, key="plan")
    if not form.is_valid():
        return _page(request, found, obj, unit, form, status=422)
    try:
        services.plan_save(
            actor=request.user,
            unit=unit,
            year=obj,
            **{k: v for k, v in form.cleaned_data.items() if k != "id"},
        )
    except DomainError as error:
        return _page(request, found, obj, unit, form, status=form_refused(form, error))
    messages.success(request, _("Planen är sparad."))
    return _back(found, obj, unit, "plan")


def _plan_of(found: Organisation, year: Year, request: HttpRequest) -> ControlPlan:
    return get_object_or_404(
        ControlPlan.objects.select_related("unit"),
        unit__organisation=found,
        year=year,
        pk=whole_number(request.POST.get("plan", "")) or 0,
    )


@require_POST
def risk_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    plan = _plan_of(found, obj, request)
    pk = whole_number(request.POST.get("id", ""))
    risk = get_object_or_404(plan.risks.all(), pk=pk) if pk else None
    form = RiskForm(request.POST, key=f"r{risk.pk}" if risk else "r-new")
    if not form.is_valid():
        return _page(request, found, obj, plan.unit, form, status=422)
    try:
        saved = services.risk_save(
            actor=request.user,
            plan=plan,
            risk=risk,
            values={k: v for k, v in form.cleaned_data.items() if k != "id"},
        )
    except DomainError as error:
        return _page(request, found, obj, plan.unit, form, status=form_refused(form, error))
    messages.success(request, _("Risken är sparad."))
    return _back(found, obj, plan.unit, f"risk-{saved.pk}")


@require_POST
def risk_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    plan = _plan_of(found, obj, request)
    risk = get_object_or_404(plan.risks.all(), pk=whole_number(request.POST.get("id", "")) or 0)
    try:
        services.risk_delete(actor=request.user, risk=risk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Risken är borttagen."))
    return _back(found, obj, plan.unit)


@require_POST
def activity_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    plan = _plan_of(found, obj, request)
    risk = get_object_or_404(plan.risks.all(), pk=whole_number(request.POST.get("risk", "")) or 0)
    pk = whole_number(request.POST.get("id", ""))
    activity = get_object_or_404(risk.activities.all(), pk=pk) if pk else None
    form = ActivityForm(request.POST, key=f"a{activity.pk}" if activity else f"a-new-{risk.pk}")
    if not form.is_valid():
        return _page(request, found, obj, plan.unit, form, status=422)
    try:
        services.activity_save(
            actor=request.user,
            risk=risk,
            activity=activity,
            values={k: v for k, v in form.cleaned_data.items() if k != "id"},
        )
    except DomainError as error:
        return _page(request, found, obj, plan.unit, form, status=form_refused(form, error))
    messages.success(request, _("Kontrollaktiviteten är sparad."))
    return _back(found, obj, plan.unit, f"risk-{risk.pk}")


@require_POST
def activity_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    plan = _plan_of(found, obj, request)
    activity = get_object_or_404(
        ControlActivity.objects.select_related("risk__plan"),
        risk__plan=plan,
        pk=whole_number(request.POST.get("id", "")) or 0,
    )
    try:
        services.activity_delete(actor=request.user, activity=activity)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Kontrollaktiviteten är borttagen."))
    return _back(found, obj, plan.unit, f"risk-{activity.risk_id}")
