"""Entry forms for a goal's follow-up, an indicator's counts and a goal's occasions."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.limits import COMMENT_CHARS, TextLimit
from goals.models import GoalFollowUp, IndicatorCount, Occasion
from goals.services import occasion_date_check
from scorecards.errors import EntryError
from scorecards.forms import SwedishNumberField
from scorecards.models import Forecast, Period


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


class OccasionForm(forms.Form):
    """A dated occasion of a goal: "Nämndsammanträde 2023-04-20, 10 av 14 närvarande"."""

    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Datum: skriv datumet som åååå-mm-dd.")},
    )
    title = forms.CharField(label=_("Tillfälle"), max_length=200)
    attended = forms.IntegerField(label=_("Närvarande"), required=False, min_value=0)
    of_total = forms.IntegerField(label=_("Av totalt"), required=False, min_value=0)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(
        self, *args: Any, prefix_id: str, period: Period, attendance: bool, **kwargs: Any
    ) -> None:
        kwargs["auto_id"] = f"id_{prefix_id}_%s"
        super().__init__(*args, **kwargs)
        self.period = period
        self.attendance = attendance

    @classmethod
    def initial_for(cls, occasion: Occasion | None, default_title: str = "") -> dict[str, Any]:
        if occasion is None:
            return {"title": default_title, "version": 0}
        return {
            "date": occasion.date,
            "title": occasion.title,
            "attended": occasion.attended,
            "of_total": occasion.of_total,
            "version": occasion.version,
        }

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        try:
            occasion_date_check(day, self.period)
        except EntryError as error:
            raise forms.ValidationError(error.message) from error
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        attended, total = data.get("attended"), data.get("of_total")
        if attended is not None and total is not None and attended > total:
            self.add_error(
                "attended",
                _("Närvarande (%(attended)s) kan inte vara fler än totalt (%(total)s).")
                % {"attended": attended, "total": total},
            )
        elif (
            (attended is None) != (total is None) or (self.attendance and attended is None)
        ) and not ({"attended", "of_total"} & set(self.errors)):
            self.add_error(
                "of_total" if attended is not None else "attended",
                _("Ange både närvarande och av totalt.")
                if not self.attendance
                else _("Ange hur många som var närvarande av totalt; målet följer närvaron."),
            )
        return data

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("date", "title", "attended", "of_total")}
