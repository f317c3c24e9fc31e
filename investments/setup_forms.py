"""The form of an investment type on Inställningar → Kategorier."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from investments.models import InvestmentCategory


class InvestmentCategoryForm(forms.Form):
    """An investment type: name, the type it lies under (or none), short name and order.

    ``parents`` are the year's top-level types (id, name); ``key`` names the form, so the
    ids stay unique on a page of many forms.
    """

    name = forms.CharField(label=_("Namn"), max_length=200)
    parent = forms.TypedChoiceField(
        label=_("Ligger under"), coerce=int, required=False, empty_value=None
    )
    slug = forms.SlugField(
        label=_("Kortnamn"),
        max_length=50,
        required=False,
        help_text=_("Små bokstäver a–z, siffror och bindestreck. Tomt: bildas av namnet."),
    )
    order = forms.IntegerField(
        label=_("Ordning"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Tomt: sist."),
    )

    def __init__(self, *args: Any, key: str, parents: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{key}_%s"
        super().__init__(*args, **kwargs)
        self.form_key = key
        self.fields["parent"].choices = [  # type: ignore[attr-defined]
            ("", _("– ingen, en typ på översta nivån –")),
            *parents,
        ]

    @staticmethod
    def initial_for(category: InvestmentCategory) -> dict[str, Any]:
        return {
            "name": category.name,
            "parent": category.parent_id or "",
            "slug": category.slug,
            "order": category.order,
        }
