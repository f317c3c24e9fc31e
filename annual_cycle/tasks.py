"""Background work of the annual cycle (Django Tasks). The ``send_reminders`` command
is what a scheduler runs; this task lets a worker do the same (e.g. from a periodic
enqueue), with the date as an ISO string since task arguments must be plain values."""

from __future__ import annotations

import datetime

from django.tasks import task
from django.utils import timezone


@task
def send_reminders(*, today: str | None = None) -> int:
    """Send the reminders of ``today`` (default: the local date); returns how many went out."""
    from annual_cycle.services import Outcome, reminders_send

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return sum(d.outcome == Outcome.SENT for d in reminders_send(today=day))
