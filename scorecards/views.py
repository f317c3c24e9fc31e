"""Scorecard pages. Visibility is decided by the selectors' one rule; views hold no rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scorecards import charts, selectors, services
from scorecards.forms import OutcomeForm
from scorecards.models import (
    Action,
    Attainment,
    Measure,
    MeasureOutcome,
    UnitPeriod,
    allowed_actions,
)


def _show(request: HttpRequest) -> selectors.Show:
    try:
        return selectors.Show(request.GET.get("visa", selectors.Show.ALL))
    except ValueError:
        return selectors.Show.ALL


@require_GET
def scorecard(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """The unit's scorecard for a period: perspective summary, then goal → measure rows.

    An htmx request for a filter gets only the measures region (a partial of the page).
    """
    unit_period = selectors.unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    card = selectors.scorecard(unit_period=unit_period)
    show = _show(request)
    may_enter = (
        UnitPeriod.objects.filter(pk=unit_period.pk).for_user(request.user, Action.ANALYSE).exists()
    )
    template = "scorecards/scorecard.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#measures"
    return render(
        request,
        template,
        {
            "scorecard": card,
            "up": unit_period,
            "blocks": selectors.filter_rows(card, show),
            "show": show,
            "Show": selectors.Show,
            "may_enter": may_enter,
            "attainments": Attainment,
        },
    )


@require_GET
def measure(request: HttpRequest, unit: str, period: str, key: str) -> HttpResponse:
    """A measure's history across periods and years, its chart and its comment history."""
    unit_period = selectors.unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    detail = selectors.measure_detail(user=request.user, unit_period=unit_period, key=key)
    return render(
        request,
        "scorecards/measure.html",
        {
            "up": unit_period,
            "detail": detail,
            "chart": charts.measure_history(detail.measure, detail.points),
        },
    )


@require_GET
def overview(request: HttpRequest, period: str) -> HttpResponse:
    """Units × perspectives for a period, with light counts; only units the user may see."""
    return render(
        request,
        "scorecards/overview.html",
        {"tables": selectors.overview(user=request.user, period_key=period), "period_key": period},
    )


@dataclass
class EntryAccess:
    unit_period: UnitPeriod
    figures: bool  # may enter figures (controller, admin)
    texts: bool  # may write comments and analysis (controller, manager, admin)

    @property
    def writable(self) -> bool:
        return self.unit_period.status == UnitPeriod.Status.OPEN


def entry_access(request: HttpRequest, unit: str, period: str) -> EntryAccess:
    """404 for a period the user can't see; 403 when they may see but not write it."""
    unit_period = selectors.unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    actions = allowed_actions(request.user, unit_period)
    figures = Action.EDIT in actions
    texts = figures or Action.ANALYSE in actions
    if not texts:
        raise PermissionDenied(_("Du kan läsa men inte registrera för den här enheten."))
    return EntryAccess(unit_period, figures, texts)


@dataclass
class EntryRow:
    row: selectors.MeasureRow
    form: OutcomeForm
    conflict: services.StaleVersion | None = None
    error: str = ""
    saved: bool = False


def _outcome_form(
    measure: Measure, outcome: MeasureOutcome | None, data: Any = None
) -> OutcomeForm:
    return OutcomeForm(
        data, initial=OutcomeForm.initial_for(outcome), measure=measure, prefix_id=f"m{measure.pk}"
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """The entry page: every measure of the period with its inputs, plus the workflow."""
    access = entry_access(request, unit, period)
    card = selectors.scorecard(unit_period=access.unit_period)
    blocks = [
        (
            block,
            [
                [EntryRow(r, _outcome_form(r.measure, r.outcome)) for r in g.rows]
                for g in block.goals
            ],
        )
        for block in card.perspectives
    ]
    return render(
        request,
        "scorecards/entry.html",
        {
            "up": access.unit_period,
            "access": access,
            "blocks": blocks,
            "steps": _steps(request, access),
        },
    )


def _steps(request: HttpRequest, access: EntryAccess) -> list[tuple[str, str]]:
    """The workflow buttons this user may press now."""
    up = access.unit_period
    labels = {
        "submit": _("Klarmarkera"),
        "approve": _("Godkänn"),
        "return": _("Skicka tillbaka till controller"),
        "lock": _("Lås perioden"),
    }
    allowed = []
    for step, (source, _target, action) in services.TRANSITIONS.items():
        if (
            up.status == source
            and UnitPeriod.objects.filter(pk=up.pk).for_user(request.user, action).exists()
        ):
            allowed.append((step, labels[step]))
    return allowed


def _render_row(
    request: HttpRequest, access: EntryAccess, entry_row: EntryRow, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "scorecards/entry.html#measure-row",
        {"up": access.unit_period, "access": access, "item": entry_row},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def entry_outcome(request: HttpRequest, unit: str, period: str, measure_id: int) -> HttpResponse:
    """Save one measure's row (htmx: re-render the row; plain form: back to the page).

    GET re-renders the row as stored (used by "keep their value" after a conflict).
    """
    access = entry_access(request, unit, period)
    up = access.unit_period
    measure = get_object_or_404(
        selectors.measures_followed_up(up.unit, up.period).select_related("goal__perspective"),
        pk=measure_id,
    )
    if request.method == "GET":
        row = selectors.scorecard_row(unit_period=up, measure=measure)
        return _render_row(request, access, EntryRow(row, _outcome_form(measure, row.outcome)))

    form = _outcome_form(measure, None, request.POST)
    status = 200
    if form.is_valid():
        try:
            saved = services.outcome_set(
                actor=request.user,
                unit_period=up,
                measure=measure,
                changes=form.changes(figures=access.figures),
                expected_version=form.cleaned_data["version"],
                via=services.Via.WEB,
            )
        except services.StaleVersion as conflict:
            entry_row = _failed_row(up, measure, form, conflict=conflict)
            status = 409
        except services.EntryError as error:
            entry_row = _failed_row(up, measure, form, error=error.message)
            status = 422
        else:
            row = selectors.scorecard_row(unit_period=up, measure=measure, outcome=saved)
            entry_row = EntryRow(row, _outcome_form(measure, row.outcome), saved=True)
    else:
        entry_row = _failed_row(up, measure, form)
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return _render_row(request, access, entry_row, status)
    if status == 200:
        messages.success(request, _("Sparat: %(name)s.") % {"name": measure.name})
        return redirect(f"{reverse('scorecards:entry', args=[unit, period])}#m{measure.pk}")
    # Without JavaScript the whole page comes back, this row with its errors.
    card = selectors.scorecard(unit_period=up)
    blocks = [
        (
            block,
            [
                [
                    entry_row
                    if r.measure.pk == measure.pk
                    else EntryRow(r, _outcome_form(r.measure, r.outcome))
                    for r in g.rows
                ]
                for g in block.goals
            ],
        )
        for block in card.perspectives
    ]
    return render(
        request,
        "scorecards/entry.html",
        {"up": up, "access": access, "blocks": blocks, "steps": _steps(request, access)},
        status=status,
    )


def _failed_row(
    up: UnitPeriod,
    measure: Measure,
    form: OutcomeForm,
    *,
    conflict: services.StaleVersion | None = None,
    error: str = "",
) -> EntryRow:
    """The row as stored, with the user's input and what went wrong."""
    return EntryRow(selectors.scorecard_row(unit_period=up, measure=measure), form, conflict, error)


@require_POST
def period_status(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Workflow: Klarmarkera, Godkänn, Skicka tillbaka, Lås, Öppna igen (with a reason)."""
    unit_period = selectors.unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    step = request.POST.get("step", "")
    try:
        if step == "reopen":
            services.unit_period_reopen(
                actor=request.user, unit_period=unit_period, reason=request.POST.get("reason", "")
            )
        elif step in services.TRANSITIONS:
            services.unit_period_transition(actor=request.user, unit_period=unit_period, step=step)
        else:
            return HttpResponseBadRequest(_("Okänt steg."))
    except services.EntryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Periodens status är ändrad."))
    return redirect(
        "scorecards:entry" if step not in ("lock", "reopen") else "scorecards:scorecard",
        unit=unit,
        period=period,
    )
