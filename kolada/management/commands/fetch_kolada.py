"""``python manage.py fetch_kolada --year 2020 [--from-file FILE] [--organisation SLUG]``:
Kolada's values of the linked KPIs for the organisations and their peer groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kolada import client, services


class Command(BaseCommand):
    help = (
        "Hämtar Kolada-värden för styrmåttens nyckeltal, för organisationen och dess "
        "jämförelsegrupp (eller läser ett sparat svar med --from-file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, help="år, t.ex. 2020 (utan: alla år i filen, med --from-file)"
        )
        parser.add_argument("--from-file", type=Path, help="ett sparat svar från Kolada (JSON)")
        parser.add_argument("--organisation", help="bara den här organisationen (kortnamn)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["year"] is None and not options["from_file"]:
            raise CommandError("Ange --year (eller --from-file med ett sparat svar).")
        wanted = services.wanted(organisation_slug=options["organisation"])
        if not wanted.kpis or not wanted.area_ids:
            raise CommandError(
                "Inga nyckeltal eller Kolada-id att hämta: ange Kolada-id, jämförelsegrupp "
                "och nyckeltal för styrmåtten i administrationen (Kolada)."
            )
        try:
            if options["from_file"]:
                values = client.read_file(options["from_file"])
            else:
                values = client.fetch(
                    kpis=wanted.kpis, area_ids=wanted.area_ids, year=options["year"]
                )
        except client.KoladaError as error:
            raise CommandError(f"Kolada kunde inte läsas: {error}") from error
        if options["year"] is not None:
            values = [v for v in values if v.year == options["year"]]
        created, changed = services.values_store(values=values, only=wanted)
        years = ", ".join(str(y) for y in sorted({v.year for v in values})) or "–"
        self.stdout.write(
            f"Kolada {years}: {created} nya och {changed} ändrade värden "
            f"({len(wanted.kpis)} nyckeltal, {len(wanted.area_ids)} kommuner/regioner)."
        )
