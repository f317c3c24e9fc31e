"""Entry forms. Numbers are parsed by the one Swedish parser, with the field named."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.limits import COMMENT_CHARS, TextLimit
from common.numbers import format_number, parse_number
from scorecards import rules
from scorecards.models import Attainment, Forecast, Measure, MeasureOutcome


class SwedishNumberField(forms.CharField):
    """A number as Swedes write it: "4,8", "−32 533 999", "13 %". Empty is None."""

    def __init__(self, *, decimals: int | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.decimals = decimals
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_number(value, decimals=self.decimals or _places(value)).replace(
                "\u00a0", " "
            )
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text or not str(text).strip():
            return None
        return parse_number(str(text), field=str(self.label))


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


class OutcomeForm(forms.Form):
    """One measure's outcome for a period, as entered on the entry page or imported."""

    value = SwedishNumberField(label=_("Utfall"))
    text = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Utfall (text)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Kommentar/analys"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    forecast = forms.ChoiceField(
        label=_("Prognos för året"),
        required=False,
        choices=[("", _("– ingen prognos –")), *Forecast.choices],
    )
    manual_attainment = forms.ChoiceField(
        label=_("Manuell måluppfyllelse"),
        required=False,
        choices=[("", _("– beräknas från utfallet –")), *Attainment.choices],
    )
    override_justification = forms.CharField(
        validators=[TextLimit(COMMENT_CHARS)],
        label=_("Motivering till manuell måluppfyllelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Ticked after the question "0,725 ser ut som en andel av 1 …" to keep 0,725 %.
    confirm_fraction = forms.BooleanField(required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    FIGURE_FIELDS = ("value", "text", "forecast", "manual_attainment", "override_justification")

    def __init__(self, *args: Any, measure: Measure, prefix_id: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{prefix_id}_%s")
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.fields["value"].decimals = measure.decimals  # type: ignore[attr-defined]
        unit = measure.unit_of_measurement
        if unit:
            self.fields["value"].label = _("Utfall (%(unit)s)") % {"unit": unit}
        if measure.value_kind == Measure.ValueKind.TEXT:
            self.fields["text"].label = _("Utfall")

    @classmethod
    def initial_for(cls, outcome: MeasureOutcome | None) -> dict[str, Any]:
        if outcome is None:
            return {"version": 0}
        return {
            "value": outcome.value,
            "text": outcome.text,
            "comment": outcome.comment,
            "forecast": outcome.forecast,
            "manual_attainment": outcome.manual_attainment,
            "override_justification": outcome.override_justification,
            "version": outcome.version,
        }

    @property
    def value_rule(self) -> str:
        return rules.value_rule(self.measure)

    @property
    def asks_fraction(self) -> bool:
        """The value looked like a fraction: the row asks whether it is meant."""
        return self.has_error("value", code="fraction")

    def clean_value(self) -> Decimal | None:
        """What the measure can hold: a count is whole and not negative, a share lies
        within 0–100 % and a fraction-looking share is asked about."""
        value: Decimal | None = self.cleaned_data.get("value")
        if value is None:
            return None
        label = self.fields["value"].label
        rule = self.value_rule
        if rule == rules.ValueRule.COUNT:
            if value < 0:
                raise forms.ValidationError(
                    _("%(field)s är ett antal och kan inte vara negativt (%(value)s)."),
                    code="negative",
                    params={"field": label, "value": format_number(value, decimals=_places(value))},
                )
            if value != value.to_integral_value():
                raise forms.ValidationError(
                    _("%(field)s är ett antal och måste vara ett heltal, inte %(value)s."),
                    code="whole",
                    params={"field": label, "value": format_number(value, decimals=_places(value))},
                )
        elif rule == rules.ValueRule.SHARE:
            if not Decimal(0) <= value <= Decimal(100):
                raise forms.ValidationError(
                    _("%(field)s är en andel och ska ligga mellan 0 och 100 %%, inte %(value)s."),
                    code="share",
                    params={"field": label, "value": format_number(value, decimals=_places(value))},
                )
            if rules.looks_like_fraction(value) and not self.data.get(
                self.add_prefix("confirm_fraction")
            ):
                places = _places(value)
                raise forms.ValidationError(
                    _(
                        "%(value)s ser ut som en andel av 1. Menade du %(percent)s %%? Skriv "
                        "%(percent)s, eller kryssa i att du menar %(value)s %% och spara igen."
                    ),
                    code="fraction",
                    params={
                        "value": format_number(value, decimals=places),
                        "percent": format_number(value * 100, decimals=max(0, places - 2)),
                    },
                )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("manual_attainment") and not (data.get("override_justification") or "").strip():
            self.add_error(
                "override_justification",
                _("En manuell måluppfyllelse måste motiveras."),
            )
        return data

    def changes(self, *, figures: bool) -> dict[str, Any]:
        """The model fields to write; a user who may only comment changes the comment."""
        data = self.cleaned_data
        if not figures:
            return {"comment": data["comment"]}
        return {
            "value": data["value"],
            "text": data["text"],
            "comment": data["comment"],
            "forecast": data["forecast"],
            "manual_attainment": data["manual_attainment"],
            "override_justification": data["override_justification"],
        }
