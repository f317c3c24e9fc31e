from django.urls import path

from finance import views

app_name = "finance"

urlpatterns = [
    path("ekonomi/", views.key_figures, name="key_figures"),
]
