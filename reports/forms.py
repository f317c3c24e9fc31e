"""Entry forms for the report's texts and the perspective assessments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.limits import COMMENT_CHARS, NARRATIVE_CHARS, TextLimit
from reports.models import NarrativeSection
from scorecards.models import Attainment, PerspectiveAssessment


class NarrativeForm(forms.Form):
    """One narrative text of the report (Markdown)."""

    body = forms.CharField(
        validators=[TextLimit(NARRATIVE_CHARS)],
        label=_("Text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, prefix_id: str, label: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)
        self.fields["body"].label = label

    @classmethod
    def initial_for(cls, section: NarrativeSection | None) -> dict[str, Any]:
        if section is None:
            return {"body": "", "version": 0}
        return {"body": section.body, "version": section.version}

    def changes(self) -> dict[str, Any]:
        return {"body": self.cleaned_data["body"]}


class AssessmentForm(forms.Form):
    """The overall assessment of a perspective for the period, with its justification."""

    attainment = forms.ChoiceField(label=_("Samlad bedömning"), choices=Attainment.choices)
    text = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Motivering (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, prefix_id: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, assessment: PerspectiveAssessment | None) -> dict[str, Any]:
        if assessment is None:
            return {"attainment": Attainment.NOT_ASSESSED, "text": "", "version": 0}
        return {
            "attainment": assessment.attainment,
            "text": assessment.text,
            "version": assessment.version,
        }

    def changes(self) -> dict[str, Any]:
        return {"attainment": self.cleaned_data["attainment"], "text": self.cleaned_data["text"]}
