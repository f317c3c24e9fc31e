"""Internal control pages of a unit: /internkontroll/<unit>/<year>/…

The plan's second segment is the year ("2019"; a period key of it, "2019-T1", names the
same year, so older links keep working). The follow-up page takes the period it follows
up ("2019" = helår 2019, "2019-T1"), whose year names the plan.
"""

from django.urls import path

from internal_control import views

app_name = "internal_control"

urlpatterns = [
    path("<slug:unit>/<str:year>/", views.plan, name="plan"),
    path("<slug:unit>/<str:year>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("<slug:unit>/<str:period>/uppfoljning/", views.follow_up, name="follow_up"),
]
