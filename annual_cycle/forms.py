"""The form of a deadline rule (frist) on the årshjul page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from annual_cycle.models import PERIOD_KINDS, Deadline, Step
from scorecards.models import MONTHS_LONG


class DeadlineForm(forms.Form):
    """Rubrik, period, steg, datum (dag och månad), år efter perioden, påminnelse."""

    deadline = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    period_kind = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("", _("– hela organisationen –")), *PERIOD_KINDS],
    )
    step = forms.ChoiceField(label=_("Steg"), choices=Step.choices)
    day = forms.IntegerField(label=_("Dag"), min_value=1, max_value=31)
    month = forms.TypedChoiceField(
        label=_("Månad"), coerce=int, choices=[(m, name) for m, name in MONTHS_LONG.items()]
    )
    year_offset = forms.TypedChoiceField(
        label=_("År"),
        coerce=int,
        choices=[(0, _("samma år som perioden")), (1, _("året efter perioden"))],
    )
    remind_days_before = forms.IntegerField(
        label=_("Påminn dagar före"), min_value=0, max_value=90, initial=7
    )
    order = forms.IntegerField(label=_("Ordning"), min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, prefix_id: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, deadline: Deadline | None) -> dict[str, Any]:
        if deadline is None:
            return {"remind_days_before": 7, "order": 0, "year_offset": 0}
        return {
            "deadline": deadline.pk,
            "title": deadline.title,
            "period_kind": deadline.period_kind,
            "step": deadline.step,
            "day": deadline.day,
            "month": deadline.month,
            "year_offset": deadline.year_offset,
            "remind_days_before": deadline.remind_days_before,
            "order": deadline.order,
        }

    def values(self) -> dict[str, Any]:
        """The rule's fields, for the services."""
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "period_kind": data["period_kind"],
            "step": data["step"],
            "day": data["day"],
            "month": data["month"],
            "year_offset": data["year_offset"],
            "remind_days_before": data["remind_days_before"],
            "order": data["order"] or 0,
        }
