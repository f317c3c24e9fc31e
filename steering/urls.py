"""URLs of the steering app."""

from django.urls import path  # noqa: F401

app_name = "steering"

urlpatterns: list = []
