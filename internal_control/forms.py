"""Entry form for a control activity's follow-up for a period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.limits import COMMENT_CHARS, TextLimit
from internal_control.models import (
    ActivityFollowUp,
    Assessment,
    ControlActivity,
    ControlPlan,
    Risk,
)


class FollowUpForm(forms.Form):
    """Utfört, uppföljning/resultat, eventuella åtgärder and the assessment."""

    activity = forms.IntegerField(widget=forms.HiddenInput)
    performed = forms.CharField(
        label=_("Utfört (datum, vecka, månad, period)"), required=False, max_length=200
    )
    result = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Uppföljning/resultat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    actions = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Eventuella åtgärder/förändringar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assessment = forms.ChoiceField(
        label=_("Bedömning"),
        required=False,
        choices=[("", _("– ej bedömd –")), *Assessment.choices],
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, prefix_id: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, activity_id: int, follow_up: ActivityFollowUp | None) -> dict[str, Any]:
        if follow_up is None:
            return {"activity": activity_id, "version": 0}
        return {
            "activity": activity_id,
            "performed": follow_up.performed,
            "result": follow_up.result,
            "actions": follow_up.actions,
            "assessment": follow_up.assessment,
            "version": follow_up.version,
        }

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name].strip()
            if name != "assessment"
            else self.cleaned_data[name]
            for name in ("performed", "result", "actions", "assessment")
        }


class _KeyedModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form with ids unique on a page of many forms (``key`` names the form)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{key}_%s"
        super().__init__(*args, **kwargs)
        self.form_key = key


class PlanForm(_KeyedModelForm):
    """The plan's status, and who fastställde it when."""

    class Meta:
        model = ControlPlan
        fields = ["status", "approved_by_title", "approved_on"]
        help_texts = {"approved_on": _("ÅÅÅÅ-MM-DD")}
        error_messages = {
            "approved_on": {"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2022-12-08.")}
        }


class RiskForm(_KeyedModelForm):
    class Meta:
        model = Risk
        fields = ["description", "probability", "consequence", "decision", "analysis"]
        widgets = {"analysis": forms.Textarea(attrs={"rows": 3})}


class ActivityForm(_KeyedModelForm):
    class Meta:
        model = ControlActivity
        fields = ["what", "responsible_role", "method", "when"]
        widgets = {"method": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"responsible_role": _("En rolltitel, t.ex. Ekonomichef.")}
