"""The shell's forms: the form renderer (Django's Jinja2 widget templates, Django templates
where only those exist) and the login form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.forms import CharField
from django.forms.renderers import DjangoTemplates, Jinja2
from django.template.exceptions import TemplateDoesNotExist


class FormRenderer(Jinja2):
    """Widgets through Django's own Jinja2 widget templates: the same HTML (whitespace
    aside) at half the cost of the Django-template ones (entry page 129 → 68 ms, six
    widgets per measure row). Templates that exist only for Django's engine — the admin's
    widget wrappers — are taken from there."""

    fallback = DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)


class LoginForm(AuthenticationForm):
    """Django's login form, with the user name's length checked before authenticating.

    Django sets the field's ``max_length`` after the field is built, so no validator
    checks it: a 300-character name reached ``authenticate`` and django-axes' record of
    the failed attempt (a 255-character column) failed on PostgreSQL with a 500.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        if isinstance(username, CharField) and username.max_length is not None:
            username.validators.append(MaxLengthValidator(username.max_length))
