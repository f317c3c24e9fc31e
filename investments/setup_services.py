"""Inställningar → Kategorier: the year's investment types (investeringstyper), a two-level
tree (IT → Datacenter, Skrivare, …), set up by the organisation's administrators.

The frozen-figures rule, for types: a parent shows the sum of its children
(``investments.rules.roll_up``), so moving a type to another parent changes the figures
of both parents. Once the type has outcomes in a unit period that is no longer open
(klarmarkerad, godkänd or låst), or a frame (investeringsram) of a unit with such a
period in the year, it keeps its place in the tree. A type with stored outcomes or
frames is never deleted (its frames would go with it), nor one with subtypes.

The types have no simple-history table of their own, so each change is recorded in
Django's admin log (``LogEntry``), where the admin's own changes of them already go.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext as _

from common.set_up import admin_log, field_label, year_slug
from investments.models import InvestmentCategory, InvestmentFrame, InvestmentOutcome
from scorecards.administration import administration_check
from scorecards.errors import NotAllowed, SteeringError, validated
from scorecards.frozen import CLOSED_STATUSES
from scorecards.models import UnitPeriod, Year

if TYPE_CHECKING:
    from scorecards.services import User


@dataclass(frozen=True)
class InvestmentCategoryInput:
    """What the form gives: ``parent`` None: a top-level type; ``slug`` blank: from the
    name; ``order`` None: last among its siblings."""

    name: str
    parent: InvestmentCategory | None = None
    slug: str = ""
    order: int | None = None


def frozen_reason(category: InvestmentCategory) -> str | None:
    """Why the type's figures are frozen (naming a unit and period), or None."""
    closed = UnitPeriod.objects.filter(
        unit=OuterRef("unit"), period=OuterRef("period"), status__in=CLOSED_STATUSES
    )
    outcome = (
        InvestmentOutcome.objects.filter(category=category)
        .filter(Exists(closed))
        .select_related("unit", "period__year")
        .order_by("period__end_month", "unit__path")
        .first()
    )
    if outcome is not None:
        return _(
            "%(name)s har utfall i en period som inte längre är öppen (%(unit)s, %(period)s)."
        ) % {
            "name": category.name,
            "unit": outcome.unit.name,
            "period": outcome.period.label,
        }
    closed_year = UnitPeriod.objects.filter(
        unit=OuterRef("unit"), period__year=category.year_id, status__in=CLOSED_STATUSES
    )
    frame = (
        InvestmentFrame.objects.filter(category=category)
        .filter(Exists(closed_year))
        .select_related("unit")
        .first()
    )
    if frame is not None:
        return _(
            "%(name)s har en investeringsram för %(unit)s, som har en period som inte "
            "längre är öppen."
        ) % {"name": category.name, "unit": frame.unit.name}
    return None


@transaction.atomic
def investment_category_save(
    *,
    actor: User,
    year: Year,
    category: InvestmentCategory | None,
    data: InvestmentCategoryInput,
) -> InvestmentCategory:
    """Add an investment type to the year (``category`` None) or change one.

    Two levels at most; a type with subtypes stays at the top; a type whose figures
    are frozen keeps its parent.
    """
    administration_check(actor, year.organisation_id)
    parent = data.parent
    if parent is not None and parent.year_id != year.pk:
        raise NotAllowed(_("Den överordnade typen hör till ett annat år."))
    if category is None:
        siblings = InvestmentCategory.objects.filter(year=year, parent=parent)
        top = siblings.aggregate(top=Max("order"))["top"]
        category = InvestmentCategory(year=year, order=0 if top is None else top + 1)
    elif category.year_id != year.pk:
        raise NotAllowed(_("Investeringstypen hör till ett annat år."))
    parent_id = parent.pk if parent is not None else None
    if category.pk is not None:
        if parent_id == category.pk:
            raise SteeringError(_("En typ kan inte ligga under sig själv."), field="parent")
        if parent_id is not None and category.children.exists():
            raise SteeringError(
                _(
                    "%(name)s har undertyper och ligger kvar överst: investeringstyper har "
                    "högst två nivåer."
                )
                % {"name": category.name},
                field="parent",
            )
        if parent_id != category.parent_id:
            reason = frozen_reason(category)
            if reason is not None:
                raise SteeringError(
                    reason
                    + " "
                    + _(
                        "Typen kan därför inte flyttas: de överordnade typernas summor i "
                        "de låsta rapporterna skulle ändras. Gör ändringen i nästa års typer."
                    ),
                    field="parent",
                )
    name = data.name.strip()
    slug, taken = year_slug(
        InvestmentCategory.objects.filter(year=year).exclude(pk=category.pk or 0),
        typed=data.slug,
        current=category.slug,
        name=name,
        fallback="typ",
    )
    if taken:
        raise SteeringError(
            _("Kortnamnet %(slug)s används redan av en annan investeringstyp i året.")
            % {"slug": slug},
            field="slug",
        )
    values: dict[str, object] = {"name": name, "slug": slug, "parent_id": parent_id}
    if data.order is not None:
        values["order"] = data.order
    changed = [f for f, v in values.items() if getattr(category, f) != v]
    adding = category.pk is None
    for field, value in values.items():
        setattr(category, field, value)
    validated(category)
    category.save()
    if adding or changed:
        labels = [field_label(InvestmentCategory, f.removesuffix("_id")) for f in changed]
        admin_log(actor, category, ADDITION if adding else CHANGE, labels)
    return category


@transaction.atomic
def investment_category_delete(*, actor: User, category: InvestmentCategory) -> None:
    """Remove a type without subtypes, outcomes or frames; any of them keeps it."""
    administration_check(actor, category.year.organisation_id)
    children = list(category.children.values_list("name", flat=True))
    if children:
        raise SteeringError(
            _(
                "Investeringstypen %(name)s kan inte tas bort: den har undertyper "
                "(%(children)s). Ta bort dem först."
            )
            % {"name": category.name, "children": ", ".join(children)}
        )
    outcomes = InvestmentOutcome.objects.filter(category=category)
    first = outcomes.select_related("unit", "period__year").order_by("period__end_month").first()
    if first is not None:
        raise SteeringError(
            _(
                "Investeringstypen %(name)s kan inte tas bort: den har sparade utfall "
                "(%(count)s rader, bland annat %(unit)s, %(period)s), och de ska gå att läsa "
                "även i efterhand. Byt namn på typen eller låt den stå kvar."
            )
            % {
                "name": category.name,
                "count": outcomes.count(),
                "unit": first.unit.name,
                "period": first.period.label,
            }
        )
    frames = list(
        InvestmentFrame.objects.filter(category=category).values_list("unit__name", flat=True)
    )
    if frames:
        raise SteeringError(
            _(
                "Investeringstypen %(name)s kan inte tas bort: den har investeringsramar "
                "(%(units)s), som skulle försvinna med den."
            )
            % {"name": category.name, "units": ", ".join(frames)}
        )
    admin_log(actor, category, DELETION, [])
    category.delete()
