"""Inställningar → Internkontroll: /installningar/<org>/<year>/internkontroll/ (?enhet=…)."""

from django.urls import path

from internal_control import setup_views as views

app_name = "control_setup"

BASE = "<slug:organisation>/<int:year>/internkontroll/"

urlpatterns = [
    path(BASE, views.page, name="page"),
    path(f"{BASE}plan/", views.plan_save, name="plan_save"),
    path(f"{BASE}risk/", views.risk_save, name="risk_save"),
    path(f"{BASE}risk/ta-bort/", views.risk_delete, name="risk_delete"),
    path(f"{BASE}aktivitet/", views.activity_save, name="activity_save"),
    path(f"{BASE}aktivitet/ta-bort/", views.activity_delete, name="activity_delete"),
]
