"""URLs of the annual_cycle app: /arshjul/<organisation>/…

The calendar of a year and the rule endpoints take the year of the page they answer
to; the rule named by a change or a removal travels in the form (``deadline``).
"""

from django.urls import path

from annual_cycle import views

app_name = "annual_cycle"

urlpatterns = [
    path("<slug:organisation>/paminnelser/", views.reminders, name="reminders"),
    path("<slug:organisation>/<int:year>/", views.calendar, name="calendar"),
    path(
        "<slug:organisation>/<int:year>/frister/ny/", views.deadline_create, name="deadline_create"
    ),
    path(
        "<slug:organisation>/<int:year>/frister/andra/",
        views.deadline_update,
        name="deadline_update",
    ),
    path(
        "<slug:organisation>/<int:year>/frister/ta-bort/",
        views.deadline_delete,
        name="deadline_delete",
    ),
    path(
        "<slug:organisation>/<int:year>/standardarshjul/",
        views.defaults_create,
        name="defaults_create",
    ),
]
