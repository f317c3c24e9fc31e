from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloverConfig(AppConfig):
    name = "rollover"
    verbose_name = _("Nytt verksamhetsår")
