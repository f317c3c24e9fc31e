"""python manage.py build_report --unit lansteknik --period 2019 --output x.pdf [--html x.html]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.builder import report_data
from reports.pdf import final_html, report_pdf
from scorecards.models import UnitPeriod


class Command(BaseCommand):
    help = "Bygger rapporten (delårsrapport eller årsrapport) för en enhet och period som PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Enhetens kortnamn, t.ex. lansteknik")
        parser.add_argument(
            "--period", required=True, help="Periodnyckel, t.ex. 2019 eller 2021-T1"
        )
        parser.add_argument("--output", required=True, help="Filen som PDF:en skrivs till")
        parser.add_argument(
            "--html", help="Skriver också den HTML som WeasyPrint får till denna fil"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # An operator's command: the same function the report page's task calls.
        try:
            unit_period = UnitPeriod.objects.select_related(
                "unit__organisation", "period__year"
            ).get(unit__slug=options["unit"], period__key=options["period"])
        except UnitPeriod.DoesNotExist as error:
            raise CommandError(
                f"Ingen period {options['period']} för enheten {options['unit']}."
            ) from error
        data = report_data(unit_period=unit_period)
        if options["html"]:
            # Exactly what report_pdf renders, for checks and debugging.
            Path(options["html"]).write_text(final_html(data), encoding="utf-8")
            self.stdout.write(f"Skrev {options['html']}.")
        content = report_pdf(data)
        Path(options["output"]).write_bytes(content)
        self.stdout.write(f"Skrev {options['output']} ({len(content) // 1024} kB).")
