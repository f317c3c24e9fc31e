from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("", views.page, name="page"),
    path("uppfoljning/", views.entry_follow_up, name="entry_follow_up"),
    path("indikator/<int:measure_id>/", views.entry_indicator, name="entry_indicator"),
    path("tillfallen/<int:goal_id>/", views.occasion_add, name="occasion_add"),
    path("tillfallen/<int:goal_id>/<int:occasion_id>/", views.occasion_edit, name="occasion_edit"),
    path(
        "tillfallen/<int:goal_id>/<int:occasion_id>/ta-bort/",
        views.occasion_delete,
        name="occasion_delete",
    ),
]
