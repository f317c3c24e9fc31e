"""Inställningar → Uppdrag: /installningar/<org>/<year>/uppdrag/ (the year's assignments)."""

from django.urls import path

from assignments import views

app_name = "assignment_setup"

urlpatterns = [
    path("<slug:organisation>/<int:year>/uppdrag/", views.setup, name="list"),
    path("<slug:organisation>/<int:year>/uppdrag/spara/", views.setup_save, name="save"),
    path("<slug:organisation>/<int:year>/uppdrag/ta-bort/", views.setup_delete, name="delete"),
]
