"""Internal control pages of a unit: /internkontroll/<unit>/<year>/…

The second segment is the year ("2019"); a period key of it ("2019-T1") names the same
year. It is named ``period`` like every other unit page's, so the permission matrix
walks it with its open and approved periods. The follow-up page takes the period it
follows up ("2019" = helår 2019, "2019-T1"), whose year names the plan.
"""

from django.urls import path

from internal_control import views

app_name = "internal_control"

urlpatterns = [
    path("<slug:unit>/<str:period>/", views.plan, name="plan"),
    path("<slug:unit>/<str:period>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("<slug:unit>/<str:period>/uppfoljning/", views.follow_up, name="follow_up"),
]
