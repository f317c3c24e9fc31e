"""Inställningar → Kategorier: the year's cost categories (kostnadsslag), set up by the
organisation's administrators.

The frozen-figures rule, for categories: a category's kind (kostnadsslag) and its
verksamhet decide in which row of the net cost table and of "Ekonomi per verksamhet"
its figures are summed. Once the category has figures in a unit period that is no
longer open (klarmarkerad, godkänd or låst), those two stay as they are; name, short
name and order only change how it is labelled. A category with any stored figures
(amounts or a förklaring, in any period) is never deleted: the figures would go with
it, and the database refuses it anyway (``FinanceFigure.category`` is PROTECT).

The categories have no simple-history table of their own, so each change is recorded
in Django's admin log (``LogEntry``), where the admin's own changes of them already go.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, ProtectedError
from django.utils.translation import gettext as _

from common.set_up import admin_log, field_label, year_slug
from finance.models import CostCategory, FinanceFigure
from scorecards.administration import administration_check
from scorecards.errors import NotAllowed, SteeringError, validated
from scorecards.frozen import CLOSED_STATUSES
from scorecards.models import UnitPeriod, Year

if TYPE_CHECKING:
    from scorecards.services import User

# The fields whose change would move stored figures to another row of a report.
FROZEN_COST_FIELDS = ("kind", "line")


@dataclass(frozen=True)
class CostCategoryInput:
    """What the form gives: ``slug`` blank makes one from the name; ``order`` None: last."""

    name: str
    kind: str
    slug: str = ""
    line: str = ""
    order: int | None = None


def closed_figure(category: CostCategory) -> FinanceFigure | None:
    """A stored figure of the category in a unit period that is no longer open, or None."""
    closed = UnitPeriod.objects.filter(
        unit=OuterRef("unit"), period=OuterRef("period"), status__in=CLOSED_STATUSES
    )
    return (
        FinanceFigure.objects.filter(category=category)
        .filter(Exists(closed))
        .select_related("unit", "period__year")
        .order_by("period__end_month", "unit__path")
        .first()
    )


@transaction.atomic
def cost_category_save(
    *, actor: User, year: Year, category: CostCategory | None, data: CostCategoryInput
) -> CostCategory:
    """Add a cost category to the year (``category`` None) or change one.

    Kind and verksamhet are refused once the category has figures in a period that is
    no longer open (the message names the first such unit and period).
    """
    administration_check(actor, year.organisation_id)
    if category is None:
        top = CostCategory.objects.filter(year=year).aggregate(top=Max("order"))["top"]
        category = CostCategory(year=year, order=0 if top is None else top + 1)
    elif category.year_id != year.pk:
        raise NotAllowed(_("Kostnadskategorin hör till ett annat år."))
    name = data.name.strip()
    slug, taken = year_slug(
        CostCategory.objects.filter(year=year).exclude(pk=category.pk or 0),
        typed=data.slug,
        current=category.slug,
        name=name,
        fallback="kategori",
    )
    if taken:
        raise SteeringError(
            _("Kortnamnet %(slug)s används redan av en annan kostnadskategori i året.")
            % {"slug": slug},
            field="slug",
        )
    values: dict[str, object] = {
        "name": name,
        "kind": data.kind,
        "line": data.line.strip(),
        "slug": slug,
    }
    if data.order is not None:
        values["order"] = data.order
    changed = [f for f, v in values.items() if getattr(category, f) != v]
    frozen = [f for f in FROZEN_COST_FIELDS if f in changed]
    if category.pk and frozen:
        figure = closed_figure(category)
        if figure is not None:
            raise SteeringError(
                _(
                    "Kostnadskategorin %(name)s har utfall i en period som inte längre är "
                    "öppen (%(unit)s, %(period)s), så kostnadsslag och verksamhet kan inte "
                    "ändras: utfallen skulle flyttas till en annan rad i de låsta "
                    "rapporterna. Gör ändringen i nästa års kategorier."
                )
                % {
                    "name": category.name,
                    "unit": figure.unit.name,
                    "period": figure.period.label,
                },
                field=frozen[0],
            )
    adding = category.pk is None
    for field, value in values.items():
        setattr(category, field, value)
    validated(category)
    category.save()
    if adding or changed:
        labels = [field_label(CostCategory, f) for f in changed]
        admin_log(actor, category, ADDITION if adding else CHANGE, labels)
    return category


@transaction.atomic
def cost_category_delete(*, actor: User, category: CostCategory) -> None:
    """Remove a category that has no stored figures; one with figures stays."""
    administration_check(actor, category.year.organisation_id)
    figures = FinanceFigure.objects.filter(category=category)
    first = figures.select_related("unit", "period__year").order_by("period__end_month").first()
    if first is not None:
        raise SteeringError(
            _(
                "Kostnadskategorin %(name)s kan inte tas bort: den har sparade utfall "
                "(%(count)s rader, bland annat %(unit)s, %(period)s), och de ska gå att läsa "
                "även i efterhand. Byt namn på kategorin eller låt den stå kvar."
            )
            % {
                "name": category.name,
                "count": figures.count(),
                "unit": first.unit.name,
                "period": first.period.label,
            }
        )
    admin_log(actor, category, DELETION, [])
    try:
        with transaction.atomic():
            category.delete()
    except ProtectedError as error:
        users = sorted({str(o._meta.verbose_name_plural) for o in error.protected_objects})
        raise SteeringError(
            _("Kostnadskategorin %(name)s kan inte tas bort: den används av %(what)s.")
            % {"name": category.name, "what": ", ".join(users)}
        ) from error
