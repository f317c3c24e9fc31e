"""Inställningar → Ekonomisystem: /installningar/<org>/<year>/ekonomisystem/ (the year's
mapping) and …/import/ (every unit's figures from one file)."""

from django.urls import path

from ledger import setup_views as views

app_name = "ledger_setup"

BASE = "<slug:organisation>/<int:year>/ekonomisystem/"

urlpatterns = [
    path(BASE, views.page, name="page"),
    path(f"{BASE}dimension/", views.settings_save, name="settings_save"),
    path(f"{BASE}konton/", views.range_save, name="range_save"),
    path(f"{BASE}konton/ta-bort/", views.range_delete, name="range_delete"),
    path(f"{BASE}kostnadsstallen/", views.centre_save, name="centre_save"),
    path(f"{BASE}kostnadsstallen/ta-bort/", views.centre_delete, name="centre_delete"),
    path(f"{BASE}mappning.xlsx", views.mapping_export, name="mapping_export"),
    path(f"{BASE}mappning/", views.mapping_import, name="mapping_import"),
    path(f"{BASE}import/", views.import_page, name="import"),
    path(f"{BASE}import/spara/", views.import_save, name="import_save"),
]
