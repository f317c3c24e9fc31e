"""Läs in ekonomi för en enhet: /styrkort/<unit>/<period>/ekonomi/import/."""

from django.urls import path

from ledger import views

app_name = "ledger"

urlpatterns = [
    path("ekonomi/import/", views.unit_import, name="import"),
    path("ekonomi/import/spara/", views.unit_import_save, name="import_save"),
]
