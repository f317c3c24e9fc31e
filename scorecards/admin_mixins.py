"""Admin write path: the admin writes figures, notes and texts through ``guarded_save``.

The same rules as the entry page and the import: the visibility rule decides the right,
a submitted, approved or locked unit period refuses the write, and the row's ``version``
refuses a stale form with the same conflict message ("… sparade en ändring … efter att
du öppnade sidan"); history records the path "admin". Rows of a closed period are
read-only. The form carries the version it was loaded with as a hidden field.

``ClosedPeriodAdminMixin`` is for a ModelAdmin of such rows, ``ClosedPeriodInlineMixin``
for an inline of them (assignment notes under their assignment), whose parent admin
mixes in ``InlineWriteAdminMixin``.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from scorecards.errors import DomainError, StaleVersion
from scorecards.models import Action, UnitPeriod
from scorecards.services import (
    Via,
    guarded_save,
    last_change,
    permission_check,
    unit_period_open_check,
)

ExtraCheck = Callable[[models.Model], None]


class RowWriteRules:
    """Which unit period a row belongs to, and the checks of the write path for it."""

    unit_attr = "unit"
    period_attr = "period"

    def unit_period_of(self, obj: models.Model) -> UnitPeriod | None:
        """The unit period whose lock holds for the row (None: it has none)."""
        try:
            unit = attrgetter(self.unit_attr)(obj)
            period = attrgetter(self.period_attr)(obj)
        except (AttributeError, models.ObjectDoesNotExist):
            return None
        return (
            UnitPeriod.objects.select_related("unit", "period__year")
            .filter(unit=unit, period=period)
            .first()
        )

    def write_target(self, obj: models.Model) -> tuple[UnitPeriod | None, ExtraCheck | None]:
        """The unit period to write the row through, and a check of its own (or None)."""
        return self.unit_period_of(obj), None

    def is_closed(self, obj: models.Model | None) -> bool:
        if obj is None or obj.pk is None:
            return False
        unit_period = self.unit_period_of(obj)
        return unit_period is not None and not unit_period.is_writable

    def write_check(self, user: Any, obj: models.Model, version: int | None) -> None:
        """Before the save, for the form's errors: rights, lock and version (DomainError or
        PermissionDenied). ``guarded_save`` checks them again inside its transaction."""
        unit_period, extra_check = self.write_target(obj)
        if unit_period is None:
            raise DomainError(_("Enheten har ingen rapportperiod för den här perioden."))
        permission_check(user, unit_period, Action.EDIT)
        unit_period_open_check(unit_period)
        if extra_check is not None:
            extra_check(obj)
        if obj.pk is not None and hasattr(obj, "version"):
            current = type(obj)._default_manager.filter(pk=obj.pk).first()
            if current is not None and current.version != version:  # type: ignore[attr-defined]
                raise StaleVersion(current, last_change(current))

    def write(self, user: Any, form: forms.ModelForm, obj: models.Model) -> models.Model:
        """Save the form's row through the one write path, with the path "admin"."""
        unit_period, extra_check = self.write_target(obj)
        if unit_period is None:
            raise DomainError(_("Enheten har ingen rapportperiod för den här perioden."))
        if not any(f.name == "version" for f in obj._meta.concrete_fields):
            # A row without a version of its own (a follow-up table's heading): the
            # lock and the right, checked with the period row held, then a plain save.
            with transaction.atomic():
                held = UnitPeriod.objects.select_for_update().get(pk=unit_period.pk)
                permission_check(user, held, Action.EDIT)
                unit_period_open_check(held)
                obj._change_reason = Via.ADMIN  # type: ignore[attr-defined]
                obj.save()
            return obj
        names = [name for name in form.changed_data if name != "version"]
        changes = {name: getattr(obj, name) for name in names if hasattr(obj, name)}
        if obj.pk is None:
            # A new row: every field the form set, so the row is complete when written.
            changes = {
                f.name: getattr(obj, f.name)
                for f in obj._meta.concrete_fields
                if f.editable and not f.primary_key and f.name != "version"
            }
        saved = guarded_save(
            actor=user,
            unit_period=unit_period,
            action=Action.EDIT,
            instance=obj,
            changes=changes,
            expected_version=form.cleaned_data.get("version") if obj.pk is not None else None,
            via=Via.ADMIN,
            extra_check=extra_check,
        )
        obj.pk = saved.pk
        obj.version = saved.version  # type: ignore[attr-defined]
        return saved


class _VersionedForm(forms.ModelForm):
    """Adds the write path's checks to an admin form, after the model's own."""

    rules: RowWriteRules
    user: Any

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors or not self.has_changed():
            return
        try:
            self.rules.write_check(self.user, self.instance, self.cleaned_data.get("version"))
        except DomainError as error:
            self.add_error(None, error.message)
        except PermissionDenied as error:
            self.add_error(None, str(error))


def _versioned_form(
    base: type[forms.ModelForm], rules: RowWriteRules, user: Any
) -> type[forms.ModelForm]:
    return type(base.__name__, (_VersionedForm, base), {"rules": rules, "user": user})


def _version_field(db_field: models.Field, formfield: forms.Field | None) -> forms.Field | None:
    if db_field.name == "version" and formfield is not None:
        # The version the form was loaded with, posted back unchanged: the stale check.
        return forms.IntegerField(widget=forms.HiddenInput, required=False)
    return formfield


class ClosedPeriodAdminMixin(RowWriteRules):
    """For a ModelAdmin of rows belonging to a unit and a period."""

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        return _version_field(db_field, formfield)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm]:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        return _versioned_form(form, self, request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.is_closed(obj):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.is_closed(obj):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.write(request.user, form, obj)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        obj._change_reason = Via.ADMIN
        super().delete_model(request, obj)  # type: ignore[misc]

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc,no-any-return]
        except DomainError as error:
            # Refused inside the write transaction after the form's own check passed (a
            # save in between): nothing was written; the form again, with the reason.
            messages.error(request, error.message)
            return HttpResponseRedirect(request.get_full_path())


class ClosedPeriodInlineMixin(RowWriteRules):
    """For an inline of rows belonging to a unit and a period (e.g. assignment notes):
    rows of a closed period are refused, stale rows get the conflict, writes go through
    ``guarded_save`` (the parent admin mixes in ``InlineWriteAdminMixin``)."""

    def formfield_for_dbfield(
        self, db_field: models.Field, request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        return _version_field(db_field, formfield)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = _versioned_form(formset.form, self, request.user)
        return formset


class InlineWriteAdminMixin:
    """For the parent admin of a ``ClosedPeriodInlineMixin`` inline: its rows are saved
    one by one through the write path; deleting a row of a closed period is refused."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        rules = getattr(formset.form, "rules", None)
        if not isinstance(rules, RowWriteRules):
            super().save_formset(request, form, formset, change)  # type: ignore[misc]
            return
        # What the admin's change message reads (ModelFormSet.save sets the same).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row_form in formset.forms:
            if not row_form.has_changed() or row_form in formset.deleted_forms:
                continue
            new = row_form.instance.pk is None
            obj = row_form.save(commit=False)
            rules.write(request.user, row_form, obj)
            if new:
                formset.new_objects.append(obj)
            else:
                formset.changed_objects.append((obj, row_form.changed_data))
        for row_form in formset.deleted_forms:
            obj = row_form.instance
            if obj.pk is None:
                continue
            if rules.is_closed(obj):
                raise PermissionDenied(_("Perioden är inte öppen; raden togs inte bort."))
            obj._change_reason = Via.ADMIN
            obj.delete()
            formset.deleted_objects.append(obj)
