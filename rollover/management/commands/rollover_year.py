"""``manage.py rollover_year --organisation region-norrbotten --to 2022 [--dry-run]``.

Prints the plan (what is copied from the year before ``--to``), then creates the year
through the same service as the page. ``--dry-run`` prints the plan and writes nothing.
A rollover that can't run (already done, source year missing, target year already set
up) ends with a CommandError and a non-zero exit status.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from rollover.services import RolloverPlan, RolloverRefused, rollover_plan, rollover_run
from scorecards.models import Organisation
from scorecards.services import Via


class Command(BaseCommand):
    help = "Skapar nästa verksamhetsår genom att kopiera styrmodellen från året före."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--organisation", required=True, help="Organisationens kortnamn (slug)."
        )
        parser.add_argument("--to", type=int, required=True, help="Året som ska skapas.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa bara planen; ingenting skapas."
        )
        parser.add_argument(
            "--user", default="", help="Användarnamn som står som den som skapade året."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["organisation"]
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(f"Organisationen ”{slug}” finns inte.")
        actor = None
        if options["user"]:
            user_model = get_user_model()
            actor = user_model._default_manager.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Användaren ”{options['user']}” finns inte.")

        plan = rollover_plan(organisation=organisation, to_year=options["to"])
        if not plan.can_run:
            raise CommandError(plan.refusal)
        self._print(plan)
        if options["dry_run"]:
            self.stdout.write("Provkörning (--dry-run): ingenting har skapats.")
            return
        try:
            record = rollover_run(
                actor=actor, organisation=organisation, to_year=plan.to_year, via=Via.COMMAND
            )
        except RolloverRefused as refused:
            raise CommandError(refused.message) from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Verksamhetsår {record.to_year} är skapat för {organisation.name} "
                f"från {record.from_year}."
            )
        )

    def _print(self, plan: RolloverPlan) -> None:
        write = self.stdout.write
        write(f"Nytt verksamhetsår för {plan.organisation.name}: {plan.from_year} → {plan.to_year}")
        for section in plan.sections:
            write(f"  {section.label}: {section.count}")
            for item in section.items:
                write(f"    - {item}")
        for section in plan.left_behind:
            if section.count:
                write(f"  {section.label}: {section.count}")
                for item in section.items:
                    write(f"    - {item}")
