"""Entry forms for an assignment's status and nuläge, and its budget, in a period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assignments.models import AssignmentBudget, AssignmentNote, AssignmentStatus, BudgetUnit
from common.limits import COMMENT_CHARS, TextLimit
from scorecards.forms import SwedishNumberField


class AssignmentNoteForm(forms.Form):
    """An assignment's status and status note (nuläge, Markdown) for a period."""

    status = forms.ChoiceField(label=_("Status"), choices=AssignmentStatus.choices)
    text = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Nuläge (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, prefix_id: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(
        cls, note: AssignmentNote | None, earlier: AssignmentNote | None = None
    ) -> dict[str, Any]:
        """The stored note; a period without one starts from the last period's status."""
        if note is None:
            status = earlier.status if earlier else AssignmentStatus.NOT_STARTED
            return {"status": status, "text": "", "version": 0}
        return {"status": note.status, "text": note.text, "version": note.version}

    def changes(self) -> dict[str, Any]:
        return {"status": self.cleaned_data["status"], "text": self.cleaned_data["text"]}


class BudgetForm(forms.Form):
    """An assignment's budget in hours or kronor for a period (Swedish numbers)."""

    unit = forms.ChoiceField(choices=BudgetUnit.choices, widget=forms.HiddenInput)
    budget = SwedishNumberField(label=_("Budget"))
    outcome = SwedishNumberField(label=_("Utfall hittills"))
    remaining = SwedishNumberField(label=_("Beräknat återstående"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, prefix_id: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, unit: str, budget: AssignmentBudget | None) -> dict[str, Any]:
        if budget is None:
            return {"unit": unit, "version": 0}
        return {
            "unit": unit,
            "budget": budget.budget,
            "outcome": budget.outcome,
            "remaining": budget.remaining,
            "version": budget.version,
        }

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {k: data[k] for k in ("unit", "budget", "outcome", "remaining")}
