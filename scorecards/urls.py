from django.urls import path

from scorecards import views

app_name = "scorecards"

urlpatterns = [
    path("styrkort/<slug:unit>/<str:period>/", views.scorecard, name="scorecard"),
    path("styrkort/<slug:unit>/<str:period>/matt/<slug:key>/", views.measure, name="measure"),
    path("styrkort/<slug:unit>/<str:period>/registrera/", views.entry, name="entry"),
    path(
        "styrkort/<slug:unit>/<str:period>/registrera/styrmatt/<int:measure_id>/",
        views.entry_outcome,
        name="entry_outcome",
    ),
    path("styrkort/<slug:unit>/<str:period>/status/", views.period_status, name="period_status"),
    path("oversikt/<str:period>/", views.overview, name="overview"),
]
