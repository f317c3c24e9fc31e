from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("", views.page, name="page"),
    path("uppfoljning/", views.entry_follow_up, name="entry_follow_up"),
    path("indikator/<int:measure_id>/", views.entry_indicator, name="entry_indicator"),
]
