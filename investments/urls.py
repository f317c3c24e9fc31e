from django.urls import path

from investments import views

app_name = "investments"

urlpatterns = [
    path("investeringar/", views.key_figures, name="key_figures"),
    path("registrera/investeringar/", views.entry, name="entry"),
    path(
        "registrera/investeringar/typ/<int:category_id>/",
        views.entry_category,
        name="entry_category",
    ),
]
