"""The entry-row protocol: how every entry page lets a user write one row.

An entry page shows rows (a measure, a month, a cost category, a text, …), each with
its own form. Saving a row is the same everywhere, so it is written once here:

    validate the posted form → call the row's service → re-read the row →
    htmx: the row's partial (200 saved, 409 conflict, 422 invalid or refused);
    no JavaScript: back to the row with "Sparat: …" on success, else the whole page
    with this row showing what went wrong.

A handler says only what differs: how to read its row (``row``) and bind its form
(``form``), which service saves it (``save``, usually ``save_with``), and which
templates show it (``render_row``, ``render_page``). ``EntryAccess`` answers "may this user write
here now" for the page, from the one visibility rule (``allowed_actions``, no query)
and the period lock (``UnitPeriod.is_writable``). The core imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from scorecards.errors import DomainError, StaleVersion, error_status
from scorecards.models import Action, UnitPeriod, allowed_actions
from scorecards.selectors import unit_period_for
from scorecards.services import Via

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


# ------------------------------------------------------------------------ the write check


@dataclass(frozen=True)
class EntryAccess:
    """What the user may write on the entry pages of one unit period, asked once."""

    unit_period: UnitPeriod
    actions: frozenset[str]  # allowed_actions(user, unit_period)

    @classmethod
    def of(cls, user: AbstractBaseUser | AnonymousUser, unit_period: UnitPeriod) -> EntryAccess:
        return cls(unit_period, allowed_actions(user, unit_period))

    @property
    def figures(self) -> bool:
        """May enter figures (controller, admin)."""
        return Action.EDIT in self.actions

    @property
    def texts(self) -> bool:
        """May write comments and analysis (controller, manager, admin)."""
        return self.figures or Action.ANALYSE in self.actions

    @property
    def writable(self) -> bool:
        """The period is open (the lock rule of every write path)."""
        return self.unit_period.is_writable

    def may(self, action: str) -> bool:
        """The user holds ``action`` on this unit period (whatever its status)."""
        return action in self.actions

    @property
    def may_reopen(self) -> bool:
        """An administrator may open a submitted, approved or locked period again."""
        return self.may(Action.ADMIN) and not self.writable


def entry_access(
    request: HttpRequest,
    unit: str,
    period: str,
    *,
    need: Literal["view", "texts", "figures"] = "texts",
    denied: str = "",
) -> EntryAccess:
    """The unit period at the URL: 404 when the user can't see it, 403 when they may see
    it but lack ``need`` (``denied`` says why)."""
    unit_period = unit_period_for(
        user=request.user, unit_slug=unit, period_key=period, action=Action.VIEW
    )
    access = EntryAccess.of(request.user, unit_period)
    if (need == "texts" and not access.texts) or (need == "figures" and not access.figures):
        raise PermissionDenied(denied or _("Du kan läsa men inte registrera för den här enheten."))
    return access


# ------------------------------------------------------------------------- the row state


@dataclass
class EntryRow[F: forms.BaseForm, D]:
    """A row of an entry page: what it shows, its form, and how its last save went."""

    anchor: str  # the row's element id: the htmx target and the no-JS #fragment
    data: D  # the stored row and what is shown beside the form (derived values, …)
    form: F
    conflict: StaleVersion | None = None  # a refused stale save: who saved, and their row
    their: F | None = None  # their values, read-only, for rows that show them as a form
    error: str = ""  # a refused save's message
    saved: bool = False
    # False when the user may not type here now (e.g. a staff month closed by another
    # period): a refused save then shows the stored values, not the input.
    editable: bool = True


def replaced[F: forms.BaseForm, D](
    rows: Iterable[EntryRow[F, D]], row: EntryRow[F, D] | None
) -> list[EntryRow[F, D]]:
    """The page's rows with ``row`` in its place (the whole page after a no-JS error)."""
    if row is None:
        return list(rows)
    return [row if r.anchor == row.anchor else r for r in rows]


def row_renderer[F: forms.BaseForm, D](
    request: HttpRequest, template: str, access: EntryAccess, *, name: str = "item"
) -> Callable[[EntryRow[F, D], int], HttpResponse]:
    """``render_row`` for a row partial that needs only the unit period, the access and
    the row (as ``name``)."""

    def render_row(shown: EntryRow[F, D], status: int) -> HttpResponse:
        context = {"up": access.unit_period, "access": access, name: shown}
        return render(request, template, context, status=status)

    return render_row


# ---------------------------------------------------------------------- the row protocol


class RowForm(Protocol):
    """A row's form: its changes, and the version of the row it was loaded with."""

    cleaned_data: dict[str, Any]

    def changes(self) -> dict[str, Any]: ...


def save_with(
    request: HttpRequest, access: EntryAccess, service: Callable[..., object], **target: object
) -> Callable[[RowForm], object]:
    """``save`` for a row service called the usual way: by the user, for the unit period,
    with the form's changes and version, through the web; ``target`` names the row."""

    def save(form: RowForm) -> object:
        return service(
            actor=request.user,
            unit_period=access.unit_period,
            changes=form.changes(),
            expected_version=form.cleaned_data["version"],
            via=Via.WEB,
            **target,
        )

    return save


def save_row[F: forms.BaseForm, D](
    request: HttpRequest,
    *,
    row: Callable[[], EntryRow[F, D]],
    form: Callable[[QueryDict], F],
    save: Callable[[F], object],
    render_row: Callable[[EntryRow[F, D], int], HttpResponse],
    render_page: Callable[[EntryRow[F, D], int], HttpResponse],
    page_url: str,
    label: str,
    their: Callable[[models.Model], F] | None = None,
) -> HttpResponse:
    """GET: the row as stored ("Behåll deras värde"). POST: save it, answer as above.

    ``row()`` reads the row as stored; it is read after every save, saved or refused,
    so what the row shows beside the form is what is stored now. ``form(request.POST)``
    is the row's bound form and ``save`` calls the service with it once it is valid.
    ``their`` builds the read-only form of their values after a conflict. ``label``
    names the row in "Sparat: …"; ``page_url`` is the page the row sits on.
    """
    if request.method != "POST":
        return render_row(row(), 200)
    posted = form(request.POST)
    if not posted.is_valid():
        status, shown = 422, replace(row(), form=posted)
    else:
        try:
            save(posted)
        except DomainError as error:
            status, shown = error_status(error), _refused(row(), posted, error, their)
        else:
            status, shown = 200, replace(row(), saved=True)
    if request.htmx:  # type: ignore[attr-defined]
        return render_row(shown, status)
    if status == 200:
        messages.success(request, _("Sparat: %(name)s.") % {"name": label})
        return redirect(f"{page_url}#{shown.anchor}")
    # Without JavaScript the whole page comes back, this row with what went wrong.
    return render_page(shown, status)


def _refused[F: forms.BaseForm, D](
    fresh: EntryRow[F, D],
    posted: F,
    error: DomainError,
    their: Callable[[models.Model], F] | None,
) -> EntryRow[F, D]:
    """The row as stored now, keeping the user's input (no lost work) unless the row
    can no longer be written and so shows what is stored."""
    if isinstance(error, StaleVersion):
        theirs = their(error.current) if their is not None else None
        return replace(fresh, form=posted, conflict=error, their=theirs)
    if not fresh.editable:
        return replace(fresh, error=error.message)
    return replace(fresh, form=posted, error=error.message)
