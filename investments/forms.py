"""The investment outcome entry form: amounts in kr as Swedes write them, one parser."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.limits import COMMENT_CHARS, TextLimit
from investments.models import InvestmentOutcome
from investments.services import AMOUNT_FIELDS
from scorecards.forms import SwedishNumberField


class InvestmentOutcomeForm(forms.ModelForm):
    """An investment type's outcome for the period, a row of the Investeringar entry table.

    An amount the roll-up computes (on a parent whose children carry it, or on a child
    whose parent carries it) has no input, so it is not posted and not changed; a stale
    page that posts it anyway is refused by the service with the reason.
    """

    outcome_earlier_decisions = SwedishNumberField(label=_("Utfall beslut före året (kr)"))
    outcome_current_decisions = SwedishNumberField(label=_("Utfall beslut inför/under året (kr)"))
    forecast = SwedishNumberField(label=_("Årsprognos (kr)"))
    comment = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Kommentar (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = InvestmentOutcome
        fields = (*AMOUNT_FIELDS, "comment")

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
        """The fields the row posted that this user may change."""
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if not self.fields[name].disabled and name in self.data
        }
