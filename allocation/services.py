"""Writes for allocation: member organisations with their inhabitants, and budget lines.

Only administrators change them (``organisation_allows(action=Action.ADMIN)``, which
only superusers pass). Every write is validated with ``full_clean`` and audited with
django-simple-history: who, when, and the path (webb / import / admin / kommando).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from allocation.models import BudgetLine, Inhabitants, MemberOrganisation
from allocation.rules import AllocationModel, Rounding
from common.numbers import format_number
from scorecards.errors import NotAllowed
from scorecards.models import Action, Year
from scorecards.selectors import organisation_allows
from scorecards.services import EntryError, Via

if TYPE_CHECKING:
    from scorecards.services import User


class AllocationError(EntryError):
    """A refused allocation write; ``field`` names the form field it is about."""


def _permission_check(actor: User, year: Year) -> None:
    if not organisation_allows(user=actor, organisation=year.organisation, action=Action.ADMIN):
        raise NotAllowed(_("Bara en administratör kan ändra fördelningen."))


def _save(obj: models.Model, *, actor: User, via: str, fields: dict[str, str]) -> None:
    """full_clean() then save() with the audit path; errors name the field (Swedish)."""
    try:
        obj.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        label = fields.get(field)
        text = " ".join(messages)
        if label and not text.startswith(f"{label}:"):
            text = f"{label}: {text}"
        raise AllocationError(text, field if label else None) from error
    obj._change_reason = via  # type: ignore[attr-defined]  # simple-history
    obj._history_user = actor  # type: ignore[attr-defined]
    try:
        obj.save()
    except IntegrityError as error:
        raise AllocationError(
            _("Någon annan sparade samma rad samtidigt. Ladda om sidan och försök igen.")
        ) from error


def _whole_count(value: Decimal | None) -> int:
    """Inhabitants: a whole number ≥ 0, or a Swedish message naming the field."""
    label = _("Invånare")
    if value is None:
        raise AllocationError(
            _("%(field)s: ange antalet invånare.") % {"field": label}, "inhabitants"
        )
    if value < 0:
        raise AllocationError(
            _("%(field)s: ”%(value)s” kan inte vara negativt.")
            % {"field": label, "value": format_number(value, decimals=_places(value))},
            "inhabitants",
        )
    if value != value.to_integral_value():
        raise AllocationError(
            _("%(field)s: ange ett helt antal, inte ”%(value)s”.")
            % {"field": label, "value": format_number(value, decimals=_places(value))},
            "inhabitants",
        )
    return int(value)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def member_save(
    *,
    actor: User,
    year: Year,
    member: MemberOrganisation | None,
    name: str,
    inhabitants: Decimal | None,
    order: int | None = None,
    via: str = Via.WEB,
) -> MemberOrganisation:
    """Add a member organisation (``member=None``) or change one, with its inhabitants
    in ``year``. Nothing is saved unless everything is valid."""
    _permission_check(actor, year)
    count = _whole_count(inhabitants)
    name = name.strip()
    if not name:
        raise AllocationError(_("Namn: ange medlemsorganisationens namn."), "name")
    organisation = year.organisation
    with transaction.atomic():
        if member is None:
            if order is None:
                last = (
                    MemberOrganisation.objects.filter(organisation=organisation)
                    .order_by("-order")
                    .values_list("order", flat=True)
                    .first()
                )
                order = (last or 0) + 1
            member = MemberOrganisation(organisation=organisation, name=name, order=order)
        else:
            member = MemberOrganisation.objects.select_for_update().get(pk=member.pk)
            if member.organisation_id != organisation.pk:
                raise AllocationError(_("Medlemmen hör till en annan organisation."))
        labels = {"name": _("Namn"), "order": _("Ordning")}
        if (
            member.pk is None
            or member.name != name
            or (order is not None and member.order != order)
        ):
            member.name = name
            if order is not None:
                member.order = order
            if (
                MemberOrganisation.objects.filter(organisation=organisation, name=name)
                .exclude(pk=member.pk)
                .exists()
            ):
                raise AllocationError(
                    _("Namn: det finns redan en medlemsorganisation som heter ”%(name)s”.")
                    % {"name": name},
                    "name",
                )
            _save(member, actor=actor, via=via, fields=labels)
        row = Inhabitants.objects.filter(member=member, year=year).first()
        if row is None:
            row = Inhabitants(member=member, year=year, count=count)
        elif row.count == count:
            return member
        row.count = count
        _save(row, actor=actor, via=via, fields={"count": _("Invånare")})
    return member


def budget_line_save(
    *,
    actor: User,
    year: Year,
    line: BudgetLine | None,
    title: str,
    amount: Decimal | None,
    model: str,
    rounding: str,
    order: int | None = None,
    member: MemberOrganisation | None = None,
    keys: Mapping[int, Decimal] | None = None,
    via: str = Via.WEB,
) -> BudgetLine:
    """Add a budget line to ``year`` (``line=None``) or change one. A direct line names
    the ``member`` billed; a fixed-key line its ``keys`` (parts by member id)."""
    _permission_check(actor, year)
    title = title.strip()
    if not title:
        raise AllocationError(_("Rubrik: ange budgetradens rubrik."), "title")
    if amount is None:
        raise AllocationError(_("Belopp: ange ett belopp i kronor."), "amount")
    if model not in AllocationModel.values:
        raise AllocationError(_("Fördelningsmodell: välj en av modellerna."), "model")
    if rounding not in Rounding.values:
        raise AllocationError(_("Avrundning: välj hela kronor eller hundratal."), "rounding")
    with transaction.atomic():
        if line is None:
            if order is None:
                last = (
                    BudgetLine.objects.filter(year=year)
                    .order_by("-order")
                    .values_list("order", flat=True)
                    .first()
                )
                order = (last or 0) + 1
            line = BudgetLine(year=year, order=order)
        else:
            line = BudgetLine.objects.select_for_update().get(pk=line.pk)
            if line.year_id != year.pk:
                raise AllocationError(_("Budgetraden hör till ett annat år."))
        direct = model == AllocationModel.DIRECT
        values: dict[str, object] = {
            "title": title,
            "amount": amount,
            "model": model,
            "rounding": rounding,
            "member": member if direct else None,
            # Written as typed (exact), read back with BudgetLine.key_parts.
            "keys": {str(pk): str(parts) for pk, parts in (keys or {}).items()}
            if model == AllocationModel.FIXED_KEY
            else {},
        }
        if order is not None:
            values["order"] = order
        if line.pk is not None and all(getattr(line, k) == v for k, v in values.items()):
            return line
        for name, value in values.items():
            setattr(line, name, value)
        if BudgetLine.objects.filter(year=year, title=title).exclude(pk=line.pk).exists():
            raise AllocationError(
                _("Rubrik: det finns redan en budgetrad som heter ”%(title)s”.") % {"title": title},
                "title",
            )
        _save(
            line,
            actor=actor,
            via=via,
            fields={
                "title": _("Rubrik"),
                "amount": _("Belopp"),
                "model": _("Fördelningsmodell"),
                "rounding": _("Avrundning"),
                "order": _("Ordning"),
                "member": _("Faktureras"),
                "keys": _("Fördelningsnyckel"),
            },
        )
    return line


def budget_line_delete(*, actor: User, line: BudgetLine, via: str = Via.WEB) -> None:
    """Remove a budget line (its history keeps what it was, who removed it and when)."""
    _permission_check(actor, line.year)
    with transaction.atomic():
        line._change_reason = via  # type: ignore[attr-defined]
        line._history_user = actor  # type: ignore[attr-defined]
        line.delete()
