from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnualCycleConfig(AppConfig):
    name = "annual_cycle"
    verbose_name = _("Årshjul")
