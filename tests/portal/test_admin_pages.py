"""Every admin list, add and change page renders (the form renderer mixes Jinja2 widgets with the
admin's Django-template widget wrappers: see portal/forms.py)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


@pytest.mark.parametrize(("app", "model"), MODELS)
def test_admin_pages_render(app: str, model: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    add = client.get(reverse(f"admin:{app}_{model}_add"))
    assert add.status_code in (200, 403), f"{app}.{model}: {add.status_code}"
    first = apps.get_model(app, model)._default_manager.order_by("pk").first()
    if first is not None:
        change = client.get(reverse(f"admin:{app}_{model}_change", args=[first.pk]))
        assert change.status_code == 200, f"{app}.{model}: {change.status_code}"
