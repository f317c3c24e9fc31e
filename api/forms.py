from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=100,
        help_text=_("Vilket system eller vilken rapport som använder nyckeln."),
        error_messages={
            "required": _("Namn: ge nyckeln ett namn."),
            "max_length": _("Namn: högst %(limit_value)d tecken."),
        },
    )
