"""The upload form of the Excel page."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from common.limits import UPLOAD_BYTES

# An exported unit period is a few hundred kB; 5 MB leaves room for 10 000-row files.
MAX_UPLOAD_BYTES = UPLOAD_BYTES


class ImportForm(forms.Form):
    """An .xlsx exported from Styrkort, filled in."""

    file = forms.FileField(
        label=_("Excel-fil (.xlsx)"),
        help_text=_("Högst 5 MB. Utgå från en fil som exporterats från den här sidan."),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Välj en fil av typen .xlsx (Excel-arbetsbok)."))
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är större än 5 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":  # an .xlsx is a zip archive
            raise forms.ValidationError(_("Filen är inte en Excel-arbetsbok (.xlsx)."))
        return upload
