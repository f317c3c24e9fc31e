"""``manage.py send_reminders``: e-mail today's årshjul reminders (run daily by a scheduler).

Each reminder goes out once per user, unit period and deadline; ``--dry-run`` shows what
would be sent without sending or recording anything. The exit code is 1 when an e-mail
could not be sent (those are not recorded, so the next run tries again).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from annual_cycle import services
from scorecards.models import Organisation


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today {value!r}: skriv datumet som ÅÅÅÅ-MM-DD.") from error


class Command(BaseCommand):
    help = "Skickar årshjulets påminnelser per e-post (en gång per person, period och frist)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vad som skulle skickas; skicka inget."
        )
        parser.add_argument("--today", help="Räkna som om det vore detta datum (ÅÅÅÅ-MM-DD).")
        parser.add_argument("--organisation", help="Bara denna organisation (kortnamn).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"Organisationen {options['organisation']!r} finns inte.")
        dry_run = options["dry_run"]
        deliveries = services.reminders_send(
            today=today, dry_run=dry_run, organisation=organisation
        )
        labels = {
            services.Outcome.SENT: "Skickad",
            services.Outcome.WOULD_SEND: "Skulle skickas",
            services.Outcome.NO_EMAIL: "Hoppas över (saknar e-postadress)",
            services.Outcome.ALREADY_SENT: "Redan skickad av en annan körning",
            services.Outcome.FAILED: "Misslyckades",
        }
        for delivery in deliveries:
            r = delivery.reminder
            late = " (försenad)" if r.overdue else ""
            line = (
                f"{labels[delivery.outcome]}: {r.user.get_username()} <{r.email or '–'}> – "
                f"{r.unit.name} {r.unit_period.period.label} – {r.deadline.title}, "
                f"{r.deadline.get_step_display().lower()} {r.date.isoformat()}{late}"
            )
            if delivery.error:
                line += f": {delivery.error}"
            style = self.style.ERROR if delivery.outcome == services.Outcome.FAILED else str
            self.stdout.write(style(line))
        count = {o: sum(d.outcome == o for d in deliveries) for o in labels}
        if dry_run:
            self.stdout.write(
                f"Provkörning {today.isoformat()}: {count[services.Outcome.WOULD_SEND]} "
                "påminnelser skulle skickas; inget skickat eller sparat."
            )
        else:
            self.stdout.write(
                f"Påminnelser {today.isoformat()}: {count[services.Outcome.SENT]} skickade, "
                f"{count[services.Outcome.NO_EMAIL]} utan e-postadress, "
                f"{count[services.Outcome.FAILED]} misslyckade."
            )
        if count[services.Outcome.FAILED]:
            raise CommandError(
                f"{count[services.Outcome.FAILED]} påminnelser kunde inte skickas; "
                "de försöks igen vid nästa körning."
            )
