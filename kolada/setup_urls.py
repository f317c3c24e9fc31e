"""Inställningar → Kolada: /installningar/<org>/kolada/."""

from django.urls import path

from kolada import setup_views as views

app_name = "kolada_setup"

urlpatterns = [
    path("<slug:organisation>/kolada/", views.page, name="page"),
    path("<slug:organisation>/kolada/jamforelsegrupp/", views.profile_save, name="profile_save"),
    path("<slug:organisation>/kolada/nyckeltal/", views.link_save, name="link_save"),
    path("<slug:organisation>/kolada/nyckeltal/ta-bort/", views.link_delete, name="link_delete"),
]
