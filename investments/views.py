"""The investment pages. Visibility is the selectors' one rule; views hold no rules."""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.contrib import messages
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from investments import charts, rules, selectors, services
from investments.forms import InvestmentOutcomeForm
from investments.models import InvestmentCategory, InvestmentOutcome
from scorecards.models import Action
from scorecards.selectors import unit_period_for
from scorecards.services import EntryError, StaleVersion, Via
from scorecards.views import EntryAccess, entry_access


@require_GET
def key_figures(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Investeringar: frame and outcome per investment type, rolled up, with comments."""
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    data = selectors.key_figures(unit_period=unit_period)
    return render(
        request,
        "investments/key_figures.html",
        {
            "up": unit_period,
            "data": data,
            "table": charts.investment_table(data),
            "charts": charts.charts(data),
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
class AmountCell:
    """An amount of a row: an input where typing is allowed, else the (rolled-up) value."""

    field: BoundField | None
    value: Decimal | None
    locked: str = ""  # the roll-up rule's reason, when the amount is computed here

    @property
    def editable(self) -> bool:
        return self.field is not None and not self.field.field.disabled and not self.locked


@dataclass
class InvestmentRow:
    """A line of the entry table: a type (parent or child) or the total."""

    line: rules.Row
    form: InvestmentOutcomeForm | None  # None for the total
    locks: dict[str, str] = field(default_factory=dict)
    own: InvestmentOutcome | None = None
    conflict: StaleVersion | None = None
    their: InvestmentOutcomeForm | None = None
    error: str = ""
    saved: bool = False

    @property
    def row_id(self) -> str:
        return f"ic{self.line.category_id}" if self.line.category_id else "investment-total"

    def _cell(self, name: str, figure: str) -> AmountCell:
        bound = self.form[name] if self.form is not None else None
        return AmountCell(bound, getattr(self.line.figures, figure), self.locks.get(name, ""))

    @property
    def earlier(self) -> AmountCell:
        return self._cell(*AMOUNTS[0])

    @property
    def current(self) -> AmountCell:
        return self._cell(*AMOUNTS[1])

    @property
    def forecast(self) -> AmountCell:
        return self._cell(*AMOUNTS[2])

    @property
    def editable(self) -> bool:
        """Whether the row has anything this user may type (and so a Spara button)."""
        if self.form is None:
            return False
        cells = (self.earlier, self.current, self.forecast)
        return any(c.editable for c in cells) or not self.form["comment"].field.disabled


def _editable(access: EntryAccess) -> tuple[str, ...]:
    """Figures are the controller's, the comment also the manager's; nothing when closed."""
    if not access.writable:
        return ()
    if access.figures:
        return (*services.AMOUNT_FIELDS, "comment")
    return ("comment",)


def _rows(access: EntryAccess, *, state: InvestmentRow | None = None) -> list[InvestmentRow]:
    """The rolled-up table with a form per type: four queries.

    ``state`` is the row just posted (bound form, error or conflict) shown in its place.
    """
    up = access.unit_period
    table = selectors.key_figures(unit_period=up)
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
    for line in table.rows:
        cat_id = line.category_id
        if cat_id is None:
            rows.append(InvestmentRow(line, None))
            continue
        if state is not None and state.line.category_id == cat_id:
            rows.append(
                replace(state, line=line, locks=locks.get(cat_id, {}), own=outcomes.get(cat_id))
            )
            continue
        own = outcomes.get(cat_id)
        instance = copy(own) if own else _new_outcome(access, cat_id)
        form = InvestmentOutcomeForm(instance=instance, row_id=f"ic{cat_id}", editable=editable)
        rows.append(InvestmentRow(line, form, locks.get(cat_id, {}), own))
    return rows


def _new_outcome(access: EntryAccess, category_id: int) -> InvestmentOutcome:
    up = access.unit_period
    return InvestmentOutcome(
        unit_id=up.unit_id, period_id=up.period_id, category_id=category_id, version=0
    )


def _render(
    request: HttpRequest, access: EntryAccess, rows: list[InvestmentRow], status: int = 200
) -> HttpResponse:
    """The page, or for htmx the table alone (parents and Totalt change with every save)."""
    template = "investments/entry.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#investment-table"
    return render(
        request,
        template,
        {"up": access.unit_period, "access": access, "rows": rows},
        status=status,
    )


@require_GET
def entry(request: HttpRequest, unit: str, period: str) -> HttpResponse:
    """Registrera investeringar: the roll-up table with inputs where typing is allowed."""
    access = entry_access(request, unit, period)
    return _render(request, access, _rows(access))


@require_http_methods(["GET", "POST"])
def entry_category(request: HttpRequest, unit: str, period: str, category_id: int) -> HttpResponse:
    """Save one type's row; htmx gets the whole table back, re-rolled-up.

    GET re-renders the table as stored (used by "keep their value" after a conflict).
    """
    access = entry_access(request, unit, period)
    up = access.unit_period
    category = get_object_or_404(InvestmentCategory, pk=category_id, year=up.period.year_id)
    if request.method == "GET":
        return _render(request, access, _rows(access))

    own = InvestmentOutcome.objects.filter(
        unit=up.unit_id, period=up.period_id, category=category
    ).first()
    form = InvestmentOutcomeForm(
        request.POST,
        instance=copy(own) if own else _new_outcome(access, category.pk),
        row_id=f"ic{category.pk}",
        editable=_editable(access),
    )
    state = InvestmentRow(rules.Row(category.pk, category.name, 0, rules.Figures()), form)
    status = 200
    if form.is_valid():
        try:
            services.investment_outcome_set(
                actor=request.user,
                unit_period=up,
                category=category,
                changes=form.changes(),
                expected_version=form.cleaned_data["version"],
                via=Via.WEB,
            )
        except StaleVersion as conflict:
            state.conflict, status = conflict, 409
            state.their = InvestmentOutcomeForm(
                instance=conflict.current, row_id=f"ic{category.pk}-their", editable=()
            )
        except EntryError as error:
            state.error, status = error.message, 422
    else:
        status = 422
    if status == 200:
        if not request.htmx:  # type: ignore[attr-defined]
            messages.success(request, _("Sparat: %(name)s.") % {"name": category.name})
            return redirect(f"{reverse('investments:entry', args=[unit, period])}#ic{category.pk}")
        rows = _rows(access)
        for row in rows:
            row.saved = row.line.category_id == category.pk
        return _render(request, access, rows)
    # The table (htmx) or the whole page (no JavaScript), this row with its errors.
    return _render(request, access, _rows(access, state=state), status)
