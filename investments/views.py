"""The investment pages. Visibility is the selectors' one rule; views hold no rules."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field, replace

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from investments import charts, rules, selectors, services
from investments.forms import InvestmentOutcomeForm
from investments.models import InvestmentCategory, InvestmentOutcome
from scorecards.entry import EntryAccess, EntryRow, entry_access, save_row, save_with
from scorecards.models import Action
from scorecards.selectors import unit_period_for


@require_GET
def key_figures(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Investeringar: frame and outcome per investment type, rolled up, with comments."""
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    data = selectors.key_figures(unit_period=unit_period)
    organisation = unit_period.unit.organisation
    amounts, terms = organisation.amounts, organisation.terms
    return render(
        request,
        "investments/key_figures.html",
        {
            "up": unit_period,
            "data": data,
            "table": charts.investment_table(data, amounts, terms),
            "charts": charts.charts(data, amounts, terms),
        },
    )


# --- entry ------------------------------------------------------------------------------

# The amounts of a row, as InvestmentOutcome fields and as investments.rules.Figures names.
AMOUNTS = (
    ("outcome_earlier_decisions", "earlier"),
    ("outcome_current_decisions", "current"),
    ("forecast", "forecast"),
)


@dataclass
class TypeLine:
    """An investment type's line of the table: rolled-up figures, roll-up locks, own row."""

    line: rules.Row
    locks: dict[str, str] = field(default_factory=dict)  # amount → why it is computed here
    own: InvestmentOutcome | None = None
    fields: tuple[str, ...] = ()  # what this user may type now (_editable)

    @property
    def editable(self) -> bool:
        """Whether the row has anything this user may type (and so a Spara button)."""
        return "comment" in self.fields or any(
            name in self.fields and name not in self.locks for name, _figure in AMOUNTS
        )


TypeEntry = EntryRow[InvestmentOutcomeForm, TypeLine]


def _editable(access: EntryAccess) -> tuple[str, ...]:
    """Figures are the controller's, the comment also the manager's; nothing when closed."""
    if not access.writable:
        return ()
    if access.figures:
        return (*services.AMOUNT_FIELDS, "comment")
    return ("comment",)


def _form(
    access: EntryAccess,
    category_id: int,
    own: InvestmentOutcome | None,
    data: QueryDict | None = None,
) -> InvestmentOutcomeForm:
    up = access.unit_period
    instance = copy(own) if own else None
    if instance is None:
        instance = InvestmentOutcome(
            unit_id=up.unit_id, period_id=up.period_id, category_id=category_id, version=0
        )
    return InvestmentOutcomeForm(
        data, instance=instance, row_id=f"ic{category_id}", editable=_editable(access)
    )


def _rows(
    access: EntryAccess, *, shown: TypeEntry | None = None
) -> tuple[list[TypeEntry], rules.Row]:
    """The rolled-up table with a form per type, and the total: four queries.

    ``shown`` is the row just posted (saved, refused or in conflict) shown in its place.
    """
    up = access.unit_period
    table = selectors.key_figures(unit_period=up)
    *lines, total = table.rows
    outcomes = {
        o.category_id: o
        for o in InvestmentOutcome.objects.filter(unit=up.unit_id, period=up.period_id)
    }
    parents = {
        child.category_id: top.category_id
        for top in table.rows
        if top.level == 0
        for child in top.children
    }
    tree = [
        (line.category_id, parents.get(line.category_id), line.name)
        for line in table.rows
        if line.category_id is not None
    ]
    locks = services.amount_locks(categories=tree, outcomes=outcomes)
    editable = _editable(access)
    rows = []
    for line in lines:
        cat_id = line.category_id
        assert cat_id is not None
        data = TypeLine(line, locks.get(cat_id, {}), outcomes.get(cat_id), editable)
        if shown is not None and shown.anchor == f"ic{cat_id}":
            rows.append(replace(shown, data=data))
        else:
            own = outcomes.get(cat_id)
            rows.append(EntryRow(f"ic{cat_id}", data, _form(access, cat_id, own)))
    return rows, total


def _render(
    request: HttpRequest, access: EntryAccess, shown: TypeEntry | None = None, status: int = 200
) -> HttpResponse:
    """The page, or for htmx the table alone (parents and Totalt change with every save)."""
    template = "investments/entry.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#investment-table"
    rows, total = _rows(access, shown=shown)
    return render(
        request,
        template,
        {
            "up": access.unit_period,
            "access": access,
            "rows": rows,
            "total": total,
            "deciding_body": access.unit_period.unit.organisation.terms.deciding_body,
        },
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Registrera investeringar: the roll-up table with inputs where typing is allowed."""
    return _render(request, entry_access(request, unit, period))


@require_http_methods(["GET", "POST"])
def entry_category(request: HttpRequest, unit: str, period: str, category_id: int) -> HttpResponse:
    """Save one type's row; htmx gets the whole table back, re-rolled-up.

    GET re-renders the table as stored (used by "keep their value" after a conflict).
    """
    access = entry_access(request, unit, period)
    up = access.unit_period
    category = get_object_or_404(InvestmentCategory, pk=category_id, year=up.period.year_id)

    def own() -> InvestmentOutcome | None:
        return InvestmentOutcome.objects.filter(
            unit=up.unit_id, period=up.period_id, category=category
        ).first()

    def row() -> TypeEntry:
        """The type's row as stored; the table it is shown in fills in the roll-up."""
        line = rules.Row(category.pk, category.name, 0, rules.Figures())
        return EntryRow(f"ic{category.pk}", TypeLine(line), _form(access, category.pk, own()))

    def render_table(shown: TypeEntry, status: int) -> HttpResponse:
        return _render(request, access, shown, status)

    return save_row(
        request,
        row=row,
        form=lambda data: _form(access, category.pk, own(), data),
        save=save_with(request, access, services.investment_outcome_set, category=category),
        their=lambda current: InvestmentOutcomeForm(
            instance=current, row_id=f"ic{category.pk}-their", editable=()
        ),
        render_row=render_table,
        render_page=render_table,
        page_url=reverse("investments:entry", args=[unit, period]),
        label=category.name,
    )
