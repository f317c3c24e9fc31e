"""Inställningar → Kategorier: /installningar/<org>/<year>/kategorier/ (cost categories and
investment types of the year)."""

from django.urls import path

from finance import setup_views as views

app_name = "category_setup"

BASE = "<slug:organisation>/<int:year>/kategorier/"

urlpatterns = [
    path(BASE, views.page, name="page"),
    path(f"{BASE}kostnad/", views.cost_save, name="cost_save"),
    path(f"{BASE}kostnad/ta-bort/", views.cost_delete, name="cost_delete"),
    path(f"{BASE}investering/", views.investment_save, name="investment_save"),
    path(f"{BASE}investering/ta-bort/", views.investment_delete, name="investment_delete"),
]
