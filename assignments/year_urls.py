"""The assignments page of a unit and year: /uppdrag/<unit>/<year>/.

The second URL segment is the year ("2019"); a period key of it ("2019-T1") shows the
same year, so older links keep working.
"""

from django.urls import path

from assignments import views

app_name = "assignment_list"

urlpatterns = [
    path("<slug:unit>/<str:year>/", views.year_page, name="year"),
]
