from django.urls import path

from investments import views

app_name = "investments"

urlpatterns = [
    path("investeringar/", views.key_figures, name="key_figures"),
]
