from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    """Sign-in with the organisation's identity provider (OIDC)."""

    name = "sso"
    verbose_name = _("Inloggning med organisationens konto")

    def ready(self) -> None:
        from sso import checks  # noqa: F401  (registers the settings check)
