"""The read API, version 1 (``/api/v1/``): django-ninja operations over the selectors
the pages use, each through the one visibility rule.

- Another unit's data answers 404 (no hint that it exists), a reader sees approved and
  locked periods only, exactly as on the pages (``unit_period_for``, ``for_user``).
- Lists are paginated (``?page=2&page_size=50``; at most 200 a page).
- Nothing writes: every operation is a GET.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET
from ninja import NinjaAPI
from ninja.pagination import PageNumberPagination, paginate

from api import schemas
from api.auth import AUTH
from assignments.models import Assignment, AssignmentNote, AssignmentStatus
from finance import selectors as finance_selectors
from investments import selectors as investment_selectors
from scorecards import selectors
from scorecards.models import Action, Attainment, Organisation, Unit, UnitPeriod, is_admin
from scorecards.rules import Trend

api = NinjaAPI(
    title="Styrkort API",
    version="1",
    # The document is read by developers of the organisation's BI tools: Swedish like
    # the portal, written once here (not through gettext: it is built at import).
    description=(
        "Läs-API för styrkort, ekonomi, investeringar och uppdrag. Logga in med en "
        "API-nyckel: `Authorization: Bearer <nyckel>` (skapas under API-nycklar i portalen "
        "eller med `manage.py api_token`). Samma behörigheter som i portalen: en annan "
        "enhets uppgifter svarar 404, en läsare ser godkända perioder."
    ),
    auth=AUTH,
    urls_namespace="api",
    # Declares the methods (an Allow header) like every other view of the portal.
    docs_decorator=require_GET,
)


class Pages(PageNumberPagination):
    """Page number pagination: 100 a page unless ``page_size`` asks for up to 200."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=100, max_page_size=200, **kwargs)


def _user(request: HttpRequest) -> AbstractBaseUser:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, AbstractBaseUser)
    return user


def _unit(request: HttpRequest, slug: str) -> Unit:
    return get_object_or_404(
        Unit.objects.for_user(_user(request), Action.VIEW).select_related("organisation"),
        slug=slug,
    )


def _unit_period(request: HttpRequest, unit: str, period: str) -> UnitPeriod:
    return selectors.unit_period_for(
        user=_user(request), unit_slug=unit, period_key=period, action=Action.VIEW
    )


def _period_out(up: UnitPeriod) -> schemas.PeriodOut:
    p = up.period
    return schemas.PeriodOut(
        key=p.key,
        label=str(p.label),
        kind=p.kind,
        year=p.year.year,
        end_month=p.end_month,
        status=up.status,
    )


@api.get(
    "/organisations/",
    response=list[schemas.OrganisationOut],
    url_name="organisations",
    summary="Organisationer",
)
@paginate(Pages)
def organisations(request: HttpRequest) -> QuerySet[Organisation]:
    """The organisations where the user sees at least one unit."""
    user = _user(request)
    found = Organisation.objects.order_by("name", "pk")
    if is_admin(user):
        return found
    visible = Unit.objects.for_user(user, Action.VIEW).values("organisation")
    return found.filter(pk__in=visible)


def _unit_out(unit: Unit) -> schemas.UnitOut:
    return schemas.UnitOut(
        slug=unit.slug,
        name=unit.name,
        kind=unit.kind,
        organisation=unit.organisation.slug,
        parent=unit.parent.slug if unit.parent else None,
        reports=unit.reports,
    )


@api.get("/units/", response=list[schemas.UnitOut], url_name="units", summary="Enheter")
@paginate(Pages)
def units(request: HttpRequest, organisation: str | None = None) -> QuerySet[Unit]:
    """The units the user may see, in tree order; ``?organisation=<slug>`` narrows."""
    found = (
        Unit.objects.for_user(_user(request), Action.VIEW)
        .select_related("organisation", "parent")
        .order_by("path", "pk")
    )
    if organisation:
        found = found.filter(organisation__slug=organisation)
    return found


@api.get("/units/{unit}/", response=schemas.UnitOut, url_name="unit", summary="Enhet")
def unit_detail(request: HttpRequest, unit: str) -> schemas.UnitOut:
    found = get_object_or_404(
        Unit.objects.for_user(_user(request), Action.VIEW).select_related("organisation", "parent"),
        slug=unit,
    )
    return _unit_out(found)


@api.get(
    "/units/{unit}/periods/",
    response=list[schemas.PeriodOut],
    url_name="periods",
    summary="Enhetens perioder",
)
@paginate(Pages)
def periods(request: HttpRequest, unit: str) -> list[schemas.PeriodOut]:
    """The unit's periods the user may see (a reader: the approved and locked ones)."""
    found = _unit(request, unit)
    unit_periods = (
        UnitPeriod.objects.for_user(_user(request), Action.VIEW)
        .filter(unit=found)
        .select_related("period__year")
        .order_by("period__year__year", "period__end_month")
    )
    return [_period_out(up) for up in unit_periods]


def _measure_out(row: selectors.MeasureRow) -> schemas.MeasureOut:
    m, o = row.measure, row.outcome
    return schemas.MeasureOut(
        key=m.key,
        name=m.name,
        unit_of_measurement=m.unit_of_measurement,
        decimals=m.decimals,
        baseline_value=m.baseline_value,
        baseline_text=m.baseline_text,
        target_direction=m.target_direction,
        target_value=m.target_value,
        target_text=m.target_text,
        outcome_value=o.value if o else None,
        outcome_text=o.text if o else "",
        attainment=row.attainment,
        attainment_label=str(Attainment(row.attainment).label),
        trend=row.trend,
        trend_label=str(Trend(row.trend).label) if row.trend else None,
        compared_with=str(row.comparison.label) if row.comparison and row.trend else None,
        forecast=o.forecast if o else "",
        comment=o.comment if o else "",
    )


@api.get(
    "/units/{unit}/periods/{period}/scorecard/",
    response=schemas.ScorecardOut,
    url_name="scorecard",
    summary="Styrkort",
)
def scorecard(request: HttpRequest, unit: str, period: str) -> schemas.ScorecardOut:
    """Perspective → goal → measure with outcome, attainment (the light) and trend."""
    up = _unit_period(request, unit, period)
    card = selectors.scorecard(unit_period=up)
    return schemas.ScorecardOut(
        unit=up.unit.slug,
        period=_period_out(up),
        previous_period=card.previous_period.key if card.previous_period else None,
        perspectives=[
            schemas.PerspectiveOut(
                slug=block.perspective.slug,
                name=block.perspective.name,
                assessment=block.assessment.attainment if block.assessment else None,
                assessment_text=block.assessment.text if block.assessment else "",
                goals=[
                    schemas.GoalOut(
                        title=goal.goal.title, measures=[_measure_out(r) for r in goal.rows]
                    )
                    for goal in block.goals
                ],
            )
            for block in card.perspectives
        ],
    )


@api.get(
    "/units/{unit}/periods/{period}/finance/",
    response=schemas.FinanceOut,
    url_name="finance",
    summary="Ekonomi",
)
def finance(request: HttpRequest, unit: str, period: str) -> schemas.FinanceOut:
    """The unit's finance figures per cost category in kr (costs negative)."""
    up = _unit_period(request, unit, period)
    categories = finance_selectors.category_figures(unit_period=up)
    return schemas.FinanceOut(
        unit=up.unit.slug,
        period=up.period.key,
        categories=[
            schemas.FinanceCategoryOut(
                slug=c.slug,
                name=c.name,
                kind=c.kind,
                line=c.line,
                outcome=c.amounts.outcome,
                period_budget=c.amounts.period_budget,
                annual_budget=c.amounts.annual_budget,
                annual_forecast=c.amounts.annual_forecast,
                deviation=c.amounts.deviation,
                outcome_previous_year=c.outcome_previous_year,
                comment=c.comment,
            )
            for c in categories
        ],
    )


@api.get(
    "/units/{unit}/periods/{period}/investments/",
    response=schemas.InvestmentsOut,
    url_name="investments",
    summary="Investeringar",
)
def investments(request: HttpRequest, unit: str, period: str) -> schemas.InvestmentsOut:
    """The investment table: each type, its sub-types and the total, rolled up, in kr."""
    up = _unit_period(request, unit, period)
    figures = investment_selectors.key_figures(unit_period=up)
    return schemas.InvestmentsOut(
        unit=up.unit.slug,
        period=up.period.key,
        rows=[
            schemas.InvestmentRowOut(
                category_id=r.category_id,
                name=r.name,
                level=r.level,
                frame=r.figures.frame,
                outcome_earlier_decisions=r.figures.earlier,
                outcome_current_decisions=r.figures.current,
                outcome_total=r.figures.total,
                forecast=r.figures.forecast,
            )
            for r in figures.rows
        ],
    )


@api.get(
    "/units/{unit}/periods/{period}/assignments/",
    response=list[schemas.AssignmentOut],
    url_name="assignments",
    summary="Uppdrag",
)
@paginate(Pages)
def assignments(request: HttpRequest, unit: str, period: str) -> list[schemas.AssignmentOut]:
    """The assignments of the period's year with their status as of the period: the
    latest nuläge up to the period among the periods the user may see."""
    up = _unit_period(request, unit, period)
    year = up.period.year
    visible = (
        UnitPeriod.objects.for_user(_user(request), Action.VIEW)
        .filter(unit=up.unit_id, period__year=year, period__end_month__lte=up.period.end_month)
        .values("period")
    )
    latest: dict[int, AssignmentNote] = {}
    for found in (
        AssignmentNote.objects.filter(
            assignment__unit=up.unit_id, assignment__year=year, period__in=visible
        )
        .select_related("period__year")
        .order_by("period__end_month", "pk")
    ):
        latest[found.assignment_id] = found
    out = []
    for a in Assignment.objects.filter(unit=up.unit_id, year=year).order_by("order", "pk"):
        note = latest.get(a.pk)
        status = AssignmentStatus(note.status if note else AssignmentStatus.NOT_STARTED)
        out.append(
            schemas.AssignmentOut(
                slug=a.slug,
                title=a.title,
                due_date=a.due_date.isoformat() if a.due_date else None,
                status=status.value,
                status_label=str(status.label),
                status_period=note.period.key if note else None,
                note=note.text if note else "",
            )
        )
    return out
