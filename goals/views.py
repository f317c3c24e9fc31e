"""The goals page of a unit period (/mal/<unit>/<period>/): goals with their indicators,
the value computed from counts, and each goal's comment and prognosis.

Rows are saved by the entry-row protocol (scorecards.entry.save_row): an htmx POST
returns the region it saved (200 saved, 409 conflict, 422 invalid or refused); without
htmx a save redirects back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.params import whole_number
from goals import selectors, services
from goals.forms import GoalFollowUpForm, IndicatorCountForm
from scorecards.entry import (
    EntryAccess,
    EntryRow,
    entry_access,
    replaced,
    row_renderer,
    save_row,
    save_with,
)
from scorecards.models import Measure, UnitGoal

IndicatorEntry = EntryRow[IndicatorCountForm, selectors.IndicatorData]
FollowUpEntry = EntryRow[GoalFollowUpForm, selectors.GoalData]


@dataclass
class GoalItem:
    follow_up: FollowUpEntry
    indicators: list[IndicatorEntry]

    @property
    def goal(self) -> UnitGoal:
        return self.follow_up.data.goal


def _follow_up_form(data: selectors.GoalData, post: QueryDict | None = None) -> GoalFollowUpForm:
    return GoalFollowUpForm(
        post,
        initial=GoalFollowUpForm.initial_for(data.goal.pk, data.follow_up),
        prefix_id=f"g{data.goal.pk}",
    )


def _follow_up_entry(data: selectors.GoalData) -> FollowUpEntry:
    return EntryRow(f"g{data.goal.pk}", data, _follow_up_form(data))


def _indicator_form(
    data: selectors.IndicatorData, post: QueryDict | None = None
) -> IndicatorCountForm:
    return IndicatorCountForm(
        post, initial=IndicatorCountForm.initial_for(data.count), prefix_id=f"i{data.measure.pk}"
    )


def _indicator_entry(data: selectors.IndicatorData) -> IndicatorEntry:
    return EntryRow(f"i{data.measure.pk}", data, _indicator_form(data))


def _goal_item(data: selectors.GoalData) -> GoalItem:
    return GoalItem(_follow_up_entry(data), [_indicator_entry(i) for i in data.indicators])


def _page(
    request: HttpRequest,
    access: EntryAccess,
    *,
    follow_up: FollowUpEntry | None = None,
    indicator: IndicatorEntry | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; ``follow_up`` or ``indicator`` is a region showing what went wrong (no JS)."""
    items = [_goal_item(g) for g in selectors.goals_for(unit_period=access.unit_period)]
    for item in items:
        (item.follow_up,) = replaced([item.follow_up], follow_up)
        item.indicators = replaced(item.indicators, indicator)
    return render(
        request,
        "goals/page.html",
        {"up": access.unit_period, "access": access, "goals": items},
        status=status,
    )


def _goal(access: EntryAccess, goal_id: str) -> selectors.GoalData:
    only = whole_number(goal_id)
    if only is None:
        raise Http404
    found = selectors.goals_for(unit_period=access.unit_period, only=only)
    if not found:
        raise Http404
    return found[0]


@require_GET
def page(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Every goal of the unit's year with its indicators and this period's follow-up.

    An htmx request with ``?mal=<goal id>`` gets that goal's follow-up region only
    (used by "Behåll deras värde" after a conflict).
    """
    access = entry_access(request, unit, period, need="view")
    goal_id = request.GET.get("mal", "")
    if request.htmx and whole_number(goal_id) is not None:  # type: ignore[attr-defined]
        render_row = row_renderer(request, "goals/page.html#follow-up", access, name="fu")
        return render_row(_follow_up_entry(_goal(access, goal_id)), 200)
    return _page(request, access)


@require_POST
def entry_follow_up(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Save one goal's comment and prognosis (the goal is named in the form)."""
    access = entry_access(request, unit, period)
    goal = _goal(access, request.POST.get("goal", ""))
    return save_row(
        request,
        row=lambda: _follow_up_entry(_goal(access, str(goal.goal.pk))),
        form=lambda data: _follow_up_form(goal, data),
        save=save_with(request, access, services.goal_follow_up_set, goal=goal.goal),
        render_row=row_renderer(request, "goals/page.html#follow-up", access, name="fu"),
        render_page=lambda shown, status: _page(request, access, follow_up=shown, status=status),
        page_url=reverse("goals:page", args=[unit, period]),
        label=goal.goal.title,
    )


@require_http_methods(["GET", "POST"])
def entry_indicator(request: HttpRequest, unit: str, period: str, measure_id: int) -> HttpResponse:
    """Save an indicator's counts (htmx: the row). GET re-renders the row as stored."""
    access = entry_access(request, unit, period)
    up = access.unit_period
    measure = get_object_or_404(
        Measure.objects.filter(
            goal__unit=up.unit, goal__perspective__year=up.period.year_id
        ).select_related("goal__perspective"),
        pk=measure_id,
    )
    stored = selectors.indicator_for(unit_period=up, measure=measure)
    return save_row(
        request,
        row=lambda: _indicator_entry(selectors.indicator_for(unit_period=up, measure=measure)),
        form=lambda data: _indicator_form(stored, data),
        save=save_with(request, access, services.indicator_count_set, measure=measure),
        render_row=row_renderer(request, "goals/page.html#indicator-row", access, name="ind"),
        render_page=lambda shown, status: _page(request, access, indicator=shown, status=status),
        page_url=reverse("goals:page", args=[unit, period]),
        label=measure.name,
    )
