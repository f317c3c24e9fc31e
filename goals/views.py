"""The goals page of a unit period (/mal/<unit>/<period>/): goals with their indicators,
the value computed from counts, and each goal's comment and prognosis.

Same row pattern as the entry pages: an htmx POST returns the region it saved (200
saved, 409 conflict, 422 invalid or refused); without htmx a save redirects back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goals import selectors, services
from goals.forms import GoalFollowUpForm, IndicatorCountForm
from scorecards.models import Action, Measure, UnitGoal, UnitPeriod, allowed_actions
from scorecards.selectors import unit_period_for
from scorecards.services import EntryError, StaleVersion, Via
from scorecards.views import entry_access


@dataclass
class Access:
    unit_period: UnitPeriod
    figures: bool  # may enter counts (controller, admin)
    texts: bool  # may write comment and prognosis (controller, manager, admin)

    @property
    def writable(self) -> bool:
        return self.unit_period.status == UnitPeriod.Status.OPEN


@dataclass
class IndicatorItem:
    data: selectors.IndicatorData
    form: IndicatorCountForm
    conflict: StaleVersion | None = None
    error: str = ""
    saved: bool = False

    @property
    def anchor(self) -> str:
        return f"i{self.data.measure.pk}"


@dataclass
class FollowUpItem:
    data: selectors.GoalData
    form: GoalFollowUpForm
    conflict: StaleVersion | None = None
    error: str = ""
    saved: bool = False

    @property
    def anchor(self) -> str:
        return f"g{self.data.goal.pk}"


@dataclass
class GoalItem:
    follow_up: FollowUpItem
    indicators: list[IndicatorItem]

    @property
    def goal(self) -> UnitGoal:
        return self.follow_up.data.goal


def _access(request: HttpRequest, unit_period: UnitPeriod) -> Access:
    actions = allowed_actions(request.user, unit_period)
    figures = Action.EDIT in actions
    return Access(unit_period, figures, figures or Action.ANALYSE in actions)


def _follow_up_item(data: selectors.GoalData, post: object = None) -> FollowUpItem:
    form = GoalFollowUpForm(
        post,
        initial=GoalFollowUpForm.initial_for(data.goal.pk, data.follow_up),
        prefix_id=f"g{data.goal.pk}",
    )
    return FollowUpItem(data, form)


def _indicator_item(data: selectors.IndicatorData, post: object = None) -> IndicatorItem:
    form = IndicatorCountForm(
        post, initial=IndicatorCountForm.initial_for(data.count), prefix_id=f"i{data.measure.pk}"
    )
    return IndicatorItem(data, form)


def _goal_item(data: selectors.GoalData) -> GoalItem:
    return GoalItem(_follow_up_item(data), [_indicator_item(i) for i in data.indicators])


def _page(
    request: HttpRequest, access: Access, items: list[GoalItem], status: int = 200
) -> HttpResponse:
    return render(
        request,
        "goals/page.html",
        {"up": access.unit_period, "access": access, "goals": items},
        status=status,
    )


@require_GET
def page(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Every goal of the unit's year with its indicators and this period's follow-up.

    An htmx request with ``?mal=<goal id>`` gets that goal's follow-up region only
    (used by "Behåll deras värde" after a conflict).
    """
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    access = _access(request, unit_period)
    goal_id = request.GET.get("mal", "")
    if request.htmx and goal_id.isdigit():  # type: ignore[attr-defined]
        found = selectors.goals_for(unit_period=unit_period, only=int(goal_id))
        if not found:
            raise Http404
        return _render_follow_up(request, access, _follow_up_item(found[0]))
    items = [_goal_item(g) for g in selectors.goals_for(unit_period=unit_period)]
    return _page(request, access, items)


def _render_follow_up(
    request: HttpRequest, access: Access, item: FollowUpItem, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "goals/page.html#follow-up",
        {"up": access.unit_period, "access": access, "fu": item},
        status=status,
    )


def _render_indicator(
    request: HttpRequest, access: Access, item: IndicatorItem, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "goals/page.html#indicator-row",
        {"up": access.unit_period, "access": access, "ind": item},
        status=status,
    )


def _replaced(
    access: Access,
    goal_id: int,
    follow_up: FollowUpItem | None = None,
    indicator: IndicatorItem | None = None,
) -> list[GoalItem]:
    """The whole page with one region replaced by the failed one (no JavaScript)."""
    items = [_goal_item(g) for g in selectors.goals_for(unit_period=access.unit_period)]
    for item in items:
        if item.goal.pk == goal_id and follow_up is not None:
            item.follow_up = follow_up
        if indicator is not None:
            item.indicators = [
                indicator if i.data.measure.pk == indicator.data.measure.pk else i
                for i in item.indicators
            ]
    return items


@require_POST
def entry_follow_up(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Save one goal's comment and prognosis (the goal is named in the form)."""
    entry = entry_access(request, unit, period)
    access = Access(entry.unit_period, entry.figures, entry.texts)
    up = access.unit_period
    goal_id = request.POST.get("goal", "")
    if not goal_id.isdigit():
        raise Http404
    found = selectors.goals_for(unit_period=up, only=int(goal_id))
    if not found:
        raise Http404
    item = _follow_up_item(found[0], request.POST)
    status = 200
    if item.form.is_valid():
        try:
            services.goal_follow_up_set(
                actor=request.user,
                unit_period=up,
                goal=found[0].goal,
                changes=item.form.changes(),
                expected_version=item.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            item.conflict, status = conflict, 409
        except EntryError as error:
            item.error, status = error.message, 422
        else:
            (fresh,) = selectors.goals_for(unit_period=up, only=found[0].goal.pk)
            item = _follow_up_item(fresh)
            item.saved = True
    else:
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return _render_follow_up(request, access, item, status)
    if status == 200:
        messages.success(request, _("Sparat: %(name)s.") % {"name": found[0].goal.title})
        return redirect(f"{reverse('goals:page', args=[unit, period])}#{item.anchor}")
    return _page(request, access, _replaced(access, found[0].goal.pk, follow_up=item), status)


@require_http_methods(["GET", "POST"])
def entry_indicator(request: HttpRequest, unit: str, period: str, measure_id: int) -> HttpResponse:
    """Save an indicator's counts (htmx: the row). GET re-renders the row as stored."""
    entry = entry_access(request, unit, period)
    access = Access(entry.unit_period, entry.figures, entry.texts)
    up = access.unit_period
    measure = get_object_or_404(
        Measure.objects.filter(
            goal__unit=up.unit, goal__perspective__year=up.period.year_id
        ).select_related("goal__perspective"),
        pk=measure_id,
    )
    stored = selectors.indicator_for(unit_period=up, measure=measure)
    if request.method == "GET":
        return _render_indicator(request, access, _indicator_item(stored))
    item = _indicator_item(stored, request.POST)
    status = 200
    if item.form.is_valid():
        try:
            services.indicator_count_set(
                actor=request.user,
                unit_period=up,
                measure=measure,
                changes=item.form.changes(),
                expected_version=item.form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            item.conflict, status = conflict, 409
        except EntryError as error:
            item.error, status = error.message, 422
        else:
            item = _indicator_item(selectors.indicator_for(unit_period=up, measure=measure))
            item.saved = True
    else:
        status = 422
    if request.htmx:  # type: ignore[attr-defined]
        return _render_indicator(request, access, item, status)
    if status == 200:
        messages.success(request, _("Sparat: %(name)s.") % {"name": measure.name})
        return redirect(f"{reverse('goals:page', args=[unit, period])}#{item.anchor}")
    return _page(request, access, _replaced(access, measure.goal_id, indicator=item), status)
