"""Forms of the Ekonomisystem pages: the mapping's rows, and the upload of a ledger file.

Choice lists (categories, units, periods) are handed in by the view from rows the page
has already read, so the page costs no query per form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from common.limits import UPLOAD_BYTES
from ledger.models import Sign

Choices = list[tuple[Any, Any]]

# The file kinds the readers know (ledger.tabular.read_ledger).
FILE_ENDINGS = (".se", ".si", ".sie", ".csv", ".txt", ".xlsx")

_WHOLE = {
    "invalid": _("Skriv ett heltal."),
    "min_value": _("Talet får inte vara mindre än %(limit_value)s."),
    "max_value": _("Talet får inte vara större än %(limit_value)s."),
    "required": _("Fyll i fältet."),
}


class KeyedForm(forms.Form):
    """A form with ids unique on a page of many forms (``key`` names the form)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        kwargs["auto_id"] = f"id_{key}_%s"
        super().__init__(*args, **kwargs)
        self.form_key = key


class SettingsForm(KeyedForm):
    cost_centre_dimension = forms.IntegerField(
        label=_("Dimension för kostnadsställe"),
        min_value=1,
        max_value=99,
        error_messages=_WHOLE,
        help_text=_("Dimensionens nummer i SIE-filen (#DIM); 1 är kostnadsställe (ansvar)."),
    )


class AccountRangeForm(KeyedForm):
    first = forms.IntegerField(
        label=_("Från konto"), min_value=0, max_value=999_999_999, error_messages=_WHOLE
    )
    last = forms.IntegerField(
        label=_("Till konto"), min_value=0, max_value=999_999_999, error_messages=_WHOLE
    )
    category = forms.TypedChoiceField(
        label=_("Kostnadskategori"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Tom: kontona räknas inte, med avsikt (t.ex. balanskonton)."),
    )
    sign = forms.ChoiceField(label=_("Tecken"), choices=Sign.choices, initial=Sign.REVERSE)

    def __init__(self, *args: Any, categories: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("– räknas inte –")), *categories]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first is not None and last is not None and first > last:
            self.add_error("last", _("Till konto måste vara minst lika stort som från konto."))
        return data


class CostCentreForm(KeyedForm):
    code = forms.CharField(
        label=_("Kostnadsställe"),
        max_length=40,
        error_messages={"required": _("Fyll i kostnadsställets kod.")},
        help_text=_("Objektets kod i dimensionen, t.ex. 4100."),
    )
    unit = forms.TypedChoiceField(label=_("Enhet"), coerce=int)

    def __init__(self, *args: Any, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = units


class UploadForm(forms.Form):
    """A ledger export: SIE 4, CSV or Excel; on the organisation's page also the period."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    file = forms.FileField(
        label=_("Fil från ekonomisystemet (SIE 4, CSV eller Excel)"),
        help_text=_("Högst 5 MB: .se, .si, .sie, .csv, .txt eller .xlsx."),
        error_messages={"required": _("Välj en fil.")},
    )

    def __init__(self, *args: Any, periods: Choices | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        if periods is None:
            del self.fields["period"]
        else:
            field.required = True
            field.choices = periods
            field.error_messages["required"] = _("Välj period.")

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(FILE_ENDINGS):
            raise forms.ValidationError(
                _("Välj en SIE-fil (.se), en CSV-fil eller en Excel-arbetsbok (.xlsx).")
            )
        if upload.size is not None and upload.size > UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är större än 5 MB."))
        return upload
