from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    path("personal/", views.key_figures, name="key_figures"),
]
