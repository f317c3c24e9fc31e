"""Scorecard pages. Visibility is decided by the selectors' one rule; views hold no rules."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.contributions import collect
from scorecards import charts, checklist, selectors, services
from scorecards.entry import (
    EntryAccess,
    EntryRow,
    entry_access,
    replaced,
    row_renderer,
    save_row,
)
from scorecards.errors import DomainError, NotAllowed
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
    actions = allowed_actions(request.user, unit_period)
    may_enter = Action.ANALYSE in actions
    template = "scorecards/scorecard.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#measures"
        may_review = False
    else:
        # Godkänn / Skicka tillbaka where the manager reads the scorecard, with what
        # the controller left missing when marking it ready.
        may_review = Action.APPROVE in actions and unit_period.status == UnitPeriod.Status.SUBMITTED
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
            "may_review": may_review,
            "gaps": checklist.gaps(unit_period, _rows(card)) if may_review else [],
            "attainments": Attainment,
        },
    )


def _rows(card: selectors.Scorecard) -> list[selectors.MeasureRow]:
    return [row for block in card.perspectives for goal in block.goals for row in goal.rows]


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
            "chart": charts.measure_history(
                detail.measure,
                detail.points,
                # Others' values contributed by the apps (Kolada's peer group).
                tuple(
                    band
                    for layer in collect("MEASURE_CHART_LAYERS")
                    for band in layer(
                        detail.measure, detail.points, unit_period.unit.organisation_id
                    )
                ),
            ),
        },
    )


@require_GET
def overview(request: HttpRequest, period: str) -> HttpResponse:
    """Units × perspectives for a period as a heat map, filtered and ordered from the
    query string; only units the user may see. htmx gets the tables alone."""
    shown = selectors.OverviewFilter.from_query(request.GET)
    template = "scorecards/overview.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#tables"
    return render(
        request,
        template,
        {
            "tables": selectors.overview(user=request.user, period_key=period, shown=shown),
            "period_key": period,
            "shown": shown,
            "statuses": UnitPeriod.Status.choices,
            "sorts": selectors.OverviewSort.choices,
            "not_achieved": selectors.Show.NOT_ACHIEVED,
            "attainments": Attainment.choices,
        },
    )


MeasureEntry = EntryRow[OutcomeForm, selectors.MeasureRow]


def _outcome_form(
    measure: Measure, outcome: MeasureOutcome | None, data: QueryDict | None = None
) -> OutcomeForm:
    return OutcomeForm(
        data, initial=OutcomeForm.initial_for(outcome), measure=measure, prefix_id=f"m{measure.pk}"
    )


def _measure_entry(row: selectors.MeasureRow) -> MeasureEntry:
    return EntryRow(f"m{row.measure.pk}", row, _outcome_form(row.measure, row.outcome))


def _entry_page(
    request: HttpRequest, access: EntryAccess, shown: MeasureEntry | None = None, status: int = 200
) -> HttpResponse:
    """The entry page: every measure of the period with its inputs, plus the workflow;
    ``shown`` is a row with what went wrong (no JavaScript)."""
    card = selectors.scorecard(unit_period=access.unit_period)
    blocks = [
        (
            block,
            [replaced([_measure_entry(r) for r in g.rows], shown) for g in block.goals],
        )
        for block in card.perspectives
    ]
    steps = _steps(access)
    return render(
        request,
        "scorecards/entry.html",
        {
            "up": access.unit_period,
            "access": access,
            "blocks": blocks,
            "steps": [(step, label) for step, label in steps if step in ("submit", "lock")],
            # The manager approves on the scorecard page, where the figures are read.
            "may_review": any(step in ("approve", "return") for step, _label in steps),
            "gaps": (
                checklist.gaps(access.unit_period, _rows(card))
                if any(step == "submit" for step, _label in steps)
                else []
            ),
            "allow_gaps": access.unit_period.unit.organisation.allow_submit_with_gaps,
        },
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """The entry page: every measure of the period with its inputs, plus the workflow."""
    return _entry_page(request, entry_access(request, unit, period))


def _steps(access: EntryAccess) -> list[tuple[str, str]]:
    """The workflow buttons this user may press now."""
    labels = {
        "submit": _("Klarmarkera"),
        "approve": _("Godkänn"),
        "return": _("Skicka tillbaka till controller"),
        "lock": _("Lås perioden"),
    }
    return [
        (step, labels[step])
        for step, (source, _target, action) in services.TRANSITIONS.items()
        if access.unit_period.status == source and access.may(action)
    ]


@require_http_methods(["GET", "POST"])
def entry_outcome(request: HttpRequest, unit: str, period: str, measure_id: int) -> HttpResponse:
    """Save one measure's row (scorecards.entry.save_row); GET re-renders it as stored."""
    access = entry_access(request, unit, period)
    up = access.unit_period
    measure = get_object_or_404(
        selectors.measures_followed_up(up.unit, up.period).select_related("goal__perspective"),
        pk=measure_id,
    )

    saved: MeasureOutcome | None = None

    def save(form: OutcomeForm) -> None:
        nonlocal saved
        saved = services.outcome_set(
            actor=request.user,
            unit_period=up,
            measure=measure,
            changes=form.changes(figures=access.figures),
            expected_version=form.cleaned_data["version"],
            via=services.Via.WEB,
        )

    def row() -> MeasureEntry:
        # After a save the outcome just written is used, not read again.
        stored = selectors.scorecard_row(unit_period=up, measure=measure, outcome=saved)
        return _measure_entry(stored)

    return save_row(
        request,
        row=row,
        form=lambda data: _outcome_form(measure, None, data),
        save=save,
        render_row=row_renderer(request, "scorecards/entry.html#measure-row", access),
        render_page=lambda shown, status: _entry_page(request, access, shown, status),
        page_url=reverse("scorecards:entry", args=[unit, period]),
        label=measure.name,
    )


STEP_DONE = {
    "submit": gettext_lazy("Perioden är klarmarkerad. Chefen kan nu godkänna den."),
    "approve": gettext_lazy("Perioden är godkänd."),
    "return": gettext_lazy("Perioden är skickad tillbaka till controller med din kommentar."),
    "lock": gettext_lazy("Perioden är låst."),
    "reopen": gettext_lazy("Perioden är öppnad igen."),
}


@require_POST
def period_status(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Workflow: Klarmarkera (with its checklist confirmed), Godkänn and Skicka tillbaka
    (with the manager's comment), Lås, Öppna igen (with a reason). Back to the page the
    form was on: the scorecard (``from=styrkort``) or the entry page."""
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
            services.unit_period_transition(
                actor=request.user,
                unit_period=unit_period,
                step=step,
                comment=request.POST.get("comment", ""),
                gaps_confirmed=request.POST.get("confirm") == "1",
            )
        else:
            return HttpResponseBadRequest(_("Okänt steg."))
    except NotAllowed:
        raise  # a missing right is the 403 page, not a message on the next page
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, STEP_DONE[step])
    to_scorecard = request.POST.get("from") == "styrkort" or step in ("lock", "reopen")
    return redirect(
        "scorecards:scorecard" if to_scorecard else "scorecards:entry", unit=unit, period=period
    )
