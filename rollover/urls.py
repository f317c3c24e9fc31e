"""URLs of the rollover app: /nytt-verksamhetsar/<organisation>/."""

from django.urls import path

from rollover import views

app_name = "rollover"

urlpatterns = [
    path("<slug:organisation>/", views.plan, name="plan"),
]
