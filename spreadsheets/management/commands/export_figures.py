"""Export a unit period to Excel: the same file as the Excel page gives.

python manage.py export_figures --unit lansteknik --period 2019-T1 --output f.xlsx [--user admin]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from scorecards.models import Action, UnitPeriod
from spreadsheets.exporters import unit_period_export


class Command(BaseCommand):
    help = (
        "Exporterar en enhets period till Excel (.xlsx), samma fil som sidan Excel ger. "
        "Med --user gäller användarens behörighet; utan körs den som serverns operatör."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="enhetens kortnamn, t.ex. lansteknik")
        parser.add_argument("--period", required=True, help="periodens nyckel, t.ex. 2019-T1")
        parser.add_argument("--output", help="filen att skriva (standard: filens eget namn)")
        parser.add_argument("--user", help="användarnamn vars behörighet gäller")

    def handle(self, *args: Any, **options: Any) -> None:
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Användaren {options['user']} finns inte.")
        candidates = (
            UnitPeriod.objects.for_user(user, Action.VIEW)
            if user is not None
            else UnitPeriod.objects.all()
        )
        unit_period = candidates.filter(
            unit__slug=options["unit"], period__key=options["period"]
        ).first()
        if unit_period is None:
            raise CommandError(
                f"Enheten {options['unit']} med perioden {options['period']} hittades inte."
            )
        try:
            filename, _content_type, content = unit_period_export(
                user=user, unit_period=unit_period
            )
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        path = Path(options["output"] or filename)
        path.write_bytes(content)
        self.stdout.write(f"Skrev {path} ({len(content) // 1024 or 1} kB).")
