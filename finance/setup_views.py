"""Inställningar → Kategorier: the year's cost categories (by kind) and investment types
(a two-level tree), on one page.

For the organisation's administrators (``organisation_for_admin``: another organisation
404, others 403). The cost categories are finance's; the investment types, their
writes, reads and form come from ``investments.setup_*`` (finance imports investments
here, never the other way). The editable region is the partial ``content``: an htmx
POST gets it back (200 saved; refused: the message next to the field, with the status
of the service's ``DomainError``, 422 for invalid input); a plain POST is redirected
back to the page, or gets the whole page with the errors when a form was refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.params import whole_number
from finance import setup_selectors, setup_services
from finance.models import CostCategory
from finance.setup_forms import CostCategoryForm
from investments import setup_selectors as investment_selectors
from investments import setup_services as investment_services
from investments.models import InvestmentCategory
from investments.setup_forms import InvestmentCategoryForm
from scorecards.errors import DomainError, error_status, form_refused
from scorecards.models import Organisation, Year
from scorecards.selectors import organisation_for_admin

Bound = CostCategoryForm | InvestmentCategoryForm | None


@dataclass
class CostRow:
    node: setup_selectors.CostCategoryNode
    form: CostCategoryForm


@dataclass
class CostBranch:
    label: str
    rows: list[CostRow]


@dataclass
class InvestmentRow:
    node: investment_selectors.InvestmentCategoryNode
    form: InvestmentCategoryForm
    children: list[InvestmentRow] = field(default_factory=list)


def _year(request: HttpRequest, organisation: str, year: int) -> tuple[Organisation, Year]:
    found = organisation_for_admin(user=request.user, slug=organisation)
    return found, get_object_or_404(Year, organisation=found, year=year)


def _pick(bound: Bound, key: str, make: Any) -> Any:
    return bound if bound is not None and bound.form_key == key else make()


def _context(organisation: Organisation, year: Year, bound: Bound) -> dict[str, Any]:
    cost_tree = [
        CostBranch(
            branch.label,
            [
                CostRow(
                    node,
                    _pick(
                        bound,
                        f"c{node.category.pk}",
                        lambda c=node.category: CostCategoryForm(
                            key=f"c{c.pk}", initial=CostCategoryForm.initial_for(c)
                        ),
                    ),
                )
                for node in branch.categories
            ],
        )
        for branch in setup_selectors.cost_category_tree(year=year)
    ]
    parents = investment_selectors.parent_choices(year=year)

    def investment_row(node: investment_selectors.InvestmentCategoryNode) -> InvestmentRow:
        c = node.category
        return InvestmentRow(
            node,
            _pick(
                bound,
                f"i{c.pk}",
                lambda: InvestmentCategoryForm(
                    key=f"i{c.pk}",
                    parents=[p for p in parents if p[0] != c.pk],
                    initial=InvestmentCategoryForm.initial_for(c),
                ),
            ),
            [investment_row(child) for child in node.children],
        )

    return {
        "organisation": organisation,
        "year": year,
        "cost_tree": cost_tree,
        "cost_count": sum(len(b.rows) for b in cost_tree),
        "new_cost": _pick(bound, "c-new", lambda: CostCategoryForm(key="c-new")),
        "investment_tree": [
            investment_row(n) for n in investment_selectors.investment_category_tree(year=year)
        ],
        "new_investment": _pick(
            bound, "i-new", lambda: InvestmentCategoryForm(key="i-new", parents=parents)
        ),
    }


def _render(
    request: HttpRequest,
    organisation: Organisation,
    year: Year,
    bound: Bound = None,
    *,
    message: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    template = "finance/category_setup.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#content"
    context = _context(organisation, year, bound) | {"message": message, "error": error}
    return render(request, template, context, status=status)


def _respond(
    request: HttpRequest,
    organisation: Organisation,
    year: Year,
    *,
    saved: str = "",
    bound: Bound = None,
    error: str = "",
    status: int = 422,
    anchor: str = "",
) -> HttpResponse:
    """Saved: the region (htmx) or back to the page. Refused: the form with its errors,
    or the page with ``error``, answered with ``status``."""
    failed = bool(error) or (bound is not None and bool(bound.errors))
    if not request.htmx:  # type: ignore[attr-defined]
        url = reverse("category_setup:page", args=[organisation.slug, year.year])
        if not failed:
            messages.success(request, saved)
            return redirect(f"{url}#{anchor}" if anchor else url)
        if bound is None:
            messages.error(request, error)
            return redirect(url)
    if failed:
        return _render(request, organisation, year, bound, error=error, status=status)
    return _render(request, organisation, year, message=saved)


def _posted(request: HttpRequest) -> int | None:
    """The posted id; none (blank) means a new row, anything but a whole number 404."""
    raw = request.POST.get("id", "")
    if raw == "":
        return None
    pk = whole_number(raw)
    if pk is None:
        raise Http404
    return pk


@require_GET
def page(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    return _render(request, found, obj)


# ----------------------------------------------------------------- cost categories


@require_POST
def cost_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Add a cost category (no id) or change one (id)."""
    found, obj = _year(request, organisation, year)
    pk = _posted(request)
    category = get_object_or_404(CostCategory, year=obj, pk=pk) if pk else None
    form = CostCategoryForm(request.POST, key=f"c{category.pk}" if category else "c-new")
    if not form.is_valid():
        return _respond(request, found, obj, bound=form)
    try:
        saved = setup_services.cost_category_save(
            actor=request.user,
            year=obj,
            category=category,
            data=setup_services.CostCategoryInput(**form.cleaned_data),
        )
    except DomainError as error:
        return _respond(request, found, obj, bound=form, status=form_refused(form, error))
    return _respond(
        request,
        found,
        obj,
        saved=_("Kostnadskategorin är sparad: %(name)s.") % {"name": saved.name},
        anchor=f"kostnad-{saved.pk}",
    )


@require_POST
def cost_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    category = get_object_or_404(CostCategory, year=obj, pk=_posted(request) or 0)
    try:
        setup_services.cost_category_delete(actor=request.user, category=category)
    except DomainError as error:
        return _respond(request, found, obj, error=error.message, status=error_status(error))
    return _respond(
        request,
        found,
        obj,
        saved=_("Kostnadskategorin är borttagen: %(name)s.") % {"name": category.name},
    )


# ----------------------------------------------------------------- investment types


@require_POST
def investment_save(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    """Add an investment type (no id) or change one (id)."""
    found, obj = _year(request, organisation, year)
    pk = _posted(request)
    category = get_object_or_404(InvestmentCategory, year=obj, pk=pk) if pk else None
    parents = investment_selectors.parent_choices(year=obj)
    form = InvestmentCategoryForm(
        request.POST,
        key=f"i{category.pk}" if category else "i-new",
        parents=[p for p in parents if category is None or p[0] != category.pk],
    )
    if not form.is_valid():
        return _respond(request, found, obj, bound=form)
    data = form.cleaned_data
    parent = data["parent"]
    try:
        saved = investment_services.investment_category_save(
            actor=request.user,
            year=obj,
            category=category,
            data=investment_services.InvestmentCategoryInput(
                name=data["name"],
                # A choice of the year's top level, so it is there.
                parent=InvestmentCategory.objects.get(pk=parent) if parent else None,
                slug=data["slug"],
                order=data["order"],
            ),
        )
    except DomainError as error:
        return _respond(request, found, obj, bound=form, status=form_refused(form, error))
    return _respond(
        request,
        found,
        obj,
        saved=_("Investeringstypen är sparad: %(name)s.") % {"name": saved.name},
        anchor=f"investering-{saved.pk}",
    )


@require_POST
def investment_delete(request: HttpRequest, organisation: str, year: int) -> HttpResponse:
    found, obj = _year(request, organisation, year)
    category = get_object_or_404(InvestmentCategory, year=obj, pk=_posted(request) or 0)
    try:
        investment_services.investment_category_delete(actor=request.user, category=category)
    except DomainError as error:
        return _respond(request, found, obj, error=error.message, status=error_status(error))
    return _respond(
        request,
        found,
        obj,
        saved=_("Investeringstypen är borttagen: %(name)s.") % {"name": category.name},
    )
