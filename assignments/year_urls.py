"""The assignments page of a unit and year: /uppdrag/<unit>/<year>/.

The second URL segment is the year ("2019"); a period key of it ("2019-T1") shows the
same year. It is named ``period`` like every other unit page's, so the permission
matrix can walk it with its open and approved periods.
"""

from django.urls import path

from assignments import views

app_name = "assignment_list"

urlpatterns = [
    path("<slug:unit>/<str:period>/", views.year_page, name="year"),
]
