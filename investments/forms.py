"""The investment outcome entry form: amounts in kr as Swedes write them, one parser."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from investments.models import InvestmentOutcome
from investments.services import AMOUNT_FIELDS
from scorecards.forms import SwedishNumberField


class InvestmentOutcomeForm(forms.ModelForm):
    """An investment type's outcome for the period; amounts may be locked by the roll-up."""

    outcome_earlier_decisions = SwedishNumberField(label=_("Utfall beslut före året (kr)"))
    outcome_current_decisions = SwedishNumberField(label=_("Utfall beslut inför/under året (kr)"))
    forecast = SwedishNumberField(label=_("Årsprognos (kr)"))
    comment = forms.CharField(
        label=_("Kommentar (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = InvestmentOutcome
        fields = (*AMOUNT_FIELDS, "comment")

    def __init__(self, *args: Any, row_id: str, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        kwargs.setdefault("initial", {"version": instance.version if instance else 0})
        super().__init__(*args, auto_id=f"id_{row_id}_%s", **kwargs)
        self.form_id = f"{row_id}-form"
        for field in self.fields.values():
            field.widget.attrs["form"] = self.form_id

    def changes(self, *, figures: bool) -> dict[str, Any]:
        """The fields the row posted: an amount the roll-up computes has no input.

        A user who may only comment (the manager) changes the comment alone.
        """
        names = [*AMOUNT_FIELDS, "comment"] if figures else ["comment"]
        return {name: self.cleaned_data[name] for name in names if name in self.data}
