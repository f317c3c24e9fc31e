from django.urls import path

from scorecards import views

app_name = "scorecards"

urlpatterns = [
    path("styrkort/<slug:unit>/<str:period>/", views.scorecard, name="scorecard"),
    path("styrkort/<slug:unit>/<str:period>/matt/<slug:key>/", views.measure, name="measure"),
    path("oversikt/<str:period>/", views.overview, name="overview"),
]
