"""URLs of the allocation app: /fordelning/<organisation>/<year>/…"""

from django.urls import path

from allocation import views

app_name = "allocation"

urlpatterns = [
    path("<slug:organisation>/<int:year>/", views.table, name="table"),
    path("<slug:organisation>/<int:year>/excel/", views.export, name="export"),
    path("<slug:organisation>/<int:year>/medlemmar/", views.member_save, name="member_save"),
    path("<slug:organisation>/<int:year>/budgetrader/", views.line_save, name="line_save"),
    path(
        "<slug:organisation>/<int:year>/budgetrader/ta-bort/",
        views.line_delete,
        name="line_delete",
    ),
]
