"""Admin for allocation: changes are audited with the path "admin", like every write."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from allocation.models import BudgetLine, Inhabitants, MemberOrganisation
from scorecards.services import Via


class _AuditedAdmin(SimpleHistoryAdmin):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj._change_reason = Via.ADMIN
        super().save_model(request, obj, form, change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        obj._change_reason = Via.ADMIN
        super().delete_model(request, obj)


@admin.register(MemberOrganisation)
class MemberOrganisationAdmin(_AuditedAdmin):
    list_display = ["name", "organisation", "order"]
    list_filter = ["organisation"]


@admin.register(Inhabitants)
class InhabitantsAdmin(_AuditedAdmin):
    list_display = ["member", "year", "count"]
    list_filter = ["year__organisation", "year__year"]


@admin.register(BudgetLine)
class BudgetLineAdmin(_AuditedAdmin):
    list_display = ["title", "year", "amount", "model", "rounding", "order"]
    list_filter = ["year__organisation", "year__year", "model"]
