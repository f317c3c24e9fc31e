"""URLs of the rollover app."""

from django.urls import path  # noqa: F401

app_name = "rollover"

urlpatterns: list = []
