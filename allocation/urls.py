"""URLs of the allocation app."""

from django.urls import path  # noqa: F401

app_name = "allocation"

urlpatterns: list = []
