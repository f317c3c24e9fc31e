from django.urls import path

from spreadsheets import views

app_name = "spreadsheets"

urlpatterns = [
    path("excel/", views.page, name="page"),
    path("excel/export/", views.export, name="export"),
]
