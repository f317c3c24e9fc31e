"""The staff month entry form: figures as Swedes write them, parsed by the one parser."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scorecards.forms import SwedishNumberField
from staff.models import StaffMonth
from staff.selectors import FIGURES


class StaffMonthForm(forms.ModelForm):
    """One month's staff figures (a row of the Personal entry page or of an import).

    A ModelForm so that the model's own checks (sick leave 0–100 %, decimal places)
    come back next to the field they concern; the service checks them again.
    """

    fte_rolling_12 = SwedishNumberField(label=_("Årsarbetare, rullande 12 mån"))
    headcount = SwedishNumberField(label=_("Antal anställda"))
    extra_time_hours = SwedishNumberField(label=_("Extratid, timmar (ackumulerat)"))
    sick_leave_total = SwedishNumberField(label=_("Sjukfrånvaro totalt (%)"))
    sick_leave_short = SwedishNumberField(label=_("Sjukfrånvaro kort (%)"))
    sick_leave_long = SwedishNumberField(label=_("Sjukfrånvaro lång (%)"))
    sick_leave_women = SwedishNumberField(label=_("Sjukfrånvaro kvinnor (%)"))
    sick_leave_men = SwedishNumberField(label=_("Sjukfrånvaro män (%)"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = StaffMonth
        fields = FIGURES

    def __init__(self, *args: Any, row_id: str, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        kwargs.setdefault("initial", {"version": instance.version if instance else 0})
        kwargs.setdefault("auto_id", f"id_{row_id}_%s")
        super().__init__(*args, **kwargs)
        # The inputs sit in table cells; the form element is in the row's last cell.
        self.form_id = f"{row_id}-form"
        for field in self.fields.values():
            field.widget.attrs["form"] = self.form_id

    def clean_headcount(self) -> int | None:
        value: Decimal | None = self.cleaned_data["headcount"]
        if value is None:
            return None
        if value != value.to_integral_value():
            raise forms.ValidationError(
                _("%(field)s: ange ett heltal."), params={"field": self.fields["headcount"].label}
            )
        return int(value)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FIGURES}
