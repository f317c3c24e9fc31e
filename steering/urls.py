"""URLs of the set-up pages: /installningar/…

The pages are named by organisation slug (and year); the POST endpoints take the row
they change as a posted ``id`` (none: a new row) and its parent as ``parent``, so each
kind of row has one save endpoint.
"""

from django.urls import path

from steering import views

app_name = "steering"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny-organisation/", views.organisation_create, name="organisation_create"),
    path("<slug:organisation>/", views.organisation, name="organisation"),
    path("<slug:organisation>/enhet/", views.unit_save, name="unit_save"),
    path("<slug:organisation>/anvandare/", views.users, name="users"),
    path("<slug:organisation>/anvandare/bjud-in/", views.user_invite, name="user_invite"),
    path(
        "<slug:organisation>/anvandare/ta-bort-roll/",
        views.user_role_delete,
        name="user_role_delete",
    ),
    path(
        "<slug:organisation>/anvandare/inaktivera/",
        views.user_deactivate,
        name="user_deactivate",
    ),
    path("<slug:organisation>/behorighet/", views.membership_save, name="membership_save"),
    path(
        "<slug:organisation>/behorighet/ta-bort/",
        views.membership_delete,
        name="membership_delete",
    ),
    path("<slug:organisation>/benamningar/", views.words, name="words"),
    path("<slug:organisation>/benamningar/spara/", views.words_save, name="words_save"),
    path("<slug:organisation>/verksamhetsar/", views.year_create, name="year_create"),
    path("<slug:organisation>/<int:year>/", views.year, name="year"),
    path("<slug:organisation>/<int:year>/perioder/", views.periods, name="periods"),
    path("<slug:organisation>/<int:year>/perioder/ny/", views.period_create, name="period_create"),
    path(
        "<slug:organisation>/<int:year>/perioder/ta-bort/",
        views.period_delete,
        name="period_delete",
    ),
    path(
        "<slug:organisation>/<int:year>/perioder/enhet/",
        views.unit_period_add,
        name="unit_period_add",
    ),
    path(
        "<slug:organisation>/<int:year>/perioder/enhet/ta-bort/",
        views.unit_period_remove,
        name="unit_period_remove",
    ),
    path(
        "<slug:organisation>/<int:year>/perspektiv/",
        views.perspective_save,
        name="perspective_save",
    ),
    path(
        "<slug:organisation>/<int:year>/perspektiv/flytta/",
        views.perspective_move,
        name="perspective_move",
    ),
    path(
        "<slug:organisation>/<int:year>/perspektiv/ta-bort/",
        views.perspective_delete,
        name="perspective_delete",
    ),
    path(
        "<slug:organisation>/<int:year>/strategiskt-mal/",
        views.strategic_goal_save,
        name="strategic_goal_save",
    ),
    path(
        "<slug:organisation>/<int:year>/strategiskt-mal/ta-bort/",
        views.strategic_goal_delete,
        name="strategic_goal_delete",
    ),
    path(
        "<slug:organisation>/<int:year>/framgangsfaktor/",
        views.success_factor_save,
        name="success_factor_save",
    ),
    path(
        "<slug:organisation>/<int:year>/framgangsfaktor/ta-bort/",
        views.success_factor_delete,
        name="success_factor_delete",
    ),
    path("<slug:organisation>/<int:year>/mal/", views.unit_goal_save, name="unit_goal_save"),
    path(
        "<slug:organisation>/<int:year>/mal/ta-bort/",
        views.unit_goal_delete,
        name="unit_goal_delete",
    ),
    path("<slug:organisation>/<int:year>/styrmatt/", views.measure_save, name="measure_save"),
    path(
        "<slug:organisation>/<int:year>/styrmatt/ta-bort/",
        views.measure_delete,
        name="measure_delete",
    ),
    path(
        "<slug:organisation>/<int:year>/styrmatt/faststall/",
        views.measure_target_confirm,
        name="measure_target_confirm",
    ),
]
