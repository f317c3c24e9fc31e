"""Admin for the steering model (the set-up pages in steering/ are the everyday way).

Measures obey the same frozen-figures rule as the set-up pages (``scorecards.frozen``):
once a period of their unit's year is closed, what decides a light is read-only here too.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from scorecards import models
from scorecards.admin_mixins import ClosedPeriodAdminMixin
from scorecards.frozen import FROZEN_MEASURE_FIELDS, measures_frozen_reason
from scorecards.services import Via


class UnitMembershipInline(admin.TabularInline):
    model = models.UnitMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "parent", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "slug"]
    readonly_fields = ["path"]
    inlines = [UnitMembershipInline]


@admin.register(models.UnitMembership)
class UnitMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit"]
    autocomplete_fields = ["user", "unit"]


class PeriodInline(admin.TabularInline):
    model = models.Period
    extra = 0
    readonly_fields = ["key"]


@admin.register(models.Year)
class YearAdmin(admin.ModelAdmin):
    list_display = ["organisation", "year"]
    list_filter = ["organisation"]
    inlines = [PeriodInline]


@admin.register(models.Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "end_month", "year"]
    list_filter = ["year__organisation", "kind"]
    readonly_fields = ["key"]


@admin.register(models.UnitPeriod)
class UnitPeriodAdmin(SimpleHistoryAdmin):
    """Report metadata only: the status moves through the workflow on the unit period's
    status page (Klarmarkera, Godkänn, Lås; reopening with a reason, in the history)."""

    list_display = ["unit", "period", "status", "document_id", "document_version"]
    list_filter = ["status", "period__year__year", "unit"]
    readonly_fields = ["unit", "period", "status"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        # A new unit period (rarely: services create them) starts open; unit and period
        # are chosen then and fixed afterwards.
        return ["status"] if obj is None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj._change_reason = Via.ADMIN
        super().save_model(request, obj, form, change)


class StrategicGoalInline(admin.TabularInline):
    model = models.StrategicGoal
    extra = 0


@admin.register(models.Perspective)
class PerspectiveAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "order"]
    list_filter = ["year"]
    inlines = [StrategicGoalInline]


class SuccessFactorInline(admin.TabularInline):
    model = models.SuccessFactor
    extra = 0


@admin.register(models.StrategicGoal)
class StrategicGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "perspective", "order"]
    list_filter = ["perspective__year"]
    inlines = [SuccessFactorInline]


@admin.register(models.SuccessFactor)
class SuccessFactorAdmin(admin.ModelAdmin):
    list_display = ["title", "strategic_goal", "order"]
    search_fields = ["title"]


@admin.register(models.FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "year", "order"]
    list_filter = ["unit", "year"]


def _frozen(measures: Any) -> bool:
    return measures_frozen_reason(measures) is not None


class MeasureInline(admin.StackedInline):
    model = models.Measure
    extra = 0

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        if obj is not None and _frozen(obj.measures.select_related("goal__perspective")):
            return FROZEN_MEASURE_FIELDS
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        frozen = obj is not None and _frozen(obj.measures.select_related("goal__perspective"))
        return not frozen and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        frozen = obj is not None and _frozen(obj.measures.select_related("goal__perspective"))
        return not frozen and super().has_delete_permission(request, obj)


@admin.register(models.UnitGoal)
class UnitGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "perspective", "order"]
    list_filter = ["unit", "perspective__year", "perspective"]
    inlines = [MeasureInline]


@admin.register(models.Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "goal", "target_direction", "target_value", "frequency"]
    list_filter = ["goal__unit", "goal__perspective__year", "target_direction", "frequency"]
    search_fields = ["name", "key"]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> list[str] | tuple[str, ...]:
        if obj is not None and _frozen([obj]):
            return FROZEN_MEASURE_FIELDS
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not (obj is not None and _frozen([obj])) and super().has_delete_permission(
            request, obj
        )


@admin.register(models.MeasureOutcome)
class MeasureOutcomeAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    unit_attr = "measure.goal.unit"
    list_display = ["measure", "period", "value", "manual_attainment", "forecast"]
    list_filter = ["period", "measure__goal__unit"]


@admin.register(models.PerspectiveAssessment)
class PerspectiveAssessmentAdmin(ClosedPeriodAdminMixin, SimpleHistoryAdmin):
    list_display = ["unit", "period", "perspective", "attainment"]
    list_filter = ["period", "unit"]
