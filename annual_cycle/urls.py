"""URLs of the annual_cycle app."""

from django.urls import path  # noqa: F401

app_name = "annual_cycle"

urlpatterns: list = []
