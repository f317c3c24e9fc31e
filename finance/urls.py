from django.urls import path

from finance import views

app_name = "finance"

urlpatterns = [
    path("ekonomi/", views.key_figures, name="key_figures"),
    path("registrera/ekonomi/", views.entry, name="entry"),
    path(
        "registrera/ekonomi/kategori/<int:category_id>/",
        views.entry_category,
        name="entry_category",
    ),
    path(
        "registrera/ekonomi/uppfoljning/<int:row_id>/",
        views.entry_follow_up_row,
        name="entry_follow_up_row",
    ),
]
