"""The "Inställningar" link of the site navigation: shown to administrators and managers."""

from __future__ import annotations

from typing import Any

from django import template

from steering import rules

register = template.Library()


@register.filter
def may_set_up(user: Any) -> bool:
    """``{% if user|may_set_up %}``: the user may open the set-up pages."""
    return rules.may_open_set_up(user)
