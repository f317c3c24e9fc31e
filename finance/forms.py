"""Finance entry forms: amounts in kr as Swedes write them ("−32 533 999"), one parser."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.limits import COMMENT_CHARS, TextLimit
from finance.models import FinanceFigure, FollowUpRow
from finance.services import AMOUNT_FIELDS
from scorecards.forms import SwedishNumberField


class _RowForm(forms.ModelForm):
    """A table row's form: ids unique per row, inputs tied to the form in the last cell."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args: Any,
        row_id: str,
        editable: Collection[str] | None = None,
        **kwargs: Any,
    ) -> None:
        """``editable``: the fields this user may change now (None: all); the others are
        disabled, so they show the stored value and ignore what is posted."""
        instance = kwargs.get("instance")
        kwargs.setdefault("initial", {"version": instance.version if instance else 0})
        kwargs.setdefault("auto_id", f"id_{row_id}_%s")
        super().__init__(*args, **kwargs)
        self.form_id = f"{row_id}-form"
        for name, field in self.fields.items():
            field.widget.attrs["form"] = self.form_id
            if editable is not None and name != "version" and name not in editable:
                field.disabled = True

    @property
    def editable(self) -> bool:
        return any(not f.disabled for n, f in self.fields.items() if n != "version")

    def changes(self) -> dict[str, Any]:
        """The model fields to write: those this user may change."""
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields or ()
            if not self.fields[name].disabled
        }


class FinanceFigureForm(_RowForm):
    """A cost category's figures for the period, with the explanation (förklaring)."""

    outcome = SwedishNumberField(label=_("Utfall (kr)"))
    period_budget = SwedishNumberField(label=_("Periodbudget (kr)"))
    annual_budget = SwedishNumberField(label=_("Årsbudget (kr)"))
    annual_forecast = SwedishNumberField(label=_("Årsprognos (kr)"))
    outcome_previous_year = SwedishNumberField(label=_("Utfall samma period föregående år (kr)"))
    comment = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Förklaring (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = FinanceFigure
        fields = (*AMOUNT_FIELDS, "comment")


class FollowUpRowForm(_RowForm):
    """The amount of a follow-up table row (e.g. a Covid-19 cost)."""

    amount = SwedishNumberField(label=_("Belopp (kr)"))

    class Meta:
        model = FollowUpRow
        fields = ("amount",)
