"""The forms of Inställningar → Kategorier (cost categories; investment types are in
``investments.setup_forms``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from finance.models import CostCategory, CostKind


class CostCategoryForm(forms.Form):
    """A cost category: name, kind (kostnadsslag), verksamhet, short name and order.

    ``key`` names the form, so the ids stay unique on a page of many forms.
    """

    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Kostnadsslag"), choices=CostKind.choices)
    line = forms.CharField(
        label=_("Verksamhet eller projekt"),
        max_length=200,
        required=False,
        help_text=_("Tomt: enhetens egen rad. Ekonomi per verksamhet grupperar på den."),
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

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{key}_%s"
        super().__init__(*args, **kwargs)
        self.form_key = key

    @staticmethod
    def initial_for(category: CostCategory) -> dict[str, Any]:
        return {
            "name": category.name,
            "kind": category.kind,
            "line": category.line,
            "slug": category.slug,
            "order": category.order,
        }
