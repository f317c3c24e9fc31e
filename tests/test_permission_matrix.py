"""The permission matrix: every URL pattern × every demo role, decided in one table.

Like pretix's and NetBox's view-permission tests: the URL patterns are walked from
the resolver, and a pattern missing from ``MATRIX`` fails the suite, so a new page
can't be added without writing down who may open it. The statuses below are written
out by hand (they are the specification), never recomputed from the visibility rule.

Reading the table (README, "Visibility: one rule"; ``scorecards.views.entry_access``):

- ``LOGIN``: 302 to /logga-in/ (LoginRequiredMiddleware); only healthz and the login
  page answer anonymous users.
- 404: the user may not see the unit period (no hint that it exists).
- 403: the user sees the unit period but may not enter anything on this page.
- 405: a POST-only endpoint asked with GET.
- Builds (``report:build_*``) are the requesting user's own: the demo build of the open
  period is the controller's, that of the approved period the manager's (who then
  fastställer it); everybody else gets 404, even the administrator.

The Django admin (``admin:*``) is covered by ``admin:index`` only: its other pages are
Django's own, behind ``AdminSite.admin_view``'s staff check (see ``ADMIN_EXEMPT``).

Besides the statuses, every request of the matrix checks that a GET changes nothing
in the database, and every endpoint that accepts POST is checked to refuse a POST
without a CSRF token (403, nothing written) while the same POST with the token
passes the CSRF check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection, models
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.services import api_token_create
from assignments.models import Assignment, AssignmentNote
from finance.models import CostCategory, FinanceFigure, FollowUpRow, FollowUpTable
from investments.models import InvestmentCategory, InvestmentOutcome
from reports.models import NarrativeSection, ReportBuild, ReportKind
from reports.services import report_build_request, report_build_run, report_edition_freeze
from reports.template_services import report_template_create
from scorecards.models import (
    Measure,
    MeasureOutcome,
    Organisation,
    Perspective,
    PerspectiveAssessment,
    StrategicGoal,
    SuccessFactor,
    Unit,
    UnitMembership,
    UnitPeriod,
)
from staff.models import StaffMonth

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]

# ------------------------------------------------------------------------ vocabulary

ROLES = ("anonymous", "controller", "controller_other", "manager", "reader", "admin")

UNIT = "lansteknik"
OPEN = "2021-T1"  # open: controller and manager of Länsteknik see it, the reader not
APPROVED = "2019-T1"  # approved: the region reader sees it too
NO_PERIOD = "-"  # a page without a unit period in its URL


@dataclass(frozen=True)
class Redirect:
    """302 to a login page (the ``Location`` starts with ``to``)."""

    to: str
    status: int = 302


LOGIN = Redirect("/logga-in/?next=")
ADMIN_LOGIN = Redirect("/admin/login/?next=")


@dataclass(frozen=True)
class Bug:
    """A status the application gets wrong: the correct one, and what happens instead.

    The case is collected as a strict xfail, so fixing the application turns it red
    until the ``Bug(...)`` is replaced by the plain status.
    """

    expected: int | Redirect
    reason: str


Expected = int | Redirect | Bug


def row(
    anonymous: Expected,
    controller: Expected,
    controller_other: Expected,
    manager: Expected,
    reader: Expected,
    admin: Expected,
) -> dict[str, Expected]:
    return dict(
        zip(ROLES, (anonymous, controller, controller_other, manager, reader, admin), strict=True)
    )


# ---------------------------------------------------------------------------- matrix
# pattern name → period of the URL → GET status per role. Columns: anonymous,
# controller, controller_other, manager, reader, admin (ROLES, in the order of `row`).

# fmt: off
MATRIX: dict[str, dict[str, dict[str, Expected]]] = {
    # Site shell.
    #              anon    ctrl    other   manager reader  admin
    "home": {
        NO_PERIOD: row(LOGIN,  200,    200,    200,    200,    200),
    },
    "healthz": {
        NO_PERIOD: row(200,    200,    200,    200,    200,    200),
    },
    "login": {
        NO_PERIOD: row(200,    200,    200,    200,    200,    200),
    },
    "logout": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    # An invitation's link: open to anyone (the token decides); a wrong one says so.
    "password_set": {
        NO_PERIOD: row(200,    200,    200,    200,    200,    200),
    },
    "password_set_done": {
        NO_PERIOD: row(200,    200,    200,    200,    200,    200),
    },
    "admin:index": {  # everybody but staff: Django's admin login
        NO_PERIOD: row(ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200),
    },

    # Scorecards.
    #              anon    ctrl    other   manager reader  admin
    "scorecards:scorecard": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    "scorecards:measure": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    "scorecards:entry": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "scorecards:entry_outcome": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "scorecards:period_status": {  # POST only
        OPEN:      row(LOGIN,  405,    405,    405,    405,    405),
        APPROVED:  row(LOGIN,  405,    405,    405,    405,    405),
    },
    # Every unit the user may see for the period; 404 when there is none.
    "scorecards:overview": {
        OPEN:      row(LOGIN,  200,    200,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    200,    200,    200,    200),
    },

    # Staff.
    #              anon    ctrl    other   manager reader  admin
    "staff:key_figures": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    "staff:entry": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "staff:entry_month": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },

    # Finance.
    #              anon    ctrl    other   manager reader  admin
    "finance:key_figures": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    "finance:entry": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "finance:entry_category": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "finance:entry_follow_up_row": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },

    # Investments.
    #              anon    ctrl    other   manager reader  admin
    "investments:key_figures": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    "investments:entry": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "investments:entry_category": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },

    # Assignments.
    #              anon    ctrl    other   manager reader  admin
    "assignments:entry": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "assignments:entry_note": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "assignments:entry_budget": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    # The unit's assignments of the year (walked with the year of each period); a reader
    # sees the unit, and the nulägen of approved periods only.
    "assignment_list:year": {
        OPEN:      row(LOGIN,  200,    404,    200,    200,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },

    # Goals with prognosis and indicators computed from counts.
    #              anon    ctrl    other   manager reader  admin
    "goals:page": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    "goals:entry_follow_up": {  # POST only
        OPEN:      row(LOGIN,  405,    405,    405,    405,    405),
        APPROVED:  row(LOGIN,  405,    405,    405,    405,    405),
    },
    "goals:entry_indicator": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    # A goal's occasions (indicators computed from them): POST only; the writes are
    # tested in tests/goals/test_occasions.py (other unit 404, manager 403).
    "goals:occasion_add": {
        OPEN:      row(LOGIN,  405,    405,    405,    405,    405),
    },
    "goals:occasion_edit": {
        OPEN:      row(LOGIN,  405,    405,    405,    405,    405),
    },
    "goals:occasion_delete": {
        OPEN:      row(LOGIN,  405,    405,    405,    405,    405),
    },

    # Internal control: the plan of the year (walked with the year of each period) is seen by
    # everybody who sees the unit, its follow-ups of approved periods only (readers);
    # the follow-up entry of a period is the controller's (a manager reads the plan page).
    #              anon    ctrl    other   manager reader  admin
    "internal_control:plan": {
        OPEN:      row(LOGIN,  200,    404,    200,    200,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    # No plan for 2021 in the demo: 404 for everybody who sees the unit.
    "internal_control:plan_pdf": {
        OPEN:      row(LOGIN,  404,    404,    404,    404,    404),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    "internal_control:follow_up": {
        OPEN:      row(LOGIN,  200,    404,    403,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    403,    403,    200),
    },

    # Inställningar (set-up): administrators set up everything; a manager (chef) opens
    # the pages of their organisation and sets their own unit's goals and measures;
    # everybody else who sees the organisation gets 403.
    #              anon    ctrl    other   manager reader  admin
    "steering:index": {
        NO_PERIOD: row(LOGIN,  403,    403,    200,    403,    200),
    },
    "steering:organisation": {
        NO_PERIOD: row(LOGIN,  403,    403,    200,    403,    200),
    },
    "steering:year": {
        NO_PERIOD: row(LOGIN,  403,    403,    200,    403,    200),
    },
    "steering:organisation_create": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:unit_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:membership_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:membership_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:year_create": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:perspective_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:perspective_move": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:perspective_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:strategic_goal_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:strategic_goal_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:success_factor_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:success_factor_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:unit_goal_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:unit_goal_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:measure_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:measure_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:measure_target_confirm": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    # The organisation's words and amount unit, and its report templates: administrators
    # only (as the organisation-wide set-up); a manager of the organisation gets 403.
    # Inställningar → Kolada: the administrator's (kolada/setup_views.py).
    "kolada_setup:page": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "kolada_setup:profile_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "kolada_setup:link_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "kolada_setup:link_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:words": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "steering:users": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "steering:periods": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "assignment_setup:list": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "control_setup:page": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "control_setup:plan_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "control_setup:risk_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "control_setup:risk_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "control_setup:activity_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "control_setup:activity_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "category_setup:page": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "category_setup:cost_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "category_setup:cost_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "category_setup:investment_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "category_setup:investment_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "assignment_setup:save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "assignment_setup:delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    # Ekonomisystem: the year's ledger mapping and the import of every unit at once.
    "ledger_setup:page": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "ledger_setup:import": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "ledger_setup:settings_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "ledger_setup:range_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "ledger_setup:range_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "ledger_setup:centre_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "ledger_setup:centre_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "ledger_setup:import_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "ledger_setup:mapping_export": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "ledger_setup:mapping_import": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    # A unit's import: the finance entry page's rule for figures (the manager writes texts).
    "ledger:import": {
        OPEN:      row(LOGIN,  200,    404,    403,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    403,    403,    200),
    },
    "ledger:import_save": {  # POST only
        OPEN:      row(LOGIN,  405,    405,    405,    405,    405),
        APPROVED:  row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:period_create": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:period_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:unit_period_add": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:unit_period_remove": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:user_invite": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:user_role_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:user_deactivate": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "steering:words_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "report_templates:list": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "report_templates:edit": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "report_templates:create": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "report_templates:save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "report_templates:move": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "report_templates:delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },

    # Årshjul of the organisation (NO_PERIOD: the demo's organisation and 2021): seen by
    # everybody who sees a unit of it; the rules and the reminder preview are the
    # administrator's (403 for the others).
    #              anon    ctrl    other   manager reader  admin
    "annual_cycle:calendar": {
        NO_PERIOD: row(LOGIN,  200,    200,    200,    200,    200),
    },
    "annual_cycle:reminders": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },
    "annual_cycle:deadline_create": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "annual_cycle:deadline_update": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "annual_cycle:deadline_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "annual_cycle:defaults_create": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },

    # Texts and history.
    #              anon    ctrl    other   manager reader  admin
    "reports:entry": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "reports:preview": {  # POST only
        OPEN:      row(LOGIN,  405,    405,    405,    405,    405),
        APPROVED:  row(LOGIN,  405,    405,    405,    405,    405),
    },
    "reports:entry_perspective_text": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "reports:entry_assessment": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "reports:entry_text": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    403,    200),
    },
    "reports:history": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },

    # Allocation in a joint committee (NO_PERIOD: the demo's organisation and 2021, where
    # the region has no members: an empty table): everybody who sees a unit of the
    # organisation reads it; administrators change it (POST only, 403 for the others).
    #              anon    ctrl    other   manager reader  admin
    "allocation:table": {
        NO_PERIOD: row(LOGIN,  200,    200,    200,    200,    200),
    },
    "allocation:export": {
        NO_PERIOD: row(LOGIN,  200,    200,    200,    200,    200),
    },
    "allocation:member_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "allocation:line_save": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    "allocation:line_delete": {  # POST only
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },

    # Excel: figures only, so the controller's (and the administrator's).
    #              anon    ctrl    other   manager reader  admin
    "spreadsheets:page": {
        OPEN:      row(LOGIN,  200,    404,    403,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    403,    403,    200),
    },
    "spreadsheets:export": {
        OPEN:      row(LOGIN,  200,    404,    403,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    403,    403,    200),
    },

    # Report page, PDF builds (the requester's own: the controller's in the open period,
    # the manager's in the approved one) and editions.
    #              anon    ctrl    other   manager reader  admin
    "report:page": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    "report:build_create": {  # POST only
        OPEN:      row(LOGIN,  405,    405,    405,    405,    405),
        APPROVED:  row(LOGIN,  405,    405,    405,    405,    405),
    },
    "report:build_status": {
        OPEN:      row(LOGIN,  200,    404,    404,    404,    404),
        APPROVED:  row(LOGIN,  404,    404,    200,    404,    404),
    },
    "report:build_pdf": {
        OPEN:      row(LOGIN,  200,    404,    404,    404,    404),
        APPROVED:  row(LOGIN,  404,    404,    200,    404,    404),
    },
    "report:edition_freeze": {  # POST only
        OPEN:      row(LOGIN,  405,    405,    405,    405,    405),
        APPROVED:  row(LOGIN,  405,    405,    405,    405,    405),
    },
    # Editions exist only for approved periods (an open one can't be fastställd).
    "report:edition_pdf": {
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },
    "report:edition_diff": {
        OPEN:      row(LOGIN,  200,    404,    200,    404,    200),
        APPROVED:  row(LOGIN,  200,    404,    200,    200,    200),
    },

    # Nytt verksamhetsår: administrators only; everybody else who sees the organisation
    # (through a unit of it) gets 403.
    #              anon    ctrl    other   manager reader  admin
    "rollover:plan": {
        NO_PERIOD: row(LOGIN,  403,    403,    403,    403,    200),
    },

    # The read API (/api/v1/): a bearer token or the session; 401 without either (no
    # redirect to a login page), the visibility rule of the pages otherwise. The OpenAPI
    # document is public; the docs page is behind the login; the root is only a prefix.
    #              anon    ctrl    other   manager reader  admin
    "api:openapi-json": {
        NO_PERIOD: row(200,    200,    200,    200,    200,    200),
    },
    "api:openapi-view": {
        NO_PERIOD: row(LOGIN,  200,    200,    200,    200,    200),
    },
    "api:api-root": {
        NO_PERIOD: row(404,    404,    404,    404,    404,    404),
    },
    "api:organisations": {
        NO_PERIOD: row(401,    200,    200,    200,    200,    200),
    },
    "api:units": {
        NO_PERIOD: row(401,    200,    200,    200,    200,    200),
    },
    "api:unit": {
        NO_PERIOD: row(401,    200,    404,    200,    200,    200),
    },
    "api:periods": {
        NO_PERIOD: row(401,    200,    404,    200,    200,    200),
    },
    "api:scorecard": {
        OPEN:      row(401,    200,    404,    200,    404,    200),
        APPROVED:  row(401,    200,    404,    200,    200,    200),
    },
    "api:finance": {
        OPEN:      row(401,    200,    404,    200,    404,    200),
        APPROVED:  row(401,    200,    404,    200,    200,    200),
    },
    "api:investments": {
        OPEN:      row(401,    200,    404,    200,    404,    200),
        APPROVED:  row(401,    200,    404,    200,    200,    200),
    },
    "api:assignments": {
        OPEN:      row(401,    200,    404,    200,    404,    200),
        APPROVED:  row(401,    200,    404,    200,    200,    200),
    },
    # API-nycklar: everybody's own tokens; revoking is a POST (the controller's token).
    "api_tokens:list": {
        NO_PERIOD: row(LOGIN,  200,    200,    200,    200,    200),
    },
    "api_tokens:revoke": {
        NO_PERIOD: row(LOGIN,  405,    405,    405,    405,    405),
    },
    # Sign-in with the identity provider: off in the tests' settings, so 404 (start is
    # POST only); tests/portal/test_oidc.py runs it against a provider.
    "sso:start": {
        NO_PERIOD: row(405,    405,    405,    405,    405,    405),
    },
    "sso:callback": {
        NO_PERIOD: row(404,    404,    404,    404,    404,    404),
    },
}
# fmt: on

# The rest of the Django admin: Django's own views behind AdminSite.admin_view, which
# sends everybody who is not active staff to the admin login (admin:index shows it).
ADMIN_EXEMPT = "admin:"

# URL parameters other than unit and period → the demo object they name (see `demo`).
URL_KWARGS: dict[str, dict[str, str]] = {
    "scorecards:measure": {"key": "measure_key"},
    "scorecards:entry_outcome": {"measure_id": "measure"},
    "staff:entry_month": {"month": "month"},
    "finance:entry_category": {"category_id": "cost_category"},
    "finance:entry_follow_up_row": {"row_id": "follow_up_row"},
    "investments:entry_category": {"category_id": "investment_category"},
    "assignments:entry_note": {"assignment_id": "assignment"},
    "assignments:entry_budget": {"assignment_id": "assignment"},
    "goals:entry_indicator": {"measure_id": "measure"},
    "goals:occasion_add": {"goal_id": "goal"},
    "goals:occasion_edit": {"goal_id": "goal", "occasion_id": "occasion"},
    "goals:occasion_delete": {"goal_id": "goal", "occasion_id": "occasion"},
    "reports:entry_perspective_text": {"perspective": "perspective"},
    "reports:entry_assessment": {"perspective": "perspective"},
    "reports:entry_text": {"kind": "narrative_kind"},
    "report:build_status": {"build_id": "build"},
    "report:build_pdf": {"build_id": "build"},
    "report:edition_pdf": {"number": "edition"},
    # Pages of a unit's year: the year of the walked period.
    "assignment_list:year": {"year": "year"},
    "internal_control:plan": {"year": "year"},
    "internal_control:plan_pdf": {"year": "year"},
    "allocation:table": {"organisation": "organisation", "year": "year"},
    "allocation:export": {"organisation": "organisation", "year": "year"},
    "allocation:member_save": {"organisation": "organisation", "year": "year"},
    "allocation:line_save": {"organisation": "organisation", "year": "year"},
    "allocation:line_delete": {"organisation": "organisation", "year": "year"},
    "annual_cycle:calendar": {"organisation": "organisation", "year": "year"},
    "annual_cycle:reminders": {"organisation": "organisation"},
    "annual_cycle:deadline_create": {"organisation": "organisation", "year": "year"},
    "annual_cycle:deadline_update": {"organisation": "organisation", "year": "year"},
    "annual_cycle:deadline_delete": {"organisation": "organisation", "year": "year"},
    "annual_cycle:defaults_create": {"organisation": "organisation", "year": "year"},
    "rollover:plan": {"organisation": "organisation"},
    "api_tokens:revoke": {"token_id": "api_token"},
    "steering:organisation": {"organisation": "organisation"},
    "steering:unit_save": {"organisation": "organisation"},
    "steering:membership_save": {"organisation": "organisation"},
    "steering:membership_delete": {"organisation": "organisation"},
    "steering:year_create": {"organisation": "organisation"},
    "steering:year": {"organisation": "organisation", "year": "year"},
    "steering:perspective_save": {"organisation": "organisation", "year": "year"},
    "steering:perspective_move": {"organisation": "organisation", "year": "year"},
    "steering:perspective_delete": {"organisation": "organisation", "year": "year"},
    "steering:strategic_goal_save": {"organisation": "organisation", "year": "year"},
    "steering:strategic_goal_delete": {"organisation": "organisation", "year": "year"},
    "steering:success_factor_save": {"organisation": "organisation", "year": "year"},
    "steering:success_factor_delete": {"organisation": "organisation", "year": "year"},
    "steering:unit_goal_save": {"organisation": "organisation", "year": "year"},
    "steering:unit_goal_delete": {"organisation": "organisation", "year": "year"},
    "steering:measure_save": {"organisation": "organisation", "year": "year"},
    "steering:measure_delete": {"organisation": "organisation", "year": "year"},
    "steering:measure_target_confirm": {"organisation": "organisation", "year": "year"},
    "kolada_setup:page": {"organisation": "organisation"},
    "kolada_setup:profile_save": {"organisation": "organisation"},
    "kolada_setup:link_save": {"organisation": "organisation"},
    "kolada_setup:link_delete": {"organisation": "organisation"},
    "steering:words": {"organisation": "organisation"},
    "steering:users": {"organisation": "organisation"},
    "steering:periods": {"organisation": "organisation", "year": "year"},
    "assignment_setup:list": {"organisation": "organisation", "year": "year"},
    "control_setup:page": {"organisation": "organisation", "year": "year"},
    "control_setup:plan_save": {"organisation": "organisation", "year": "year"},
    "control_setup:risk_save": {"organisation": "organisation", "year": "year"},
    "control_setup:risk_delete": {"organisation": "organisation", "year": "year"},
    "control_setup:activity_save": {"organisation": "organisation", "year": "year"},
    "control_setup:activity_delete": {"organisation": "organisation", "year": "year"},
    "category_setup:page": {"organisation": "organisation", "year": "year"},
    "category_setup:cost_save": {"organisation": "organisation", "year": "year"},
    "category_setup:cost_delete": {"organisation": "organisation", "year": "year"},
    "category_setup:investment_save": {"organisation": "organisation", "year": "year"},
    "category_setup:investment_delete": {"organisation": "organisation", "year": "year"},
    "assignment_setup:save": {"organisation": "organisation", "year": "year"},
    "assignment_setup:delete": {"organisation": "organisation", "year": "year"},
    "ledger_setup:page": {"organisation": "organisation", "year": "year"},
    "ledger_setup:import": {"organisation": "organisation", "year": "year"},
    "ledger_setup:settings_save": {"organisation": "organisation", "year": "year"},
    "ledger_setup:range_save": {"organisation": "organisation", "year": "year"},
    "ledger_setup:range_delete": {"organisation": "organisation", "year": "year"},
    "ledger_setup:centre_save": {"organisation": "organisation", "year": "year"},
    "ledger_setup:centre_delete": {"organisation": "organisation", "year": "year"},
    "ledger_setup:import_save": {"organisation": "organisation", "year": "year"},
    "ledger_setup:mapping_export": {"organisation": "organisation", "year": "year"},
    "ledger_setup:mapping_import": {"organisation": "organisation", "year": "year"},
    "steering:period_create": {"organisation": "organisation", "year": "year"},
    "steering:period_delete": {"organisation": "organisation", "year": "year"},
    "steering:unit_period_add": {"organisation": "organisation", "year": "year"},
    "steering:unit_period_remove": {"organisation": "organisation", "year": "year"},
    "steering:user_invite": {"organisation": "organisation"},
    "steering:user_role_delete": {"organisation": "organisation"},
    "steering:user_deactivate": {"organisation": "organisation"},
    "password_set": {"uidb64": "uidb64", "token": "token"},
    "steering:words_save": {"organisation": "organisation"},
    "report_templates:list": {"organisation": "organisation"},
    "report_templates:create": {"organisation": "organisation"},
    "report_templates:edit": {"organisation": "organisation", "template_id": "report_template"},
    "report_templates:save": {"organisation": "organisation", "template_id": "report_template"},
    "report_templates:move": {"organisation": "organisation", "template_id": "report_template"},
    "report_templates:delete": {"organisation": "organisation", "template_id": "report_template"},
}

# Query strings a page needs to show something (else it answers 404 to everybody).
QUERY: dict[str, dict[str, str]] = {
    "report:edition_diff": {OPEN: "?mot=foregaende", APPROVED: "?fran=1&till=1"},
}

# A 200 of these is a file, of this content type.
DOWNLOADS = {
    "report:build_pdf": "application/pdf",
    "internal_control:plan_pdf": "application/pdf",
    "report:edition_pdf": "application/pdf",
    "allocation:export": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "spreadsheets:export": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# GETs allowed to change the database, with the reason. There are none.
GET_CHANGES_STATE: dict[str, str] = {}


# ----------------------------------------------------------------------- URL patterns


@dataclass(frozen=True)
class Pattern:
    name: str | None  # "namespace:name"; None for an unnamed pattern
    route: str
    params: frozenset[str]


def _walk(
    patterns: list[Any], namespace: str = "", route: str = "", params: frozenset[str] = frozenset()
) -> Iterator[Pattern]:
    for entry in patterns:
        here = route + str(entry.pattern)
        names = params | frozenset(entry.pattern.converters or ()) | _regex_groups(entry)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, here, names)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Pattern(name, here, names)


def _regex_groups(entry: URLPattern | URLResolver) -> frozenset[str]:
    regex = getattr(entry.pattern, "_regex", None)
    if not isinstance(regex, str):
        return frozenset()
    return frozenset(re.compile(regex).groupindex)


def all_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))


def _periods(name: str) -> list[str]:
    return list(MATRIX[name])


def _matrix_cases() -> Iterator[Any]:
    for name, periods in MATRIX.items():
        for period, statuses in periods.items():
            for role, expected in statuses.items():
                case_id = f"{name}-{period}-{role}"
                if isinstance(expected, Bug):
                    mark = pytest.mark.xfail(strict=True, reason=f"BUG: {expected.reason}")
                    yield pytest.param(name, period, role, id=case_id, marks=mark)
                else:
                    yield pytest.param(name, period, role, id=case_id)


# ------------------------------------------------------------------------- demo data


@pytest.fixture(scope="module")
def demo(demo_module: None, django_db_blocker: Any) -> dict[str, dict[str, object]]:
    """Per period, the demo objects the URLs name; built once per module.

    Adds what the demo lacks for a complete matrix: a follow-up row in the approved
    period, an assignment in the open period's year, a finished PDF build per period
    (requested by the controller in the open period, by the manager in the approved
    one) and edition 1 of the approved period, fastställd by the manager. All of it is
    rolled back with the demo data at the end of the module. ``NO_PERIOD`` holds the
    open period's objects, for pages named by organisation and year only.
    """
    fast = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    with django_db_blocker.unblock(), fast:
        controller = User.objects.get(username="controller")
        manager = User.objects.get(username="manager")
        objects: dict[str, dict[str, object]] = {}
        for key in (OPEN, APPROVED):
            up = UnitPeriod.objects.select_related("unit", "period__year").get(
                unit__slug=UNIT, period__key=key
            )
            unit, period, year = up.unit, up.period, up.period.year
            measure = Measure.objects.get(
                goal__unit=unit, goal__perspective__year=year, key="major-incidents"
            )
            follow_up = FollowUpRow.objects.filter(table__unit=unit, table__period=period).first()
            if follow_up is None:
                table = FollowUpTable.objects.create(unit=unit, period=period, title="Covid-19")
                follow_up = FollowUpRow.objects.create(table=table, label="Övriga kostnader")
            assignment = Assignment.objects.filter(unit=unit, year=year).order_by("pk").first()
            if assignment is None:
                assignment = Assignment.objects.create(
                    unit=unit, year=year, slug="matris", title="Uppdrag för behörighetstestet"
                )
            requester = controller if key == OPEN else manager
            build = report_build_request(actor=requester, unit_period=up)
            build = report_build_run(build_id=build.pk)
            assert build.status == ReportBuild.Status.DONE
            objects[key] = {
                "unit_period": up,
                "measure_key": measure.key,
                "measure": measure.pk,
                # The region's goals have no indicator computed from occasions (404).
                "goal": measure.goal_id,
                "occasion": 0,
                "month": period.end_month,
                "cost_category": CostCategory.objects.filter(year=year).order_by("order")[0].pk,
                "follow_up_row": follow_up.pk,
                "investment_category": InvestmentCategory.objects.filter(
                    year=year, children__isnull=True
                )
                .order_by("pk")[0]
                .pk,
                "assignment": assignment.pk,
                "perspective": Perspective.objects.get(year=year, slug="verksamhet").slug,
                "narrative_kind": "summary",
                "build": build.pk,
                "organisation": unit.organisation.slug,
                "year": year.year,
            }
        edition = report_edition_freeze(
            actor=manager, build=ReportBuild.objects.get(pk=objects[APPROVED]["build"])
        )
        objects[APPROVED]["edition"] = edition.number
        # Pages of an organisation or a year (no unit period in the URL) take the open
        # period's organisation and year: the current verksamhetsår.
        objects[NO_PERIOD] = dict(objects[OPEN])
        reader = User.objects.get(username="reader")
        objects[NO_PERIOD] |= {
            "unit_id": objects[OPEN]["unit_period"].unit_id,  # type: ignore[attr-defined]
            "reader_id": reader.pk,
            "drift_id": Unit.objects.get(slug="lansteknik-drift").pk,
            "reader_membership": reader.unit_memberships.order_by("pk")[0].pk,
            # A link that is not valid: the page answers with its message.
            "uidb64": "MQ",
            "token": "fel-token",
        }
        # An årsrapport template of the organisation (the demo has none): made after the
        # builds and the edition, and for the kind of neither period, so they stay as they are.
        objects[NO_PERIOD]["report_template"] = report_template_create(
            actor=User.objects.get(username="admin"),
            organisation=Organisation.objects.get(slug=objects[OPEN]["organisation"]),
            kind=ReportKind.ANNUAL,
        ).pk
        # The controller's API token (revoked by the POST check).
        objects[NO_PERIOD]["api_token"] = api_token_create(user=controller, name="Matris").token.pk
        return objects


def url_for(demo: dict[str, dict[str, object]], name: str, period: str) -> str:
    pattern = next(p for p in all_patterns() if p.name == name)
    kwargs: dict[str, object] = {}
    if "unit" in pattern.params:
        kwargs["unit"] = UNIT
    if "period" in pattern.params:
        kwargs["period"] = period
    for param, source in URL_KWARGS.get(name, {}).items():
        kwargs[param] = demo[period][source]
    return reverse(name, kwargs=kwargs) + QUERY.get(name, {}).get(period, "")


def client_for(role: str, **options: Any) -> Client:
    client = Client(**options)
    if role != "anonymous":
        client.force_login(User.objects.get(username=role))
    return client


# -------------------------------------------------------------------- state snapshot


def _integer_version(model: type[models.Model]) -> str | None:
    for field in model._meta.concrete_fields:
        if field.name == "version" and isinstance(field, models.IntegerField):
            return field.column
    return None


def snapshot() -> dict[str, object]:
    """Rows of every table (history tables included), the sum of every integer
    ``version``, and the statuses of unit periods and report builds."""
    quote = connection.ops.quote_name
    parts: list[tuple[str, str]] = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        table = quote(meta.db_table)
        parts.append((f"{meta.label} rows", f"SELECT COUNT(*) FROM {table}"))
        version = _integer_version(model)
        if version:
            parts.append(
                (
                    f"{meta.label} versions",
                    f"SELECT COALESCE(SUM({quote(version)}), 0) FROM {table}",
                )
            )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"({sql})" for _, sql in parts))
        values = cursor.fetchone()
    state: dict[str, object] = {
        label: value for (label, _), value in zip(parts, values, strict=True)
    }
    state["unit period statuses"] = list(
        UnitPeriod.objects.order_by("pk").values_list("pk", "status")
    )
    state["report build statuses"] = list(
        ReportBuild.objects.order_by("pk").values_list("pk", "status")
    )
    return state


def changed(
    before: dict[str, object], after: dict[str, object]
) -> dict[str, tuple[object, object]]:
    return {k: (before[k], after.get(k)) for k in before if before[k] != after.get(k)}


# ----------------------------------------------------------------------------- tests


def test_every_url_pattern_is_in_the_matrix() -> None:
    """A new URL can't be added without deciding who may open it."""
    patterns = all_patterns()
    unnamed = [p.route for p in patterns if p.name is None and not p.route.startswith("admin/")]
    assert not unnamed, f"unnamed URL patterns can't be in the matrix: {unnamed}"
    names = [p.name for p in patterns if p.name is not None]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"URL names used twice (only one can be reversed): {duplicates}"
    covered = {n for n in names if n == "admin:index" or not n.startswith(ADMIN_EXEMPT)}
    missing = sorted(covered - MATRIX.keys())
    assert not missing, f"URL patterns without a row in MATRIX: {missing}"
    stale = sorted(MATRIX.keys() - covered)
    assert not stale, f"MATRIX rows for URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("name", list(MATRIX))
def test_matrix_rows_fit_their_url(name: str) -> None:
    """Every row names the periods its URL takes, and a demo object for each parameter."""
    pattern = next(p for p in all_patterns() if p.name == name)
    # A unit's page of a year is walked with the years of the open and approved periods.
    if "period" in pattern.params or {"unit", "year"} <= pattern.params:
        assert set(_periods(name)) <= {OPEN, APPROVED} and _periods(name)
    else:
        assert _periods(name) == [NO_PERIOD]
    assert pattern.params - {"unit", "period"} == set(URL_KWARGS.get(name, {}))
    for statuses in MATRIX[name].values():
        assert tuple(statuses) == ROLES


@pytest.mark.parametrize(("name", "period", "role"), list(_matrix_cases()))
def test_get_status(demo: dict[str, dict[str, object]], name: str, period: str, role: str) -> None:
    """The GET status of one pattern, period and role; and the GET writes nothing."""
    url = url_for(demo, name, period)
    client = client_for(role)
    before = snapshot()
    response: HttpResponse = client.get(url)
    after = snapshot()

    expected = MATRIX[name][period][role]
    if isinstance(expected, Bug):
        expected = expected.expected
    if isinstance(expected, Redirect):
        assert (response.status_code, response.get("Location", "")[: len(expected.to)]) == (
            expected.status,
            expected.to,
        ), f"{role} GET {url}"
    else:
        assert response.status_code == expected, f"{role} GET {url}"
    if response.status_code == 200 and name in DOWNLOADS:
        assert response["Content-Type"] == DOWNLOADS[name], f"{role} GET {url}"
    if name not in GET_CHANGES_STATE:
        assert changed(before, after) == {}, f"{role} GET {url} changed the database"


# ------------------------------------------------------------------- POST and CSRF

Payload = Callable[[dict[str, object]], dict[str, object]]


def _version(model: type[models.Model], **lookup: object) -> int:
    found = model._default_manager.filter(**lookup).values_list("version", flat=True).first()
    return int(found or 0)


def _up(objects: dict[str, object]) -> UnitPeriod:
    up = objects["unit_period"]
    assert isinstance(up, UnitPeriod)
    return up


def _deadline_form(objects: dict[str, object], new: bool = False) -> dict[str, object]:
    """The form of an årshjul rule: a new one, or the organisation's first one moved a day."""
    deadline = (
        apps.get_model("annual_cycle", "Deadline")
        .objects.filter(organisation__slug=objects["organisation"])
        .order_by("pk")
        .first()
    )
    assert deadline is not None
    return {
        "deadline": "" if new else deadline.pk,
        "title": "Behörighetstest" if new else deadline.title,
        "period_kind": deadline.period_kind,
        "step": deadline.step,
        "day": deadline.day % 28 + 1,
        "month": deadline.month,
        "year_offset": deadline.year_offset,
        "remind_days_before": deadline.remind_days_before,
        "order": deadline.order,
    }


def _allocation_line(objects: dict[str, object]) -> dict[str, object]:
    """A budget line of the organisation's year to remove (made here: the demo region has
    none; the module's demo data, and so the line, are rolled back at the end)."""
    line, _created = apps.get_model("allocation", "BudgetLine").objects.get_or_create(
        year=apps.get_model("scorecards", "Year").objects.get(
            organisation__slug=objects["organisation"], year=objects["year"]
        ),
        title="Behörighetstest, tas bort",
        defaults={"amount": 1000, "model": "equal", "rounding": "krona"},
    )
    return {"line": line.pk}


@dataclass(frozen=True)
class Post:
    """A POST by a role allowed to make it, with a form that is saved when the CSRF
    token is there (login: anonymous; fastställa: the manager; else the controller)."""

    period: str
    role: str
    data: Payload
    writes: bool  # does the accepted POST change the database?


def _steering_perspective(objects: dict[str, object]) -> int:
    """The demo's Verksamhet perspective of the page's year (set-up endpoints)."""
    return Perspective.objects.get(
        year__organisation__slug=objects["organisation"],
        year__year=objects["year"],
        slug="verksamhet",
    ).pk


def _steering_strategic_goal(objects: dict[str, object]) -> int:
    return StrategicGoal.objects.get(perspective=_steering_perspective(objects)).pk


def _steering_unit_goal(objects: dict[str, object]) -> int:
    return Measure.objects.get(pk=objects["measure"]).goal_id


POSTS: dict[str, Post] = {
    "login": Post(
        NO_PERIOD,
        "anonymous",
        lambda o: {"username": "controller", "password": "styrkort-demo"},
        writes=True,  # the session row
    ),
    "logout": Post(NO_PERIOD, "controller", lambda o: {}, writes=True),  # the session row
    "scorecards:entry_outcome": Post(
        OPEN,
        "controller",
        lambda o: {
            "value": "7",
            "comment": "Behörighetstest.",
            "version": _version(MeasureOutcome, measure=o["measure"], period=_up(o).period),
        },
        writes=True,
    ),
    "scorecards:period_status": Post(
        OPEN, "controller", lambda o: {"step": "submit", "confirm": "1"}, writes=True
    ),
    "staff:entry_month": Post(
        OPEN,
        "controller",
        lambda o: {
            "headcount": "120",
            "version": _version(
                StaffMonth, unit=_up(o).unit, year=_up(o).period.year.year, month=o["month"]
            ),
        },
        writes=True,
    ),
    "finance:entry_category": Post(
        OPEN,
        "controller",
        lambda o: {
            "comment": "Behörighetstest.",
            "version": _version(
                FinanceFigure,
                unit=_up(o).unit,
                period=_up(o).period,
                category=o["cost_category"],
            ),
        },
        writes=True,
    ),
    "finance:entry_follow_up_row": Post(
        OPEN,
        "controller",
        lambda o: {"amount": "500 000", "version": _version(FollowUpRow, pk=o["follow_up_row"])},
        writes=True,
    ),
    "investments:entry_category": Post(
        OPEN,
        "controller",
        lambda o: {
            "comment": "Behörighetstest.",
            "version": _version(
                InvestmentOutcome,
                unit=_up(o).unit,
                period=_up(o).period,
                category=o["investment_category"],
            ),
        },
        writes=True,
    ),
    "assignments:entry_note": Post(
        OPEN,
        "controller",
        lambda o: {
            "status": "in_progress",
            "text": "Behörighetstest.",
            "version": _version(AssignmentNote, assignment=o["assignment"], period=_up(o).period),
        },
        writes=True,
    ),
    "assignments:entry_budget": Post(
        OPEN,
        "controller",
        lambda o: {
            "unit": "hours",
            "budget": "180",
            "outcome": "173,5",
            "remaining": "9",
            "version": _version(
                apps.get_model("assignments", "AssignmentBudget"),
                assignment=o["assignment"],
                period=_up(o).period,
                unit="hours",
            ),
        },
        writes=True,
    ),
    "goals:entry_follow_up": Post(
        OPEN,
        "controller",
        lambda o: {
            "goal": Measure.objects.get(pk=o["measure"]).goal_id,
            "comment": "Behörighetstest.",
            "forecast": "at_risk",
            "version": _version(
                apps.get_model("goals", "GoalFollowUp"),
                goal__measures=o["measure"],
                period=_up(o).period,
            ),
        },
        writes=True,
    ),
    "goals:entry_indicator": Post(
        OPEN,
        "controller",
        lambda o: {
            "numerator": "9",
            "denominator": "14",
            "version": _version(
                apps.get_model("goals", "IndicatorCount"),
                measure=o["measure"],
                period=_up(o).period,
            ),
        },
        writes=True,
    ),
    # The region's goals have no occasions (404): the point is the token.
    "goals:occasion_add": Post(
        OPEN,
        "controller",
        lambda o: {"date": "2021-02-11", "title": "Möte", "version": "0"},
        writes=False,
    ),
    "goals:occasion_edit": Post(
        OPEN,
        "controller",
        lambda o: {"date": "2021-02-11", "title": "Möte", "version": "1"},
        writes=False,
    ),
    "goals:occasion_delete": Post(OPEN, "controller", lambda o: {"version": "1"}, writes=False),
    "reports:preview": Post(
        OPEN, "controller", lambda o: {"body": "**Förhandsgranska**"}, writes=False
    ),
    # The demo has no plan in 2021, so no activity to name (404): the point is the token.
    "internal_control:follow_up": Post(OPEN, "controller", lambda o: {}, writes=False),
    "reports:entry_text": Post(
        OPEN,
        "controller",
        lambda o: {
            "body": "Behörighetstest.",
            "version": _version(
                NarrativeSection,
                unit=_up(o).unit,
                period=_up(o).period,
                kind=o["narrative_kind"],
                perspective=None,
            ),
        },
        writes=True,
    ),
    "reports:entry_perspective_text": Post(
        OPEN,
        "controller",
        lambda o: {
            "body": "Behörighetstest.",
            "version": _version(
                NarrativeSection,
                unit=_up(o).unit,
                period=_up(o).period,
                kind="perspective",
                perspective__slug=o["perspective"],
                perspective__year=_up(o).period.year,
            ),
        },
        writes=True,
    ),
    "reports:entry_assessment": Post(
        OPEN,
        "controller",
        lambda o: {
            "attainment": "achieved",
            "text": "Behörighetstest.",
            "version": _version(
                PerspectiveAssessment,
                unit=_up(o).unit,
                period=_up(o).period,
                perspective__slug=o["perspective"],
                perspective__year=_up(o).period.year,
            ),
        },
        writes=True,
    ),
    # Without a file the form is invalid (422): the point here is the token.
    "spreadsheets:page": Post(OPEN, "controller", lambda o: {}, writes=False),
    # Allocation: the administrator adds a member and a budget line to the region's 2021,
    # and removes a budget line made for the test.
    "allocation:member_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"member": "ny", "name": "Behörighetstest", "inhabitants": "1 000"},
        writes=True,
    ),
    "allocation:line_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {
            "line": "ny",
            "title": "Behörighetstest",
            "amount": "1 000",
            "model": "equal",
            "rounding": "krona",
        },
        writes=True,
    ),
    "allocation:line_delete": Post(NO_PERIOD, "admin", lambda o: _allocation_line(o), writes=True),
    "report:build_create": Post(OPEN, "controller", lambda o: {}, writes=True),
    # Årshjul rules: the administrator's; a change or removal names the demo's first rule.
    "annual_cycle:deadline_create": Post(
        NO_PERIOD, "admin", lambda o: _deadline_form(o, new=True), writes=True
    ),
    "annual_cycle:deadline_update": Post(NO_PERIOD, "admin", _deadline_form, writes=True),
    "annual_cycle:deadline_delete": Post(
        NO_PERIOD, "admin", lambda o: {"deadline": _deadline_form(o)["deadline"]}, writes=True
    ),
    # The demo organisation has its årshjul already (422): the point is the token.
    "annual_cycle:defaults_create": Post(NO_PERIOD, "admin", lambda o: {}, writes=False),
    # Fastställa needs the approve right, an approved period and one's own build.
    "report:edition_freeze": Post(
        APPROVED, "manager", lambda o: {"build": o["build"]}, writes=True
    ),
    # Set-up: the administrator's, except a unit's goals and measures (the manager's).
    "steering:organisation_create": Post(
        NO_PERIOD, "admin", lambda o: {"name": "Behörighetstest", "slug": "behorighet"}, writes=True
    ),
    "steering:unit_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"name": "Behörighetstest", "slug": "behorighet", "kind": "department"},
        writes=True,
    ),
    "steering:membership_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"username": "reader", "unit": _up(o).unit.pk, "role": "controller"},
        writes=True,
    ),
    "steering:membership_delete": Post(
        NO_PERIOD,
        "admin",
        lambda o: {
            "id": UnitMembership.objects.filter(user__username="controller_other").first().pk  # type: ignore[union-attr]
        },
        writes=True,
    ),
    # The demo organisation has its years already (422): the point is the token.
    "steering:year_create": Post(NO_PERIOD, "admin", lambda o: {"year": "2030"}, writes=False),
    "steering:perspective_save": Post(
        NO_PERIOD, "admin", lambda o: {"name": "Behörighetstest", "description": ""}, writes=True
    ),
    # A move changes only the order, which the snapshot (rows, versions) doesn't see.
    "steering:perspective_move": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"id": _steering_perspective(o), "riktning": "upp"},
        writes=False,
    ),
    # Verksamhet has goals, so it is not deleted (422): the point is the token.
    "steering:perspective_delete": Post(
        NO_PERIOD, "admin", lambda o: {"id": _steering_perspective(o)}, writes=False
    ),
    "steering:strategic_goal_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"parent": _steering_perspective(o), "title": "Behörighetstest"},
        writes=True,
    ),
    "steering:strategic_goal_delete": Post(
        NO_PERIOD, "admin", lambda o: {"id": _steering_strategic_goal(o)}, writes=True
    ),
    "steering:success_factor_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"parent": _steering_strategic_goal(o), "title": "Behörighetstest"},
        writes=True,
    ),
    "steering:success_factor_delete": Post(
        NO_PERIOD,
        "admin",
        lambda o: {
            "id": SuccessFactor.objects.filter(strategic_goal=_steering_strategic_goal(o))
            .first()
            .pk  # type: ignore[union-attr]
        },
        writes=True,
    ),
    "steering:unit_goal_save": Post(
        NO_PERIOD,
        "manager",
        lambda o: {
            "parent": _up(o).unit.pk,
            "title": "Behörighetstest",
            "perspective": _steering_perspective(o),
        },
        writes=True,
    ),
    "steering:unit_goal_delete": Post(
        NO_PERIOD, "manager", lambda o: {"id": _steering_unit_goal(o)}, writes=True
    ),
    "steering:measure_save": Post(
        NO_PERIOD,
        "manager",
        lambda o: {
            "parent": _steering_unit_goal(o),
            "name": "Behörighetstest",
            "value_kind": "number",
            "decimals": "0",
            "target_direction": "qualitative",
            "frequency": "tertial",
        },
        writes=True,
    ),
    "steering:measure_delete": Post(
        NO_PERIOD, "manager", lambda o: {"id": o["measure"]}, writes=True
    ),
    # The demo's targets are not proposals, so nothing changes: the point is the token.
    "steering:measure_target_confirm": Post(
        NO_PERIOD, "manager", lambda o: {"id": o["measure"]}, writes=False
    ),
    # A wrong token: the page says the link is not valid, and nothing is written.
    "password_set": Post(
        NO_PERIOD,
        "anonymous",
        lambda o: {
            "new_password1": "Ett-langt-losenord-1",
            "new_password2": "Ett-langt-losenord-1",
        },
        writes=False,
    ),
    # Users: an invitation makes a user and a role; taking a role or deactivating writes.
    "steering:user_invite": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"email": "ny.person@example.se", "unit": o["unit_id"], "role": "reader"},
        writes=True,
    ),
    "steering:user_role_delete": Post(
        NO_PERIOD, "admin", lambda o: {"id": o["reader_membership"]}, writes=True
    ),
    "steering:user_deactivate": Post(
        NO_PERIOD, "admin", lambda o: {"id": o["reader_id"]}, writes=True
    ),
    # Periods: a new jan–maj with its unit periods; T1 cannot be removed, Länsteknik's T1
    # has outcomes and stays (refusals: nothing written); Drift gets a unit period.
    "steering:period_create": Post(NO_PERIOD, "admin", lambda o: {"end_month": "5"}, writes=True),
    "steering:period_delete": Post(
        NO_PERIOD, "admin", lambda o: {"id": o["unit_period"].period_id}, writes=False
    ),
    "steering:unit_period_add": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"id": o["unit_period"].period_id, "unit": o["drift_id"]},
        writes=True,
    ),
    "steering:unit_period_remove": Post(
        NO_PERIOD, "admin", lambda o: {"id": o["unit_period"].pk}, writes=False
    ),
    # Assignments: a new one for Länsteknik; the module's assignment has no nuläge in
    # 2021 (the matrix made it), so it may be removed.
    "assignment_setup:save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"unit": o["unit_id"], "title": "Behörighetstest", "slug": "behorighetstest"},
        writes=True,
    ),
    "assignment_setup:delete": Post(
        NO_PERIOD, "admin", lambda o: {"id": o["assignment"]}, writes=True
    ),
    # Internal control: Länsteknik's 2021 plan made as a draft; the other endpoints name
    # a plan that does not exist (404: nothing written, the token was what mattered).
    "control_setup:plan_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"unit": o["unit_id"], "status": "draft", "approved_by_title": ""},
        writes=True,
    ),
    "control_setup:risk_save": Post(NO_PERIOD, "admin", lambda o: {"plan": "0"}, writes=False),
    "control_setup:risk_delete": Post(
        NO_PERIOD, "admin", lambda o: {"plan": "0", "id": "0"}, writes=False
    ),
    "control_setup:activity_save": Post(
        NO_PERIOD, "admin", lambda o: {"plan": "0", "risk": "0"}, writes=False
    ),
    "control_setup:activity_delete": Post(
        NO_PERIOD, "admin", lambda o: {"plan": "0", "id": "0"}, writes=False
    ),
    # Ekonomisystem: the administrator changes the region's 2021 mapping; an import without
    # a file is invalid (422) and "Spara" naming no upload a 404: the point is the token.
    "ledger_setup:settings_save": Post(
        NO_PERIOD, "admin", lambda o: {"cost_centre_dimension": "2"}, writes=True
    ),
    "ledger_setup:range_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"first": "9000", "last": "9099", "category": "", "sign": "reverse"},
        writes=True,
    ),
    "ledger_setup:range_delete": Post(
        NO_PERIOD,
        "admin",
        lambda o: {
            "id": apps.get_model("ledger", "AccountRange")
            .objects.filter(
                mapping__year__organisation__slug=o["organisation"], mapping__year__year=o["year"]
            )
            .order_by("first")[0]
            .pk
        },
        writes=True,
    ),
    "ledger_setup:centre_save": Post(
        NO_PERIOD, "admin", lambda o: {"code": "99999", "unit": o["unit_id"]}, writes=True
    ),
    "ledger_setup:centre_delete": Post(
        NO_PERIOD,
        "admin",
        lambda o: {
            "id": apps.get_model("ledger", "CostCentre")
            .objects.filter(
                mapping__year__organisation__slug=o["organisation"], mapping__year__year=o["year"]
            )
            .order_by("code")[0]
            .pk
        },
        writes=True,
    ),
    "ledger_setup:import": Post(NO_PERIOD, "admin", lambda o: {}, writes=False),
    "ledger_setup:import_save": Post(NO_PERIOD, "admin", lambda o: {"upload": "0"}, writes=False),
    # Without a file nothing is replaced (the point is the token).
    "ledger_setup:mapping_import": Post(NO_PERIOD, "admin", lambda o: {}, writes=False),
    "ledger:import": Post(OPEN, "controller", lambda o: {}, writes=False),
    "ledger:import_save": Post(OPEN, "controller", lambda o: {"upload": "0"}, writes=False),
    # Categories: a new cost category and a new investment type are made; the module's
    # first category and type have outcomes, so their removal is refused (nothing written).
    "category_setup:cost_save": Post(
        NO_PERIOD, "admin", lambda o: {"name": "Behörighetstest", "kind": "other"}, writes=True
    ),
    "category_setup:cost_delete": Post(
        NO_PERIOD, "admin", lambda o: {"id": o["cost_category"]}, writes=False
    ),
    "category_setup:investment_save": Post(
        NO_PERIOD, "admin", lambda o: {"name": "Behörighetstest"}, writes=True
    ),
    "category_setup:investment_delete": Post(
        NO_PERIOD, "admin", lambda o: {"id": o["investment_category"]}, writes=False
    ),
    # Words and amount unit: saved as they are (no new row: the snapshot sees no change).
    # Kolada: the region's profile is changed in place (no row or version the snapshot
    # counts), a new link is a new row; removing link 0 is a 404 (the token is the point).
    "kolada_setup:profile_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {
            "profile-area_id": "0025",
            "profile-peer_group_name": "Norrland",
            "profile-peer_ids": "0024 0023",
        },
        writes=False,
    ),
    "kolada_setup:link_save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"link-measure_key": "major-incidents", "link-kpi": "N00091"},
        writes=True,
    ),
    "kolada_setup:link_delete": Post(NO_PERIOD, "admin", lambda o: {"id": "0"}, writes=False),
    "steering:words_save": Post(
        NO_PERIOD, "admin", lambda o: {"kind": "region", "amount_scale": "mnkr"}, writes=False
    ),
    # Report templates: the administrator's. A new one is a named kind (June) beside the
    # module's årsrapport template; save and move change its sections only (no new row).
    "report_templates:create": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"kind": "interim", "name": "Behörighetstest", "end_month": "6"},
        writes=True,
    ),
    "report_templates:save": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"order": ["summary", "staff"], "summary-included": "on", "staff-included": "on"},
        writes=False,
    ),
    "report_templates:move": Post(
        NO_PERIOD,
        "admin",
        lambda o: {
            "order": ["summary", "staff"],
            "summary-included": "on",
            "staff-included": "on",
            "flytta": "staff:upp",
        },
        writes=False,
    ),
    "report_templates:delete": Post(NO_PERIOD, "admin", lambda o: {"bekrafta": "ja"}, writes=True),
    # Creates the year after the demo's latest (2021 → 2022); rolled back with the test.
    "rollover:plan": Post(
        NO_PERIOD,
        "admin",
        lambda o: {"to": int(str(o["year"])) + 1, "confirm": "on"},
        writes=True,
    ),
    "api_tokens:list": Post(
        NO_PERIOD, "controller", lambda o: {"name": "Behörighetstest"}, writes=True
    ),
    # Revoking sets a date on the row (no new row, no version): the snapshot sees nothing.
    "api_tokens:revoke": Post(NO_PERIOD, "controller", lambda o: {}, writes=False),
    # Sign-in with the identity provider is off here: past the CSRF check, a 404.
    "sso:start": Post(NO_PERIOD, "anonymous", lambda o: {}, writes=False),
}


def test_post_endpoints_are_the_ones_listed(demo: dict[str, dict[str, object]]) -> None:
    """The endpoints whose view allows POST (its ``Allow`` header) are exactly POSTS.

    An OPTIONS request reaches the method check and no further, so it writes nothing.
    """
    client = client_for("admin")
    accepting, undeclared = set(), []
    before = snapshot()
    for name in MATRIX:
        if name.startswith(ADMIN_EXEMPT):
            continue
        response = client.options(url_for(demo, name, _periods(name)[0]))
        allow = {m.strip() for m in response.get("Allow", "").split(",") if m.strip()}
        if not allow:
            undeclared.append(name)
        if "POST" in allow:
            accepting.add(name)
    assert not undeclared, f"views that don't declare their HTTP methods: {undeclared}"
    assert accepting == set(POSTS)
    assert changed(before, snapshot()) == {}


@pytest.mark.parametrize("name", list(POSTS))
def test_post_without_csrf_token_is_refused(demo: dict[str, dict[str, object]], name: str) -> None:
    """403 and nothing written without the token; the same POST with it gets through."""
    post = POSTS[name]
    objects = demo.get(post.period, {})
    url = url_for(demo, name, post.period)
    client = client_for(post.role, enforce_csrf_checks=True)
    data = post.data(objects)

    before = snapshot()
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 403, f"{post.role} POST {url} without a token"
    assert changed(before, snapshot()) == {}, f"{post.role} POST {url} without a token wrote"

    # The same POST with the token: it passes the CSRF check (so the 403 was the token).
    client.get(reverse("login"))
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    accepted = client.post(url, data, HTTP_HX_REQUEST="true")
    assert accepted.status_code != 403, f"{post.role} POST {url} with the token"
    assert bool(changed(before, snapshot())) == post.writes, (
        f"{post.role} POST {url} with the token: {accepted.status_code}"
    )
