"""Root URLs: the site shell here, each app's pages under its own prefix."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from api.urls import api_urls
from portal import views
from portal.forms import LoginForm

admin.site.site_header = _("Styrkort – administration")
admin.site.site_title = _("Styrkort")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "logga-in/",
        views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("logga-in/oidc/", include("sso.urls")),
    # The link of an invitation (Inställningar → Användare): choose a password once.
    path(
        "konto/losenord/<uidb64>/<token>/",
        # The view checks the token before the method: declare the methods first.
        require_http_methods(["GET", "POST"])(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="registration/password_set.html",
                success_url=reverse_lazy("password_set_done"),
            )
        ),
        name="password_set",
    ),
    path(
        "konto/losenord/klart/",
        require_GET(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="registration/password_set_done.html"
            )
        ),
        name="password_set_done",
    ),
    # Each app's pages of a unit period: its key figures and its entry section.
    path("styrkort/<slug:unit>/<str:period>/", include("staff.urls")),
    path("styrkort/<slug:unit>/<str:period>/", include("finance.urls")),
    path("styrkort/<slug:unit>/<str:period>/", include("ledger.urls")),
    path("styrkort/<slug:unit>/<str:period>/", include("investments.urls")),
    path("styrkort/<slug:unit>/<str:period>/", include("assignments.urls")),
    path("styrkort/<slug:unit>/<str:period>/", include("reports.urls")),
    path("styrkort/<slug:unit>/<str:period>/", include("spreadsheets.urls")),
    path("rapporter/<slug:unit>/<str:period>/", include("reports.report_urls")),
    path("uppdrag/", include("assignments.year_urls")),
    path("mal/<slug:unit>/<str:period>/", include("goals.urls")),
    path("internkontroll/", include("internal_control.urls")),
    # Set-up and the annual cycle of an organisation (organisation slug first).
    path("installningar/", include("reports.template_urls")),
    path("installningar/", include("assignments.setup_urls")),
    path("installningar/", include("internal_control.setup_urls")),
    path("installningar/", include("ledger.setup_urls")),
    path("installningar/", include("finance.setup_urls")),
    path("installningar/", include("kolada.setup_urls")),
    path("installningar/", include("steering.urls")),
    path("arshjul/", include("annual_cycle.urls")),
    path("fordelning/", include("allocation.urls")),
    path("nytt-verksamhetsar/", include("rollover.urls")),
    # The read API (/api/v1/, its OpenAPI document and docs) and the user's API tokens.
    path("api/v1/", api_urls),
    path("konto/api-nycklar/", include("api.urls")),
    path("", include("scorecards.urls")),
    path("admin/", admin.site.urls),
]
