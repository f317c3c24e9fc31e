from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # Connects the receiver that stores the login time (absolute session timeout).
        from portal import middleware  # noqa: F401
