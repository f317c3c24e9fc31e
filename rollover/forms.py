"""The confirmation of a rollover: the year shown on the page, and a tick."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RolloverForm(forms.Form):
    """Names the year the user saw in the plan, so a stale page can't create another one."""

    to = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1900,
        max_value=9999,
        error_messages={
            "required": _("Året som ska skapas saknas. Ladda om sidan."),
            "invalid": _("Året som ska skapas är inte ett årtal. Ladda om sidan."),
            "min_value": _("Året som ska skapas är inte ett årtal. Ladda om sidan."),
            "max_value": _("Året som ska skapas är inte ett årtal. Ladda om sidan."),
        },
    )
    confirm = forms.BooleanField(
        label=_("Jag har läst planen och vill skapa det nya verksamhetsåret."),
        error_messages={"required": _("Kryssa i rutan för att bekräfta att året ska skapas.")},
    )
