from django.urls import path

from scorecards import views

app_name = "scorecards"

urlpatterns = [
    path("<slug:unit>/<str:period>/", views.scorecard, name="scorecard"),
]
