"""The goals page of a unit period (/mal/<unit>/<period>/): goals with their indicators,
the value computed from counts, each goal's comment and prognosis, and the occasions
(Tillfällen) that the goal's indicators computed from occasions are counted from.

Rows are saved by the entry-row protocol (scorecards.entry.save_row): an htmx POST
returns the region it saved (200 saved, 409 conflict, 422 invalid or refused); without
htmx a save redirects back. A goal's occasions are one region: adding, changing or
removing one answers with the region (the list and the figures computed from it), or
without htmx redirects back, the whole page coming back when it was refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.params import whole_number
from goals import report, selectors, services
from goals.forms import GoalFollowUpForm, IndicatorCountForm, OccasionForm
from goals.models import Occasion
from scorecards.entry import (
    EntryAccess,
    EntryRow,
    entry_access,
    replaced,
    row_renderer,
    save_row,
    save_with,
)
from scorecards.errors import DomainError, StaleVersion, error_status
from scorecards.models import Measure, UnitGoal

IndicatorEntry = EntryRow[IndicatorCountForm, selectors.IndicatorData]
FollowUpEntry = EntryRow[GoalFollowUpForm, selectors.GoalData]


@dataclass(frozen=True)
class ComputedIndicator:
    """An indicator computed from the goal's occasions, with its figure as written."""

    data: selectors.IndicatorData
    figure: str


@dataclass
class OccasionRow:
    occasion: Occasion
    form: OccasionForm


@dataclass
class OccasionRegion:
    """A goal's occasions up to the period's end, the figures computed from them, a form
    per occasion and one to add; ``error`` and ``saved`` tell how the last change went."""

    goal: UnitGoal
    indicators: list[ComputedIndicator]
    rows: list[OccasionRow]
    new: OccasionForm
    error: str = ""
    saved: str = ""
    attendance: bool = field(default=False)

    @property
    def anchor(self) -> str:
        return f"tillfallen-{self.goal.pk}"


@dataclass
class GoalItem:
    follow_up: FollowUpEntry
    indicators: list[IndicatorEntry]
    occasions: OccasionRegion | None = None

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


def _attendance(data: selectors.GoalData) -> bool:
    attendance = Measure.ValueSource.OCCASION_ATTENDANCE
    return any(i.measure.value_source == attendance for i in data.occasion_indicators)


def _occasion_form(
    access: EntryAccess,
    data: selectors.GoalData,
    occasion: Occasion | None,
    post: QueryDict | None = None,
) -> OccasionForm:
    default_title = data.occasions[-1].title if data.occasions else ""
    return OccasionForm(
        post,
        initial=OccasionForm.initial_for(occasion, default_title),
        prefix_id=f"t{occasion.pk}" if occasion is not None else f"t-ny-{data.goal.pk}",
        period=access.unit_period.period,
        attendance=_attendance(data),
    )


def _occasion_region(
    access: EntryAccess,
    data: selectors.GoalData,
    *,
    posted: OccasionForm | None = None,
    posted_id: int | None = None,
    error: str = "",
    saved: str = "",
) -> OccasionRegion:
    """The region as stored, with ``posted`` (the form that was refused) in its place."""
    part_year = access.unit_period.period.end_month < 12
    rows = [
        OccasionRow(
            o,
            posted if posted is not None and posted_id == o.pk else _occasion_form(access, data, o),
        )
        for o in data.occasions or []
    ]
    return OccasionRegion(
        goal=data.goal,
        indicators=[
            ComputedIndicator(i, report.outcome_text(i, part_year=part_year))
            for i in data.occasion_indicators
        ],
        rows=rows,
        new=posted
        if posted is not None and posted_id is None
        else _occasion_form(access, data, None),
        error=error,
        saved=saved,
        attendance=_attendance(data),
    )


def _goal_item(access: EntryAccess, data: selectors.GoalData) -> GoalItem:
    return GoalItem(
        _follow_up_entry(data),
        [_indicator_entry(i) for i in data.typed_indicators],
        _occasion_region(access, data) if data.occasions is not None else None,
    )


def _page(
    request: HttpRequest,
    access: EntryAccess,
    *,
    follow_up: FollowUpEntry | None = None,
    indicator: IndicatorEntry | None = None,
    occasions: OccasionRegion | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; ``follow_up``, ``indicator`` or ``occasions`` is a region showing what
    went wrong (no JS)."""
    items = [
        _goal_item(access, g)
        for g in selectors.goals_for(
            unit_period=access.unit_period, with_outcomes=True, with_occasions=True
        )
    ]
    for item in items:
        (item.follow_up,) = replaced([item.follow_up], follow_up)
        item.indicators = replaced(item.indicators, indicator)
        if occasions is not None and item.goal.pk == occasions.goal.pk:
            item.occasions = occasions
    return render(
        request,
        "goals/page.html",
        {"up": access.unit_period, "access": access, "goals": items},
        status=status,
    )


def _goal(access: EntryAccess, goal_id: str, *, full: bool = False) -> selectors.GoalData:
    only = whole_number(goal_id)
    if only is None:
        raise Http404
    found = selectors.goals_for(
        unit_period=access.unit_period, only=only, with_outcomes=full, with_occasions=full
    )
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


# ------------------------------------------------------------------------- occasions


def _occasion_answer(
    request: HttpRequest,
    access: EntryAccess,
    goal_id: int,
    *,
    posted: OccasionForm | None = None,
    posted_id: int | None = None,
    error: str = "",
    saved: str = "",
    status: int = 200,
) -> HttpResponse:
    """The region read again (htmx), or back to it / the whole page (no JS)."""
    data = _goal(access, str(goal_id), full=True)
    region = _occasion_region(
        access, data, posted=posted, posted_id=posted_id, error=error, saved=saved
    )
    if request.htmx:  # type: ignore[attr-defined]
        context = {"up": access.unit_period, "access": access, "occ": region}
        return render(request, "goals/page.html#occasions", context, status=status)
    if status == 200:
        messages.success(request, saved)
        up = access.unit_period
        page_url = reverse("goals:page", args=[up.unit.slug, up.period.key])
        return redirect(f"{page_url}#{region.anchor}")
    return _page(request, access, occasions=region, status=status)


def _occasion_target(
    request: HttpRequest, unit: str, period: str, goal_id: int, occasion_id: int | None
) -> tuple[EntryAccess, selectors.GoalData, Occasion | None]:
    """The unit period (404 unseen, 403 without the right to enter figures), the goal
    with occasions (404 otherwise) and the occasion listed on this page (404 otherwise)."""
    access = entry_access(request, unit, period, need="figures")
    data = _goal(access, str(goal_id), full=True)
    if data.occasions is None:
        raise Http404
    occasion = None
    if occasion_id is not None:
        occasion = next((o for o in data.occasions if o.pk == occasion_id), None)
        if occasion is None:
            raise Http404
    return access, data, occasion


def _occasion_save(
    request: HttpRequest, unit: str, period: str, goal_id: int, occasion_id: int | None
) -> HttpResponse:
    access, data, occasion = _occasion_target(request, unit, period, goal_id, occasion_id)
    form = _occasion_form(access, data, occasion, request.POST)
    if not form.is_valid():
        return _occasion_answer(
            request, access, goal_id, posted=form, posted_id=occasion_id, status=422
        )
    try:
        saved = services.occasion_save(
            actor=request.user,
            unit_period=access.unit_period,
            goal=data.goal,
            occasion=occasion,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        return _occasion_refused(request, access, goal_id, form, occasion_id, error)
    return _occasion_answer(
        request,
        access,
        goal_id,
        saved=_("Sparat: %(title)s %(date)s.")
        % {"title": saved.title, "date": saved.date.isoformat()},
    )


def _occasion_refused(
    request: HttpRequest,
    access: EntryAccess,
    goal_id: int,
    form: OccasionForm,
    occasion_id: int | None,
    error: DomainError,
) -> HttpResponse:
    """A refused change: beside its field when it names one; a stale one shows what is
    stored now, any other keeps the input (no lost work)."""
    status = error_status(error)
    if isinstance(error, StaleVersion):
        return _occasion_answer(request, access, goal_id, error=error.message, status=status)
    if error.field in form.fields:
        form.add_error(error.field, error.message)
        return _occasion_answer(
            request, access, goal_id, posted=form, posted_id=occasion_id, status=status
        )
    return _occasion_answer(
        request,
        access,
        goal_id,
        posted=form,
        posted_id=occasion_id,
        error=error.message,
        status=status,
    )


@require_POST
def occasion_add(request: HttpRequest, unit: str, period: str, goal_id: int) -> HttpResponse:
    """Add an occasion to the goal; its indicators are recomputed."""
    return _occasion_save(request, unit, period, goal_id, None)


@require_POST
def occasion_edit(
    request: HttpRequest, unit: str, period: str, goal_id: int, occasion_id: int
) -> HttpResponse:
    """Change an occasion (date, title, attendance); its indicators are recomputed."""
    return _occasion_save(request, unit, period, goal_id, occasion_id)


@require_POST
def occasion_delete(
    request: HttpRequest, unit: str, period: str, goal_id: int, occasion_id: int
) -> HttpResponse:
    """Remove an occasion (the version posted with it guards a stale removal)."""
    access, data, occasion = _occasion_target(request, unit, period, goal_id, occasion_id)
    assert occasion is not None
    try:
        services.occasion_delete(
            actor=request.user,
            unit_period=access.unit_period,
            goal=data.goal,
            occasion=occasion,
            expected_version=whole_number(request.POST.get("version", "")),
        )
    except DomainError as error:
        form = _occasion_form(access, data, occasion, request.POST)
        form.is_valid()
        return _occasion_refused(request, access, goal_id, form, occasion_id, error)
    return _occasion_answer(
        request,
        access,
        goal_id,
        saved=_("Borttaget: %(title)s %(date)s.")
        % {"title": occasion.title, "date": occasion.date.isoformat()},
    )
