"""URLs of Inställningar → Rapportmallar: /installningar/<org>/rapportmallar/…

Included under /installningar/ before the set-up pages (steering.urls), whose
``<slug:organisation>/<int:year>/`` never matches these words.
"""

from django.urls import path

from reports import template_views as views

app_name = "report_templates"

urlpatterns = [
    path("<slug:organisation>/rapportmallar/", views.template_list, name="list"),
    path("<slug:organisation>/rapportmallar/ny/", views.template_create, name="create"),
    path("<slug:organisation>/rapportmallar/<int:template_id>/", views.template_edit, name="edit"),
    path(
        "<slug:organisation>/rapportmallar/<int:template_id>/spara/",
        views.template_save,
        name="save",
    ),
    path(
        "<slug:organisation>/rapportmallar/<int:template_id>/flytta/",
        views.template_move,
        name="move",
    ),
    path(
        "<slug:organisation>/rapportmallar/<int:template_id>/ta-bort/",
        views.template_delete,
        name="delete",
    ),
]
