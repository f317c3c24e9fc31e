"""python manage.py build_report --unit U --period P [--output x.pdf] [--html x.html] [--check]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.builder import report_data
from reports.pdf import final_html, report_pdf
from reports.review import Finding, review
from scorecards.models import UnitPeriod


class Command(BaseCommand):
    help = "Bygger rapporten (delårsrapport eller årsrapport) för en enhet och period som PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Enhetens kortnamn, t.ex. lansteknik")
        parser.add_argument(
            "--period", required=True, help="Periodnyckel, t.ex. 2019 eller 2021-T1"
        )
        parser.add_argument("--output", help="Filen som PDF:en skrivs till")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Skriver Granskningens lista: tal i texterna som inte finns bland "
            "rapportens siffror, hänvisningar till diagram och tabeller som saknas, "
            "kommentarer som säger emot utvecklingen",
        )
        parser.add_argument(
            "--html", help="Skriver också den HTML som WeasyPrint får till denna fil"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # An operator's command: the same function the report page's task calls.
        if not (options["output"] or options["html"] or options["check"]):
            raise CommandError("Ange --output, --html eller --check.")
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
        if options["check"]:
            self.write_review(review(data))
        if options["output"]:
            content = report_pdf(data)
            Path(options["output"]).write_bytes(content)
            self.stdout.write(f"Skrev {options['output']} ({len(content) // 1024} kB).")

    def write_review(self, findings: list[Finding]) -> None:
        for finding in findings:
            self.stdout.write(f"{finding.where}: {finding.message}\n    »{finding.excerpt}«")
        self.stdout.write(f"Granskning: {len(findings)} att se över.")
