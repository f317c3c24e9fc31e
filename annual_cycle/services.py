"""Writes of the annual cycle: the deadline rules (an administrator's), the default
Swedish årshjul, and sending the reminders.

A reminder is recorded (``ReminderSent``, unique per user, unit period and deadline)
in the same transaction as the e-mail is handed to the mail backend: when sending
fails the record is rolled back and the next run tries again; when two runs overlap,
the unique constraint lets only one of them send.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from annual_cycle import rules, selectors
from annual_cycle.models import Deadline, ReminderSent, Step
from scorecards.errors import NotAllowed, fields_check
from scorecards.models import Action, Organisation, Period
from scorecards.selectors import organisation_allows
from scorecards.services import EntryError, Via

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser

DEADLINE_FIELDS = frozenset(
    {"title", "period_kind", "step", "month", "day", "year_offset", "remind_days_before", "order"}
)

# Without SITE_URL in the settings, links in e-mails point at the development server.
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


# ------------------------------------------------------------------------ the rules


def _admin_check(actor: User | None, organisation: Organisation) -> None:
    """Only an administrator edits an årshjul (``actor=None``: a command, e.g. loaddemo)."""
    if actor is not None and not organisation_allows(
        user=actor, organisation=organisation, action=Action.ADMIN
    ):
        raise NotAllowed(_("Bara en administratör kan ändra årshjulet."))


def _save(deadline: Deadline, *, actor: User | None, via: str) -> Deadline:
    try:
        deadline.full_clean()
    except ValidationError as error:
        raise EntryError(" ".join(error.messages)) from error
    deadline._change_reason = via  # type: ignore[attr-defined]
    if actor is not None:
        deadline._history_user = actor  # type: ignore[attr-defined]
    deadline.save()
    return deadline


def _values(values: Mapping[str, Any]) -> dict[str, Any]:
    fields_check(values, DEADLINE_FIELDS)
    cleaned = dict(values)
    if cleaned.get("step") == Step.EVENT and cleaned.get("period_kind") is None:
        cleaned["period_kind"] = ""
    return cleaned


def deadline_create(
    *,
    actor: User | None,
    organisation: Organisation,
    values: Mapping[str, Any],
    via: str = Via.WEB,
) -> Deadline:
    """A new deadline rule in the organisation's årshjul."""
    _admin_check(actor, organisation)
    with transaction.atomic():
        deadline = Deadline(organisation=organisation, **_values(values))
        return _save(deadline, actor=actor, via=via)


def deadline_update(
    *, actor: User | None, deadline: Deadline, values: Mapping[str, Any], via: str = Via.WEB
) -> Deadline:
    """Change a deadline rule; the dates of every year follow (moved dates stay moved)."""
    _admin_check(actor, deadline.organisation)
    with transaction.atomic():
        current = Deadline.objects.select_for_update().get(pk=deadline.pk)
        for name, value in _values(values).items():
            setattr(current, name, value)
        return _save(current, actor=actor, via=via)


def deadline_delete(*, actor: User | None, deadline: Deadline, via: str = Via.WEB) -> None:
    """Remove a deadline rule (its history stays; reminders sent about it go with it)."""
    _admin_check(actor, deadline.organisation)
    with transaction.atomic():
        deadline._change_reason = via  # type: ignore[attr-defined]
        if actor is not None:
            deadline._history_user = actor  # type: ignore[attr-defined]
        deadline.delete()


@dataclass(frozen=True)
class DefaultDeadline:
    title: str
    period_kind: str
    step: str
    month: int
    day: int
    year_offset: int = 0


def _default_cycle(body: str) -> list[DefaultDeadline]:
    """A Swedish årshjul: delårsrapport 1 (per april) in May–June, delårsrapport 2 (per
    augusti) in September–October, the årsrapport of the year before in February–March,
    verksamhetsplan and internkontrollplan for the next year in December. ``body`` is the
    organisation's deciding body ("regionstyrelsen", "nämnden") that treats the reports."""
    t1, t2, year = Period.Kind.T1, Period.Kind.T2, Period.Kind.YEAR
    interim_1, interim_2 = _("Delårsrapport 1"), _("Delårsrapport 2")
    annual = _("Årsrapport (verksamhetsberättelse)")
    return [
        DefaultDeadline(annual, year, Step.ENTRY, 2, 7, 1),
        DefaultDeadline(annual, year, Step.SUBMISSION, 2, 14, 1),
        DefaultDeadline(annual, year, Step.APPROVAL, 2, 28, 1),
        DefaultDeadline(
            _("Årsredovisningen behandlas i %(body)s") % {"body": body}, year, Step.EVENT, 3, 23, 1
        ),
        DefaultDeadline(interim_1, t1, Step.ENTRY, 5, 10),
        DefaultDeadline(interim_1, t1, Step.SUBMISSION, 5, 17),
        DefaultDeadline(interim_1, t1, Step.APPROVAL, 5, 28),
        DefaultDeadline(
            _("Delårsrapport 1 behandlas i %(body)s") % {"body": body}, t1, Step.EVENT, 6, 16
        ),
        DefaultDeadline(interim_2, t2, Step.ENTRY, 9, 13),
        DefaultDeadline(interim_2, t2, Step.SUBMISSION, 9, 20),
        DefaultDeadline(interim_2, t2, Step.APPROVAL, 9, 30),
        DefaultDeadline(
            _("Delårsrapport 2 behandlas i %(body)s") % {"body": body}, t2, Step.EVENT, 10, 20
        ),
        DefaultDeadline(
            _("Verksamhetsplan och internkontrollplan för nästa år fastställs"),
            "",
            Step.EVENT,
            12,
            15,
        ),
    ]


def deadlines_create_default(
    *, organisation: Organisation, actor: User | None = None, via: str = Via.WEB
) -> list[Deadline]:
    """The default Swedish årshjul for an organisation that has none yet."""
    _admin_check(actor, organisation)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if Deadline.objects.filter(organisation=organisation).exists():
            raise EntryError(_("Organisationen har redan ett årshjul."))
        return [
            _save(
                Deadline(
                    organisation=organisation,
                    title=item.title,
                    period_kind=item.period_kind,
                    step=item.step,
                    month=item.month,
                    day=item.day,
                    year_offset=item.year_offset,
                    order=order,
                ),
                actor=actor,
                via=via,
            )
            for order, item in enumerate(_default_cycle(organisation.terms.deciding_body), start=1)
        ]


# -------------------------------------------------------------------------- reminders


class Outcome:
    SENT = "sent"
    WOULD_SEND = "would_send"
    NO_EMAIL = "no_email"
    FAILED = "failed"
    ALREADY_SENT = "already_sent"  # by a run overlapping this one


@dataclass(frozen=True)
class Delivery:
    """What became of one reminder in a run."""

    reminder: selectors.Reminder
    outcome: str
    error: str = ""


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")


def reminder_message(reminder: selectors.Reminder) -> tuple[str, str]:
    """Subject and body of a reminder e-mail, in Swedish, linking to the entry page."""
    up = reminder.unit_period
    link = site_url() + reverse(
        "scorecards:entry", kwargs={"unit": up.unit.slug, "period": up.period.key}
    )
    values = {
        "title": reminder.deadline.title,
        "step": rules.STEP_NOUNS[reminder.deadline.step][0],
        "the_step": rules.STEP_NOUNS[reminder.deadline.step][1],
        "unit": up.unit.name,
        "period": up.period.label,
        "date": reminder.date_label,
        "status": up.get_status_display().lower(),
        "name": reminder.user.get_full_name() or reminder.user.get_username(),  # type: ignore[attr-defined]
        "link": link,
    }
    if reminder.overdue:
        subject = _("Försenad %(step)s: %(title)s – %(unit)s %(period)s") % values
        lead = _(
            "Fristen för %(the_step)s av %(title)s för %(unit)s, %(period)s, var %(date)s. "
            "Perioden är fortfarande %(status)s."
        )
    else:
        subject = (
            _("Påminnelse om %(step)s: %(title)s senast %(date)s – %(unit)s %(period)s") % values
        )
        lead = _(
            "Fristen för %(the_step)s av %(title)s för %(unit)s, %(period)s, är %(date)s. "
            "Perioden är %(status)s."
        )
    # The manager's word with the last Godkänn / Skicka tillbaka: what to change.
    review = (
        [_("Chefens kommentar: %(comment)s") % {"comment": up.review_comment.strip()}]
        if up.review_comment.strip()
        else []
    )
    body = "\n\n".join(
        [
            _("Hej %(name)s,") % values,
            lead % values,
            *review,
            _("Gå till perioden: %(link)s") % values,
            _(
                "Du får det här meddelandet en gång per frist eftersom du är controller "
                "eller chef för enheten i Styrkort."
            ),
        ]
    )
    return subject, body + "\n"


def reminders_send(
    *,
    today: datetime.date,
    dry_run: bool = False,
    organisation: Organisation | None = None,
) -> list[Delivery]:
    """Send today's reminders that have not been sent; ``dry_run`` sends and records
    nothing. Users without an e-mail address are skipped (and reminded once they have
    one, as long as the window is open)."""
    deliveries = []
    for reminder in selectors.reminders_due(today=today, organisation=organisation):
        if reminder.sent_at is not None:
            continue
        if not reminder.email:
            deliveries.append(Delivery(reminder, Outcome.NO_EMAIL))
            continue
        if dry_run:
            deliveries.append(Delivery(reminder, Outcome.WOULD_SEND))
            continue
        deliveries.append(_send_one(reminder))
    return deliveries


def _send_one(reminder: selectors.Reminder) -> Delivery:
    subject, body = reminder_message(reminder)
    try:
        with transaction.atomic():
            _record, created = ReminderSent.objects.get_or_create(
                user_id=reminder.user.pk,
                unit_period=reminder.unit_period,
                deadline=reminder.deadline,
                defaults={"due_on": reminder.date, "email": reminder.email},
            )
            if not created:  # another run got there first
                return Delivery(reminder, Outcome.ALREADY_SENT)
            EmailMessage(subject, body, None, [reminder.email]).send()
    except (OSError, ValueError) as error:  # smtplib's errors are OSErrors
        return Delivery(reminder, Outcome.FAILED, error=str(error))
    return Delivery(reminder, Outcome.SENT)
