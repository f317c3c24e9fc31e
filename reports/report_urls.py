"""The report pages of a unit period, at /rapporter/<unit>/<period>/."""

from django.urls import path

from reports import report_views as views

app_name = "report"

urlpatterns = [
    path("", views.report, name="page"),
    path("pdf/", views.build_create, name="build_create"),
    path("pdf/<int:build_id>/", views.build_status, name="build_status"),
    path("pdf/<int:build_id>/rapport.pdf", views.build_pdf, name="build_pdf"),
    path("faststall/", views.edition_freeze, name="edition_freeze"),
    path("utgavor/<int:number>.pdf", views.edition_pdf, name="edition_pdf"),
    path("jamfor/", views.edition_diff, name="edition_diff"),
]
