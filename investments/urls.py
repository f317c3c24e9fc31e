from django.urls import path

from investments import views

app_name = "investments"

urlpatterns = [
    path("", views.key_figures, name="key_figures"),
]
