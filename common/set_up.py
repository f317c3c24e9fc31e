"""Small pieces the set-up services of several apps share: a free slug among those taken
(and a year's kortnamn),
a field's label, and the audit record of a model without its own history (Django's
admin log, shown on the object's admin history)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.db import models
from django.utils.text import slugify

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def unique_slug(base: str, taken: Iterable[str], *, cut: int | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``… (``base`` cut to ``cut`` characters first)
    — the first not in ``taken``."""
    taken = set(taken)
    stem = base if cut is None else base[:cut]
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{stem}-{n}", n + 1
    return slug


def year_slug(
    others: models.QuerySet[Any], *, typed: str, current: str, name: str, fallback: str
) -> tuple[str, bool]:
    """The kortnamn of a set-up object of a year — the one typed, its own, or one made
    from its name that none of ``others`` (the year's other objects) has — and whether
    one of them has it already (then the service refuses it)."""
    slug = (
        typed.strip()
        or current
        or unique_slug(
            slugify(name)[:50] or fallback, others.values_list("slug", flat=True), cut=45
        )
    )
    return slug, others.filter(slug=slug).exists()


def field_label(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def admin_log(
    actor: AbstractBaseUser | AnonymousUser, obj: models.Model, flag: int, fields: list[str]
) -> None:
    """The audit record, in the admin's format (added, or the changed fields' names)."""
    message: list[dict[str, object]] = (
        [{"added": {}}]
        if flag == ADDITION
        else [{"changed": {"fields": fields}}]
        if flag == CHANGE
        else []
    )
    user_id = actor.pk
    assert user_id is not None  # an administrator: checked before any write
    LogEntry.objects.log_actions(
        user_id=user_id, queryset=[obj], action_flag=flag, change_message=message
    )
