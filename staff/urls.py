from django.urls import path

from staff import views

app_name = "staff"

urlpatterns = [
    path("personal/", views.key_figures, name="key_figures"),
    path("registrera/personal/", views.entry, name="entry"),
    path("registrera/personal/manad/<int:month>/", views.entry_month, name="entry_month"),
]
