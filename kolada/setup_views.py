"""Inställningar → Kolada (``/installningar/<org>/kolada/``): the organisation's Kolada id
and peer group, and which measures follow which Kolada key figure — for the
organisation's administrators (``organisation_for_admin``: another organisation 404,
others 403). Plain forms: each POST saves and redirects back, a refused one is shown
again with the message at its field (422)."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from common.params import whole_number
from kolada import services
from kolada.models import KoladaProfile, KpiLink
from scorecards.errors import DomainError, form_refused
from scorecards.models import Measure, Organisation
from scorecards.selectors import organisation_for_admin


class ProfileForm(forms.Form):
    area_id = forms.CharField(
        label=gettext_lazy("Organisationens Kolada-id"),
        max_length=4,
        help_text=gettext_lazy("Fyra siffror, t.ex. 0025 för Region Norrbotten."),
    )
    peer_group_name = forms.CharField(label=gettext_lazy("Jämförelsegruppens namn"), max_length=200)
    peer_ids = forms.CharField(
        label=gettext_lazy("Jämförelsegruppens Kolada-id"),
        max_length=2000,
        help_text=gettext_lazy("Åtskilda med komma eller mellanslag, t.ex. 0024, 0023, 0022."),
    )


class LinkForm(forms.Form):
    measure_key = forms.ChoiceField(label=gettext_lazy("Styrmått"))
    kpi = forms.CharField(
        label=gettext_lazy("Nyckeltal i Kolada"),
        max_length=6,
        help_text=gettext_lazy("T.ex. N00090."),
    )
    kpi_title = forms.CharField(
        label=gettext_lazy("Nyckeltalets namn"), max_length=300, required=False
    )
    lower_is_better = forms.BooleanField(
        label=gettext_lazy("Lägre är bättre"), required=False, initial=True
    )

    def __init__(self, *args: object, measures: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["measure_key"].choices = measures  # type: ignore[attr-defined]


def _measure_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """The measures of the organisation's latest year, by key (a link holds every year)."""
    rows = (
        Measure.objects.filter(goal__unit__organisation=organisation)
        .order_by("key", "-goal__perspective__year__year")
        .values_list("key", "name", "goal__unit__name")
    )
    seen: dict[str, str] = {}
    for key, name, unit in rows:
        seen.setdefault(key, f"{name} ({unit})")
    return sorted(seen.items(), key=lambda item: item[1])


def _page(
    request: HttpRequest,
    organisation: Organisation,
    *,
    profile_form: ProfileForm | None = None,
    link_form: LinkForm | None = None,
    status: int = 200,
) -> HttpResponse:
    profile = KoladaProfile.objects.filter(organisation=organisation).first()
    measures = _measure_choices(organisation)
    initial = (
        {
            "area_id": profile.area_id,
            "peer_group_name": profile.peer_group_name,
            "peer_ids": ", ".join(profile.peer_ids),
        }
        if profile
        else {}
    )
    return render(
        request,
        "kolada/setup.html",
        {
            "organisation": organisation,
            "profile": profile,
            "profile_form": profile_form or ProfileForm(initial=initial, prefix="profile"),
            # (link, the measure's name): a key no measure has any more shows as the key.
            "links": [
                (link, dict(measures).get(link.measure_key, link.measure_key))
                for link in KpiLink.objects.filter(organisation=organisation).order_by(
                    "measure_key"
                )
            ],
            "link_form": link_form or LinkForm(measures=measures, prefix="link"),
        },
        status=status,
    )


@require_GET
def page(request: HttpRequest, organisation: str) -> HttpResponse:
    return _page(request, organisation_for_admin(user=request.user, slug=organisation))


@require_POST
def profile_save(request: HttpRequest, organisation: str) -> HttpResponse:
    found = organisation_for_admin(user=request.user, slug=organisation)
    form = ProfileForm(request.POST, prefix="profile")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_set(
                actor=request.user,
                organisation=found,
                area_id=data["area_id"],
                peer_group_name=data["peer_group_name"],
                peer_ids=[p for p in re.split(r"[\s,;]+", data["peer_ids"]) if p],
            )
        except DomainError as error:
            form_refused(form, error)
        else:
            messages.success(request, _("Kolada-inställningen är sparad."))
            return redirect("kolada_setup:page", organisation=found.slug)
    return _page(request, found, profile_form=form, status=422)


@require_POST
def link_save(request: HttpRequest, organisation: str) -> HttpResponse:
    found = organisation_for_admin(user=request.user, slug=organisation)
    form = LinkForm(request.POST, measures=_measure_choices(found), prefix="link")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.kpi_link_save(
                actor=request.user,
                organisation=found,
                measure_key=data["measure_key"],
                kpi=data["kpi"],
                kpi_title=data["kpi_title"],
                lower_is_better=data["lower_is_better"],
            )
        except DomainError as error:
            form_refused(form, error)
        else:
            messages.success(request, _("Nyckeltalet är kopplat till styrmåttet."))
            return redirect("kolada_setup:page", organisation=found.slug)
    return _page(request, found, link_form=form, status=422)


@require_POST
def link_delete(request: HttpRequest, organisation: str) -> HttpResponse:
    found = organisation_for_admin(user=request.user, slug=organisation)
    link = get_object_or_404(
        KpiLink, organisation=found, pk=whole_number(request.POST.get("id", "")) or 0
    )
    services.kpi_link_delete(actor=request.user, link=link)
    messages.success(request, _("Kopplingen är borttagen."))
    return redirect("kolada_setup:page", organisation=found.slug)
