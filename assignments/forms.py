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


class AssignmentForm(forms.Form):
    """An assignment of a unit's year (Inställningar → Uppdrag)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    unit = forms.TypedChoiceField(label=_("Enhet"), coerce=int)
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    slug = forms.SlugField(
        label=_("Kortnamn"),
        max_length=80,
        help_text=_("Används i Excel-filen och adresser: a–z, siffror och bindestreck."),
        error_messages={
            "invalid": _("Kortnamnet får bara innehålla a–z, siffror och bindestreck.")
        },
    )
    description = forms.CharField(
        label=_("Uppdraget (Markdown)"),
        required=False,
        validators=[TextLimit(COMMENT_CHARS)],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decision_body = forms.CharField(label=_("Beslutande organ"), max_length=200, required=False)
    decision_date = forms.DateField(
        label=_("Beslutsdatum"),
        required=False,
        help_text=_("ÅÅÅÅ-MM-DD"),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-02-15.")},
    )
    decision_reference = forms.CharField(
        label=_("Beslut (diarienummer)"), max_length=200, required=False
    )
    due_date = forms.DateField(
        label=_("Ska vara klart"),
        required=False,
        help_text=_("ÅÅÅÅ-MM-DD"),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-12-31.")},
    )
    owner_title = forms.CharField(
        label=_("Ansvarig (roll)"),
        max_length=200,
        required=False,
        help_text=_("En rolltitel, t.ex. Verksamhetschef."),
    )

    def __init__(self, *args: Any, units: list[tuple[int, str]], key: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{key}_%s"
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.form_key = key
