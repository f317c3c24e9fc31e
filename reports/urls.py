from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("registrera/texter/", views.entry, name="entry"),
    # Before <kind>/, which would otherwise take the word as a kind.
    path("registrera/texter/forhandsgranska/", views.preview, name="preview"),
    path(
        "registrera/texter/perspektiv/<slug:perspective>/",
        views.entry_perspective_text,
        name="entry_perspective_text",
    ),
    path(
        "registrera/texter/perspektiv/<slug:perspective>/bedomning/",
        views.entry_assessment,
        name="entry_assessment",
    ),
    path("registrera/texter/<slug:kind>/", views.entry_text, name="entry_text"),
    path("historik/", views.history, name="history"),
]
