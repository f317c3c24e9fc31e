from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    path("", views.key_figures, name="key_figures"),
]
