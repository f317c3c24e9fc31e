"""Entry forms for a goal's follow-up and an indicator's counts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.limits import COMMENT_CHARS, TextLimit
from goals.models import GoalFollowUp, IndicatorCount
from scorecards.forms import SwedishNumberField
from scorecards.models import Forecast


class GoalFollowUpForm(forms.Form):
    """A goal's comment and prognosis for a period."""

    goal = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    forecast = forms.ChoiceField(
        label=_("Prognos"),
        required=False,
        choices=[("", _("– ingen prognos –")), *Forecast.choices],
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, prefix_id: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, goal_id: int, follow_up: GoalFollowUp | None) -> dict[str, Any]:
        if follow_up is None:
            return {"goal": goal_id, "version": 0}
        return {
            "goal": goal_id,
            "comment": follow_up.comment,
            "forecast": follow_up.forecast,
            "version": follow_up.version,
        }

    def changes(self) -> dict[str, Any]:
        return {"comment": self.cleaned_data["comment"], "forecast": self.cleaned_data["forecast"]}


class IndicatorCountForm(forms.Form):
    """The counts an indicator is computed from: "9" of "14"."""

    numerator = SwedishNumberField(label=_("Antal (täljare)"))
    denominator = SwedishNumberField(label=_("Av totalt (nämnare)"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, prefix_id: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, count: IndicatorCount | None) -> dict[str, Any]:
        if count is None:
            return {"version": 0}
        return {
            "numerator": count.numerator,
            "denominator": count.denominator,
            "version": count.version,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("numerator", "denominator"):
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Antal kan inte vara negativa."))
        return data

    def changes(self) -> dict[str, Any]:
        return {
            "numerator": self.cleaned_data["numerator"],
            "denominator": self.cleaned_data["denominator"],
        }
