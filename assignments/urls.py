from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    path("registrera/uppdrag/", views.entry, name="entry"),
    path(
        "registrera/uppdrag/<int:assignment_id>/",
        views.entry_note,
        name="entry_note",
    ),
    path(
        "registrera/uppdrag/<int:assignment_id>/budget/",
        views.entry_budget,
        name="entry_budget",
    ),
]
