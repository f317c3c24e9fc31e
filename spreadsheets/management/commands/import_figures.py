"""Import a filled-in Excel file; the unit period is read from the file.

python manage.py import_figures f.xlsx --user controller
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from scorecards.models import Action, UnitPeriod
from spreadsheets.importers import FileRefused, file_unit_period, unit_period_import


class Command(BaseCommand):
    help = (
        "Importerar en Excel-fil som exporterats från Styrkort till enheten och perioden "
        "som filen anger. Alla värden sparas eller inget; varje fel skrivs ut."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="den ifyllda .xlsx-filen")
        parser.add_argument(
            "--user", required=True, help="användarnamn: behörighet och ändringshistorik"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Användaren {options['user']} finns inte.")
        try:
            content = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(f"Filen kunde inte läsas: {error}") from error
        try:
            unit_slug, period_key = file_unit_period(content)
        except FileRefused as error:
            raise CommandError(error.message) from error
        unit_period = (
            UnitPeriod.objects.for_user(user, Action.VIEW)
            .filter(unit__slug=unit_slug, period__key=period_key)
            .first()
        )
        if unit_period is None:
            raise CommandError(
                f"Enheten {unit_slug} med perioden {period_key} hittades inte. Inget sparades."
            )
        result = unit_period_import(user=user, unit_period=unit_period, content=content)
        if not result.ok:
            for problem in result.errors:
                self.stderr.write(str(problem))
            raise CommandError(f"Importen avvisades: {len(result.errors)} fel. Inget sparades.")
        for sheet, changed in result.changed.items():
            self.stdout.write(f"{sheet}: {changed} värden ändrade")
        self.stdout.write(
            self.style.SUCCESS(f"Sparat: {result.total} värden ändrade i {unit_slug} {period_key}.")
        )
