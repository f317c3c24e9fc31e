"""Inline forms of the allocation page: a member with its inhabitants, a budget line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from allocation.models import BudgetLine, MemberOrganisation
from allocation.rules import AllocationModel, Rounding
from scorecards.forms import SwedishNumberField


class _Prefixed(forms.Form):
    """Each row's inputs get their own ids, so many forms fit on one page."""

    def __init__(self, *args: Any, prefix_id: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)


class MemberForm(_Prefixed):
    """A member organisation's name and its inhabitants in the page's year."""

    name = forms.CharField(label=_("Namn"), max_length=200)
    inhabitants = SwedishNumberField(label=_("Invånare"), required=True, decimals=0)

    @classmethod
    def initial_for(cls, member: MemberOrganisation | None, count: int | None) -> dict[str, Any]:
        if member is None:
            return {}
        # A Decimal, so the field shows it the Swedish way ("28 000").
        return {"name": member.name, "inhabitants": None if count is None else Decimal(count)}


class BudgetLineForm(_Prefixed):
    """A budget line: title, amount in kr, allocation model and rounding; the member a
    direct line is billed to; and, with ``with_keys``, each member's part of a fixed key."""

    title = forms.CharField(label=_("Rubrik"), max_length=200)
    amount = SwedishNumberField(label=_("Belopp (kr)"), required=True, decimals=0)
    model = forms.ChoiceField(label=_("Fördelningsmodell"), choices=AllocationModel.choices)
    rounding = forms.ChoiceField(label=_("Avrundning"), choices=Rounding.choices)
    member = forms.TypedChoiceField(
        label=_("Faktureras (direkt till en medlem)"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(
        self,
        *args: Any,
        members: list[MemberOrganisation],
        with_keys: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [  # type: ignore[attr-defined]
            ("", _("– ingen –")),
            *((m.pk, m.name) for m in members),
        ]
        self.members = members
        if with_keys:
            for member in members:
                self.fields[f"key_{member.pk}"] = SwedishNumberField(
                    label=_("Andel för %(name)s (procent eller delar)") % {"name": member.name},
                    required=False,
                    decimals=4,
                )

    def keys(self) -> dict[int, Decimal]:
        """The parts typed, by member id (blank: no part)."""
        return {
            m.pk: self.cleaned_data[f"key_{m.pk}"]
            for m in self.members
            if self.cleaned_data.get(f"key_{m.pk}") is not None
        }

    @classmethod
    def initial_for(cls, line: BudgetLine | None) -> dict[str, Any]:
        if line is None:
            return {"model": AllocationModel.EQUAL, "rounding": Rounding.KRONA}
        return {
            "title": line.title,
            "amount": line.amount,
            "model": line.model,
            "rounding": line.rounding,
            "member": line.member_id,
            **{f"key_{pk}": parts for pk, parts in line.key_parts().items()},
        }
